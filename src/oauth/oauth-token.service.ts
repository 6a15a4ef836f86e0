import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, Repository } from 'typeorm';
import { AuthorizationGrant, RequestAuthorizer } from '../atlassian/atlassian-http.factory';
import { HubError, HubErrorCode } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { ConnectionEntity } from '../connections/connection.entity';
import { CredentialsService } from '../credentials/credentials.service';
import { SecretBox } from '../crypto/secret-box';
import { UnitOfWork } from '../database/unit-of-work';
import { MetricsService, TokenRefreshOutcome } from '../metrics/metrics.service';
import { ConnectionGrantEntity } from './connection-grant.entity';
import {
  RENEW_BEFORE_EXPIRY_MS,
  SingleFlightRenewal,
  takeRenewalLease,
} from './single-flight-renewal';
import {
  GrantedSite,
  OAUTH_GRANTS_TABLE,
  OAuthGrantEntity,
  OAuthGrantStatus,
} from './oauth-grant.entity';
import {
  TOKEN_ENDPOINT_TIMEOUT_MS,
  TokenEndpointClient,
  TokenEndpointError,
  TokenEndpointFailure,
  TokenSet,
} from './token-endpoint.client';

// Longer than two token-endpoint calls (a lost answer is asked again once) and the write after
// them, so a lease never runs out under a refresh still going.
const LEASE_MS = 2 * TOKEN_ENDPOINT_TIMEOUT_MS + 15_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Atlassian ends every OAuth 2.0 (3LO) grant this many days after the consent that created it,
 * whatever its refreshes: the refresh token then stops working and only a new consent helps.
 */
export const CONSENT_LIFETIME_DAYS = 365;

export type OAuthStatus =
  'not_authorized' | 'authorized' | 'scopes_changed' | 'reauthorization_required';

export interface OAuthStatusView {
  status: OAuthStatus;
  expiresAt: string | null;
  grantedScopes: string[];
  lastRefreshedAt: string | null;
  lastError: string | null;
  /** When the consent that created the grant was given (the callback). */
  consentedAt: string | null;
  /** CONSENT_LIFETIME_DAYS after consentedAt: Save and Get OAuth Token is needed by then. */
  reconsentBy: string | null;
}

/** What a connection needs for its token: its id, and its name for messages. */
export type OAuthConnectionRef = Pick<ConnectionEntity, 'id' | 'name'>;

/**
 * Access tokens for OAuth connections, and their refresh: at most one refresh per expiry, however
 * many requests need the token at once. In one process, concurrent callers share one promise; across
 * hub instances, a lease taken by compare-and-swap on the grant's version decides who calls the
 * token endpoint, and the others re-read the grant until the new token is there. No transaction is
 * held open across the call to the token endpoint (SQLite has one writer).
 */
@Injectable()
export class OAuthTokenService {
  private readonly logger = new Logger('OAuthTokens');
  private readonly instanceId = randomUUID();
  private readonly renewal = new SingleFlightRenewal<OAuthGrantEntity>({
    waitLimitMs: LEASE_MS + TOKEN_ENDPOINT_TIMEOUT_MS,
    renewing: 'refresh the OAuth token',
    renewingGerund: 'refreshing the OAuth token',
    log: (message) => this.logger.debug(message),
  });
  // The Authorization header of each grant's current token version: decrypted once, not per request.
  private readonly headers = new Map<string, { version: number; header: string }>();

  constructor(
    @InjectRepository(OAuthGrantEntity) private readonly grants: Repository<OAuthGrantEntity>,
    @InjectRepository(ConnectionGrantEntity)
    private readonly links: Repository<ConnectionGrantEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly secretBox: SecretBox,
    private readonly credentials: CredentialsService,
    private readonly tokenEndpoint: TokenEndpointClient,
    private readonly config: HubConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** What an OAuth connection's HTTP client asks for the Authorization of each request. */
  authorizerFor(connection: OAuthConnectionRef): RequestAuthorizer {
    return {
      authorization: () => this.currentAuthorization(connection),
      afterUnauthorized: (rejected) => this.authorizationAfterRejection(connection, rejected),
    };
  }

  /** A valid access token: the stored one, or a new one when it expires within a minute. */
  private async currentAuthorization(connection: OAuthConnectionRef): Promise<AuthorizationGrant> {
    const grant = await this.usable(await this.grantOf(connection.id), connection);
    if (!expiresSoon(grant)) return this.authorizationOf(grant);
    return this.authorizationOf(await this.refreshOnce(connection, grant.id, expiresSoon));
  }

  /**
   * Atlassian refused a token the hub believed valid: refresh once, unless someone already has.
   * Undefined when there is nothing newer to try.
   */
  private async authorizationAfterRejection(
    connection: OAuthConnectionRef,
    rejected: AuthorizationGrant,
  ): Promise<AuthorizationGrant | undefined> {
    const grant = await this.usable(await this.grantOf(connection.id), connection);
    const fresh = await this.refreshOnce(
      connection,
      grant.id,
      (current) => current.version === rejected.version,
    );
    return fresh.version === rejected.version ? undefined : this.authorizationOf(fresh);
  }

  /**
   * Keep-alive: Atlassian revokes a refresh token unused for 90 days, so every grant in use that
   * was not refreshed for HUB_OAUTH_KEEPALIVE_DAYS is refreshed now.
   */
  async refreshIdleGrants(now = new Date()): Promise<{ refreshed: number; failed: number }> {
    const idleBefore = new Date(now.getTime() - this.config.oauthKeepAliveDays * DAY_MS);
    const isIdle = (grant: OAuthGrantEntity) =>
      (grant.lastRefreshedAt ?? grant.authorizedAt).getTime() < idleBefore.getTime();
    // Only the columns the idleness test needs: not every grant's encrypted tokens at once.
    const authorized = await this.grants.find({
      select: { id: true, lastRefreshedAt: true, authorizedAt: true, version: true },
      where: { status: OAuthGrantStatus.Authorized },
    });
    // A grant whose consent has ended cannot be refreshed: it is marked, not tried.
    for (const grant of authorized.filter((candidate) => consentEnded(candidate, now))) {
      await this.endConsent(grant);
    }
    const idle = authorized.filter((grant) => !consentEnded(grant, now) && isIdle(grant));
    let refreshed = 0;
    let failed = 0;
    for (const grant of idle) {
      const link = await this.links.findOneBy({ grantId: grant.id });
      const connection = link && (await this.connections.findOneBy({ id: link.connectionId }));
      if (!connection) continue; // no connection uses it any more
      try {
        await this.refreshOnce(connection, grant.id, isIdle);
        refreshed++;
      } catch (error) {
        failed++;
        this.logger.warn(
          `Keep-alive refresh of the OAuth grant of connection "${connection.name}" failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return { refreshed, failed };
  }

  /** The `oauth` block of connection answers, for the OAuth connections among `connections`. */
  async statusesOf(
    connections: Array<Pick<ConnectionEntity, 'id' | 'scopes'>>,
  ): Promise<Map<string, OAuthStatusView>> {
    const ids = connections.map((connection) => connection.id);
    const links = ids.length ? await this.links.findBy({ connectionId: In(ids) }) : [];
    const grantIds = [...new Set(links.map((link) => link.grantId))];
    const grants = grantIds.length ? await this.grants.findBy({ id: In(grantIds) }) : [];
    const grantById = new Map(grants.map((grant) => [grant.id, grant]));
    const grantByConnection = new Map(links.map((link) => [link.connectionId, link.grantId]));
    const statuses = new Map<string, OAuthStatusView>();
    const now = new Date();
    for (const connection of connections) {
      const grant = grantById.get(grantByConnection.get(connection.id) ?? '');
      statuses.set(connection.id, grant ? statusOf(grant, connection.scopes, now) : NOT_AUTHORIZED);
    }
    return statuses;
  }

  /**
   * Stores the tokens of a new grant for these connections (in the caller's transaction), replacing
   * whatever grant they had: the old one stays with any other connection still using it.
   */
  async storeNewGrant(
    manager: EntityManager,
    grant: {
      credentialId: string;
      tokens: TokenSet;
      sites: GrantedSite[];
      authorizedBy: string;
      connectionIds: string[];
    },
  ): Promise<void> {
    const now = new Date();
    const entity = manager.create(OAuthGrantEntity, {
      id: randomUUID(),
      credentialId: grant.credentialId,
      status: OAuthGrantStatus.Authorized,
      accessTokenCiphertext: null,
      refreshTokenCiphertext: null,
      expiresAt: new Date(now.getTime() + grant.tokens.expiresInSeconds * 1000),
      grantedScopes: grant.tokens.scopes,
      sites: grant.sites,
      version: 1,
      refreshLeaseOwner: null,
      refreshLeaseUntil: null,
      refreshInDoubtSince: null,
      authorizedAt: now,
      authorizedBy: grant.authorizedBy.slice(0, 200),
      lastRefreshedAt: null,
      lastError: null,
    });
    this.encryptTokens(entity, grant.tokens);
    await manager.insert(OAuthGrantEntity, entity);
    await this.linkConnections(manager, entity.id, grant.connectionIds);
  }

  /** Lets more connections sign in with the grant `connectionId` uses (one consent, several sites). */
  async shareGrant(
    manager: EntityManager,
    connectionId: string,
    connectionIds: string[],
  ): Promise<OAuthGrantEntity> {
    const link = await manager.findOneBy(ConnectionGrantEntity, { connectionId });
    const grant = link && (await manager.findOneBy(OAuthGrantEntity, { id: link.grantId }));
    if (!grant) throw notAuthorized(connectionId);
    await this.linkConnections(manager, grant.id, connectionIds);
    return grant;
  }

  /** The grant a connection uses, if any, without its tokens decrypted. */
  async grantOf(connectionId: string): Promise<OAuthGrantEntity | null> {
    return this.grants
      .createQueryBuilder('grant')
      .innerJoin(ConnectionGrantEntity, 'link', 'link.grant_id = grant.id')
      .where('link.connection_id = :connectionId', { connectionId })
      .getOne();
  }

  /** The scopes the connection's grant holds; null when it has none (not authorized yet). */
  async grantedScopesOf(connectionId: string): Promise<string[] | null> {
    return (await this.grantOf(connectionId))?.grantedScopes ?? null;
  }

  /** Drops a connection's link to its grant (e.g. when it moves to another credential). */
  async unlink(manager: EntityManager, connectionId: string): Promise<void> {
    await manager.delete(ConnectionGrantEntity, { connectionId });
    await this.deleteUnusedGrants(manager);
  }

  /**
   * A grant no connection uses any more (its last one deleted, moved to another credential or
   * given a new grant) would keep a live refresh token for nothing: it goes in the same transaction.
   */
  async deleteUnusedGrants(manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .delete()
      .from(OAuthGrantEntity)
      .where('id NOT IN (SELECT grant_id FROM oauth_connection_grants)')
      .execute();
  }

  private async linkConnections(
    manager: EntityManager,
    grantId: string,
    connectionIds: string[],
  ): Promise<void> {
    for (const connectionId of connectionIds) {
      await manager.delete(ConnectionGrantEntity, { connectionId });
      await manager.insert(ConnectionGrantEntity, { connectionId, grantId });
    }
    await this.deleteUnusedGrants(manager);
  }

  /**
   * The grant, if it can still sign requests in. One past its consent's lifetime is marked for
   * re-authorization here, before any refresh is tried: Atlassian would refuse the refresh anyway.
   */
  private async usable(
    grant: OAuthGrantEntity | null,
    connection: OAuthConnectionRef,
  ): Promise<OAuthGrantEntity> {
    if (!grant) throw notAuthorized(`"${connection.name}"`);
    if (grant.status === OAuthGrantStatus.Authorized && consentEnded(grant)) {
      await this.endConsent(grant);
      throw revoked(connection, grant);
    }
    if (grant.status === OAuthGrantStatus.ReauthorizationRequired) {
      throw revoked(connection, grant);
    }
    return grant;
  }

  /**
   * Marks a grant whose consent has ended as needing re-authorization, with the reason. Only if
   * it is still the version read: a grant changed meanwhile was handled by whoever changed it.
   */
  private async endConsent(grant: OAuthGrantEntity): Promise<void> {
    const reason = consentEndedReason(grant.authorizedAt);
    this.logger.warn(`OAuth grant ${grant.id} needs a new authorization: ${reason}`);
    await this.unitOfWork.run((manager) =>
      manager.update(
        OAuthGrantEntity,
        { id: grant.id, version: grant.version, status: OAuthGrantStatus.Authorized },
        {
          status: OAuthGrantStatus.ReauthorizationRequired,
          accessTokenCiphertext: null,
          refreshTokenCiphertext: null,
          version: grant.version + 1,
          refreshLeaseOwner: null,
          refreshLeaseUntil: null,
          lastError: reason,
        },
      ),
    );
  }

  private authorizationOf(grant: OAuthGrantEntity): AuthorizationGrant {
    const known = this.headers.get(grant.id);
    if (known?.version === grant.version) return known;
    const accessToken = grant.accessTokenCiphertext
      ? this.secretBox.decrypt(grant.accessTokenCiphertext, {
          table: OAUTH_GRANTS_TABLE,
          recordId: grant.id,
          field: 'accessToken',
        })
      : '';
    const current = { header: `Bearer ${accessToken}`, version: grant.version };
    this.headers.set(grant.id, current);
    return current;
  }

  /** One refresh per grant per expiry, in this process and across instances. */
  private refreshOnce(
    connection: OAuthConnectionRef,
    grantId: string,
    needsRefresh: (grant: OAuthGrantEntity) => boolean,
  ): Promise<OAuthGrantEntity> {
    return this.renewal.renew(grantId, connection.name, {
      read: async () => this.usable(await this.grants.findOneBy({ id: grantId }), connection),
      needsRenewal: needsRefresh,
      takeLease: (grant) =>
        takeRenewalLease(
          this.unitOfWork,
          OAuthGrantEntity,
          { id: grant.id, version: grant.version, status: OAuthGrantStatus.Authorized },
          this.instanceId,
          LEASE_MS,
        ),
      renewHoldingLease: (grant) => this.countedRefresh(connection, grant),
    });
  }

  /** The refresh this instance makes, counted by outcome for the metrics. */
  private async countedRefresh(
    connection: OAuthConnectionRef,
    grant: OAuthGrantEntity,
  ): Promise<OAuthGrantEntity> {
    try {
      const refreshed = await this.refreshHoldingLease(connection, grant);
      this.metrics.tokenRefreshed('refreshed');
      return refreshed;
    } catch (error) {
      this.metrics.tokenRefreshed(refreshOutcomeOf(error));
      throw error;
    }
  }

  private async refreshHoldingLease(
    connection: OAuthConnectionRef,
    grant: OAuthGrantEntity,
  ): Promise<OAuthGrantEntity> {
    const held = { id: grant.id, version: grant.version, refreshLeaseOwner: this.instanceId };
    // Empty refresh tokens are never stored (encryptTokens), so no ciphertext means none was given.
    if (!grant.refreshTokenCiphertext) {
      await this.requireReauthorization(
        held,
        'The grant has no refresh token: the scopes asked for lack offline_access',
      );
      throw revoked(connection, grant);
    }
    // Set once Atlassian has answered with new tokens: the stored refresh token is spent from then.
    let rotated = false;
    try {
      const { credential, secret } = await this.credentials.revealSecrets(grant.credentialId);
      const refreshToken = this.secretBox.decrypt(grant.refreshTokenCiphertext, {
        table: OAUTH_GRANTS_TABLE,
        recordId: grant.id,
        field: 'refreshToken',
      });
      if (grant.refreshInDoubtSince) {
        this.logger.warn(
          `Refreshing the OAuth token of connection "${connection.name}" again with the stored refresh token: the answer to the last refresh was lost`,
        );
      }
      const tokens = await this.refreshAskingAgainIfLost(connection, {
        tokenUrl: this.credentials.oauthEndpointsOf(credential).tokenUrl,
        clientId: credential.clientId ?? '',
        clientSecret: secret('clientSecret') ?? '',
        refreshToken,
      });
      rotated = true;
      return await this.storeRefreshed(connection, grant, tokens);
    } catch (error) {
      if (error instanceof TokenEndpointError) {
        if (error.oauthError === 'invalid_grant') {
          const doubt = grant.refreshInDoubtSince
            ? ' (after an earlier refresh whose answer was lost)'
            : '';
          await this.requireReauthorization(held, `${error.message}${doubt}`);
          throw revoked(connection, grant);
        }
        await this.releaseLease(held, error.message, error.failure);
        throw new HubError(
          HubErrorCode.UpstreamFailed,
          `Could not refresh the OAuth token of connection "${connection.name}": ${error.message}`,
        );
      }
      // New tokens that could not be stored leave the stored refresh token spent: in doubt.
      await this.releaseLease(
        held,
        undefined,
        rotated ? TokenEndpointFailure.AnswerLost : undefined,
      );
      throw error;
    }
  }

  /**
   * Atlassian keeps a refresh token it has just rotated usable for a short leeway (10 minutes), so
   * that a client whose answer was lost can ask again; past the leeway, reusing it revokes the
   * whole grant. So a lost answer is asked again once, at once, with the same refresh token, while
   * this instance still holds the lease. If that answer is lost too, the grant is left in doubt.
   */
  private async refreshAskingAgainIfLost(
    connection: OAuthConnectionRef,
    request: Parameters<TokenEndpointClient['refresh']>[0],
  ): Promise<TokenSet> {
    try {
      return await this.tokenEndpoint.refresh(request);
    } catch (error) {
      if (!(error instanceof TokenEndpointError)) throw error;
      if (error.failure !== TokenEndpointFailure.AnswerLost) throw error;
      this.logger.warn(
        `The answer to refreshing the OAuth token of connection "${connection.name}" was lost; asking again at once with the same refresh token, within Atlassian's reuse leeway`,
      );
      return this.tokenEndpoint.refresh(request);
    }
  }

  /** New tokens and the retirement of the old refresh token: one conditional update. */
  private async storeRefreshed(
    connection: OAuthConnectionRef,
    grant: OAuthGrantEntity,
    tokens: TokenSet,
  ): Promise<OAuthGrantEntity> {
    const now = new Date();
    const patch = {
      expiresAt: new Date(now.getTime() + tokens.expiresInSeconds * 1000),
      grantedScopes: tokens.scopes.length ? tokens.scopes : grant.grantedScopes,
      version: grant.version + 1,
      refreshLeaseOwner: null,
      refreshLeaseUntil: null,
      refreshInDoubtSince: null,
      lastRefreshedAt: now,
      lastError: null,
    };
    const next = Object.assign(new OAuthGrantEntity(), grant, patch);
    this.encryptTokens(next, tokens);
    const result = await this.unitOfWork.run((manager) =>
      manager.update(
        OAuthGrantEntity,
        { id: grant.id, version: grant.version, refreshLeaseOwner: this.instanceId },
        {
          ...patch,
          accessTokenCiphertext: next.accessTokenCiphertext,
          refreshTokenCiphertext: next.refreshTokenCiphertext,
        },
      ),
    );
    if (result.affected !== 1) {
      // Only possible if the lease ran out under a call slower than its timeout.
      this.logger.error(
        `The refreshed OAuth token of connection "${connection.name}" could not be stored: another instance took over the refresh`,
      );
      throw new HubError(
        HubErrorCode.UpstreamFailed,
        `The OAuth token of connection "${connection.name}" was refreshed elsewhere at the same time; try again`,
      );
    }
    return next;
  }

  private async requireReauthorization(
    held: { id: string; version: number; refreshLeaseOwner: string },
    reason: string,
  ): Promise<void> {
    this.logger.warn(`OAuth grant ${held.id} needs a new authorization: ${reason}`);
    await this.unitOfWork.run((manager) =>
      manager.update(OAuthGrantEntity, held, {
        status: OAuthGrantStatus.ReauthorizationRequired,
        // A dead grant's tokens are of no use to anyone: nothing is kept to be stolen.
        accessTokenCiphertext: null,
        refreshTokenCiphertext: null,
        version: held.version + 1,
        refreshLeaseOwner: null,
        refreshLeaseUntil: null,
        lastError: reason.slice(0, 500),
      }),
    );
  }

  private async releaseLease(
    held: { id: string; version: number; refreshLeaseOwner: string },
    reason: string | undefined,
    failure: TokenEndpointFailure | undefined,
  ): Promise<void> {
    const inDoubt = failure === TokenEndpointFailure.AnswerLost;
    await this.unitOfWork.run((manager) =>
      manager.update(OAuthGrantEntity, held, {
        refreshLeaseOwner: null,
        refreshLeaseUntil: null,
        // Whoever tries next re-reads the grant first and knows the refresh token may be spent.
        ...(inDoubt ? { refreshInDoubtSince: new Date(), version: held.version + 1 } : {}),
        ...(reason ? { lastError: reason.slice(0, 500) } : {}),
      }),
    );
  }

  private encryptTokens(grant: OAuthGrantEntity, tokens: TokenSet): void {
    const context = (field: string) => ({ table: OAUTH_GRANTS_TABLE, recordId: grant.id, field });
    grant.accessTokenCiphertext = this.secretBox.encrypt(
      tokens.accessToken,
      context('accessToken'),
    );
    // A server that does not rotate sends no new refresh token: the current one stays valid.
    if (tokens.refreshToken) {
      grant.refreshTokenCiphertext = this.secretBox.encrypt(
        tokens.refreshToken,
        context('refreshToken'),
      );
    }
  }
}

const NOT_AUTHORIZED: OAuthStatusView = {
  status: 'not_authorized',
  expiresAt: null,
  grantedScopes: [],
  lastRefreshedAt: null,
  lastError: null,
  consentedAt: null,
  reconsentBy: null,
};

function expiresSoon(grant: OAuthGrantEntity): boolean {
  return grant.expiresAt.getTime() - Date.now() <= RENEW_BEFORE_EXPIRY_MS;
}

/** When the grant's consent ends: CONSENT_LIFETIME_DAYS after it was given. */
export function reconsentByOf(grant: Pick<OAuthGrantEntity, 'authorizedAt'>): Date {
  return new Date(grant.authorizedAt.getTime() + CONSENT_LIFETIME_DAYS * DAY_MS);
}

function consentEnded(grant: Pick<OAuthGrantEntity, 'authorizedAt'>, now = new Date()): boolean {
  return reconsentByOf(grant).getTime() <= now.getTime();
}

function consentEndedReason(consentedAt: Date): string {
  return `${CONSENT_LIFETIME_DAYS} days since consent on ${consentedAt.toISOString().slice(0, 10)}: Atlassian ends every OAuth grant a year after consent, whatever the refreshes; use Save and Get OAuth Token again`;
}

function statusOf(grant: OAuthGrantEntity, connectionScopes: string[], now: Date): OAuthStatusView {
  const granted = new Set(grant.grantedScopes);
  const sameScopes =
    granted.size === new Set(connectionScopes).size &&
    connectionScopes.every((scope) => granted.has(scope));
  // Past its consent's end a grant is dead, even before anything has tried it and marked it.
  const ended = grant.status === OAuthGrantStatus.Authorized && consentEnded(grant, now);
  return {
    status:
      ended || grant.status === OAuthGrantStatus.ReauthorizationRequired
        ? 'reauthorization_required'
        : sameScopes
          ? 'authorized'
          : 'scopes_changed',
    expiresAt: grant.accessTokenCiphertext && !ended ? grant.expiresAt.toISOString() : null,
    grantedScopes: grant.grantedScopes,
    lastRefreshedAt: grant.lastRefreshedAt?.toISOString() ?? null,
    lastError: ended ? consentEndedReason(grant.authorizedAt) : grant.lastError,
    consentedAt: grant.authorizedAt.toISOString(),
    reconsentBy: reconsentByOf(grant).toISOString(),
  };
}

/** `connection`: its quoted name, or its id where the name is not at hand. */
function notAuthorized(connection: string): HubError {
  return new HubError(
    HubErrorCode.CredentialMissing,
    `Connection ${connection} has no OAuth token yet: an admin must use Save and Get OAuth Token`,
  );
}

function revoked(connection: OAuthConnectionRef, grant: OAuthGrantEntity): HubError {
  if (consentEnded(grant)) {
    return new HubError(
      HubErrorCode.OAuthReauthorizationRequired,
      `OAuth grant for connection ${connection.name} has ended: ${consentEndedReason(grant.authorizedAt)}`,
    );
  }
  return new HubError(
    HubErrorCode.OAuthReauthorizationRequired,
    `OAuth token for connection ${connection.name} was revoked or expired; an admin must use Save and Get OAuth Token`,
  );
}

function refreshOutcomeOf(error: unknown): TokenRefreshOutcome {
  if (!(error instanceof HubError)) return 'error';
  if (error.code === HubErrorCode.OAuthReauthorizationRequired) return 'revoked';
  return error.code === HubErrorCode.UpstreamFailed ? 'failed' : 'error';
}
