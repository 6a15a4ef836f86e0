import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AliasEntity } from '../aliases/alias.entity';
import { AtlassianHttpFactory } from '../atlassian/atlassian-http.factory';
import { HubError, HubErrorCode } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { connectionUrlFor } from '../connections/connection-url';
import { ConnectionEntity } from '../connections/connection.entity';
import { ConnectionsService } from '../connections/connections.service';
import { CredentialType } from '../credentials/credential-type';
import { CredentialsService, RevealedCredential } from '../credentials/credentials.service';
import { isForeignKeyViolation, isUniqueViolation } from '../database/database-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { ResolutionCache } from '../resolution-cache/resolution-cache';
import { accessibleResources } from './accessible-resources';
import { AtlassianOAuthStrategy, FlowStateStore } from './atlassian-oauth.strategy';
import { ConnectionGrantEntity } from './connection-grant.entity';
import { GrantedSite, OAuthGrantStatus } from './oauth-grant.entity';
import { OAuthTokenService } from './oauth-token.service';
import { FlowIdentity, OAuthStateStore, STATE_LIFETIME_MS } from './oauth-state.store';
import { checkReturnTo } from './return-to';
import { TokenEndpointClient, TokenEndpointError } from './token-endpoint.client';

export const CALLBACK_PATH = '/oauth/callback';

export interface SiteView {
  cloudId: string;
  name: string;
  url: string;
  /** A connection with the same credential already on this site: not offered as a new child. */
  connection?: { id: string; name: string };
}

/** A connection still on the grant a re-authorized connection left: it can follow it. */
export interface PreviousGrantConnection {
  connectionId: string;
  name: string;
  cloudId: string;
  /** The new grant covers its site, so it can move there. */
  covered: boolean;
}

export enum AuthorizationRefusal {
  UnknownState = 'unknown_state',
  ExpiredState = 'expired_state',
  ForeignState = 'foreign_state',
  AccessDenied = 'access_denied',
  AuthorizationError = 'authorization_error',
  MissingCode = 'missing_code',
  TokenExchangeFailed = 'token_exchange_failed',
  ResourcesUnavailable = 'resources_unavailable',
  NoSites = 'no_sites',
  WrongSite = 'wrong_site',
  ConnectionChanged = 'connection_changed',
}

/** What the end of a flow says: rendered as a page by the hub, or by the console its own way. */
export type AuthorizationOutcome =
  | {
      ok: true;
      httpStatus: 200;
      message: string;
      connectionId: string;
      connectionName: string;
      cloudId: string;
      /** The connection's site as the grant names it. */
      site: SiteView;
      /** True when the connection had no site and the grant's site was filled in. */
      cloudIdFilledIn: boolean;
      grantedScopes: string[];
      expiresAt: string;
      /** Sites the grant also covers: each can get a child alias and connection (addSites). */
      otherSites: SiteView[];
      /** Connections that shared the connection's previous grant (re-consent). */
      previousGrantConnections: PreviousGrantConnection[];
      returnTo: string | null;
    }
  | {
      ok: false;
      httpStatus: 400 | 403 | 409 | 502;
      reason: AuthorizationRefusal;
      message: string;
      connectionId: string | null;
      connectionName: string | null;
      /** The sites the grant covers, when the refusal is about the site. */
      sites: SiteView[];
      returnTo: string | null;
    };

export interface AddedSite {
  cloudId: string;
  siteName: string;
  aliasId: string;
  aliasName: string;
  connectionId: string;
  connectionName: string;
}

/**
 * "Save and Get OAuth Token": the authorization-code flow with PKCE through passport-oauth2, the
 * site check against accessible-resources, and child connections for the other sites of a grant.
 * The API's controllers and the console both call these methods.
 */
@Injectable()
export class OAuthAuthorizationService {
  private readonly logger = new Logger('OAuthAuthorization');

  constructor(
    @InjectRepository(AliasEntity) private readonly aliases: Repository<AliasEntity>,
    private readonly connections: ConnectionsService,
    private readonly credentials: CredentialsService,
    private readonly states: OAuthStateStore,
    private readonly tokens: OAuthTokenService,
    private readonly tokenEndpoint: TokenEndpointClient,
    private readonly http: AtlassianHttpFactory,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: HubConfig,
    private readonly resolutionCache: ResolutionCache,
  ) {}

  /** The Atlassian consent URL for a connection; the state is bound to `startedBy`. */
  async startAuthorization(
    connectionId: string,
    startedBy: FlowIdentity,
    options: { returnTo?: string } = {},
  ): Promise<{ authorizationUrl: string; expiresAt: string }> {
    const returnTo = checkReturnTo(options.returnTo);
    const connection = await this.connections.findEntity(connectionId);
    const revealed = await this.oauthCredentialOf(connection);
    const redirectUri = `${this.config.publicUrl}${CALLBACK_PATH}`;
    const store = this.states.forStart({
      connectionId,
      startedBy,
      redirectUri,
      scopes: connection.scopes,
      returnTo,
    });
    const outcome = await this.strategyFor(revealed, connection.scopes, redirectUri, store).run({
      query: {},
    });
    if (outcome.kind !== 'redirect') {
      throw outcome.kind === 'error' ? outcome.error : new Error('The flow could not start');
    }
    return {
      authorizationUrl: outcome.url,
      expiresAt: new Date(Date.now() + STATE_LIFETIME_MS).toISOString(),
    };
  }

  /**
   * Finishes a flow from the query Atlassian sent the browser back with. `browser` is who the
   * browser is signed in as, when known (the console's session): a state started by someone else
   * is refused. Never throws for what Atlassian or the browser sent: the outcome says what happened.
   */
  async completeAuthorization(
    query: Record<string, unknown>,
    browser?: FlowIdentity,
  ): Promise<AuthorizationOutcome> {
    const text = (name: string) => {
      const value = query[name];
      return typeof value === 'string' && value ? value : undefined;
    };
    const state = text('state');
    const consumed = state
      ? await this.states.consume(state, browser)
      : { kind: 'unknown' as const };
    if (consumed.kind === 'unknown') {
      return refused(
        AuthorizationRefusal.UnknownState,
        400,
        'This answer from Atlassian does not belong to a flow in progress: it was already used, or it is unknown. Nothing was stored; start Save and Get OAuth Token again.',
      );
    }
    const { flow } = consumed;
    const connection = await this.connections
      .findEntity(flow.connectionId)
      .catch((error: unknown) => {
        if (error instanceof HubError) return undefined;
        throw error;
      });
    if (!connection) {
      return refused(
        AuthorizationRefusal.ConnectionChanged,
        409,
        'The connection this flow was started for was deleted while the flow was at Atlassian. Nothing was stored.',
      );
    }
    const about = { connectionId: connection.id, connectionName: connection.name };
    const returnTo = flow.returnTo;
    if (consumed.kind === 'foreign') {
      return refused(
        AuthorizationRefusal.ForeignState,
        403,
        browser
          ? `This flow was started by ${flow.startedByName}, not by you. Nothing was stored.`
          : `This flow was started in the console by ${flow.startedByName}, and this browser is not signed in to the console at ${this.config.publicUrl}. Nothing was stored: sign in there as ${flow.startedByName} and use Save and Get OAuth Token again.`,
        { ...about, returnTo },
      );
    }
    if (consumed.kind === 'expired') {
      return refused(
        AuthorizationRefusal.ExpiredState,
        400,
        'This flow was started more than 10 minutes ago and has expired. Nothing was stored; start Save and Get OAuth Token again.',
        { ...about, returnTo },
      );
    }
    const error = text('error');
    if (error) {
      const description = text('error_description');
      return refused(
        error === 'access_denied'
          ? AuthorizationRefusal.AccessDenied
          : AuthorizationRefusal.AuthorizationError,
        400,
        error === 'access_denied'
          ? `Access was denied at Atlassian (access_denied${description ? `: ${description}` : ''}). Nothing was stored.`
          : `Atlassian answered ${error}${description ? `: ${description}` : ''}. Nothing was stored.`,
        { ...about, returnTo },
      );
    }
    const code = text('code');
    if (!code) {
      return refused(
        AuthorizationRefusal.MissingCode,
        400,
        'Atlassian sent the browser back without an authorization code. Nothing was stored.',
        { ...about, returnTo },
      );
    }

    let strategy: ReturnType<typeof this.strategyFor>;
    try {
      strategy = this.strategyFor(
        await this.oauthCredentialOf(connection),
        flow.requestedScopes,
        flow.redirectUri,
        this.states.forCallback(consumed.verifier),
      );
    } catch (error) {
      // Edited while the admin was at Atlassian: another credential, or a token URL now refused.
      if (!(error instanceof HubError)) throw error;
      return refused(
        AuthorizationRefusal.ConnectionChanged,
        409,
        `The connection changed while the flow was at Atlassian: ${error.message}. Nothing was stored.`,
        { ...about, returnTo },
      );
    }
    const exchanged = await strategy.run({ query: { code, state } });
    if (exchanged.kind !== 'success') {
      return refused(
        AuthorizationRefusal.TokenExchangeFailed,
        502,
        `The authorization code could not be exchanged for a token: ${exchangeFailure(exchanged)}. Nothing was stored.`,
        { ...about, returnTo },
      );
    }
    // RFC 6749 5.1: an answer without `scope` granted exactly the scopes asked for.
    const tokens = exchanged.tokens.scopes.length
      ? exchanged.tokens
      : { ...exchanged.tokens, scopes: flow.requestedScopes };

    let sites: GrantedSite[];
    try {
      sites = await accessibleResources(this.http, this.config.atlassianApiUrl, tokens.accessToken);
    } catch (failure) {
      return refused(
        AuthorizationRefusal.ResourcesUnavailable,
        502,
        `Atlassian did not say which sites the grant covers (${failure instanceof Error ? failure.message : 'unknown error'}). Nothing was stored.`,
        { ...about, returnTo },
      );
    }
    const views = sites.map((site) => this.viewOf(site));
    if (sites.length === 0) {
      return refused(
        AuthorizationRefusal.NoSites,
        400,
        'The grant covers no Atlassian site: choose a site on the consent screen. Nothing was stored.',
        { ...about, returnTo },
      );
    }
    const hadSite = connection.cloudId !== '';
    if (hadSite && !sites.some((site) => site.id === connection.cloudId)) {
      return refused(
        AuthorizationRefusal.WrongSite,
        400,
        `The grant does not cover this connection's site (cloud id ${connection.cloudId}); it covers ${views.map((site) => `${site.name} (${site.cloudId})`).join(', ')}. Nothing was stored: sign in with an account of that site and choose it on the consent screen.`,
        { ...about, sites: views, returnTo },
      );
    }
    // A connection without a site takes the grant's first one; the others are offered as children.
    const cloudId = hadSite ? connection.cloudId : sites[0].id;
    const previousGrant = await this.tokens.grantOf(connection.id);
    const stored = this.unitOfWork.run(async (manager) => {
      // The exchange took a while: the connection may have been deleted or given another
      // credential since, and the grant must not be stored for a client it no longer uses.
      const current = await manager.findOneBy(ConnectionEntity, { id: connection.id });
      if (current?.credentialId !== connection.credentialId) return false;
      if (!hadSite) {
        await manager.update(
          ConnectionEntity,
          { id: connection.id },
          { cloudId, url: connectionUrlFor(this.config.atlassianApiUrl, cloudId) },
        );
      }
      await this.tokens.storeNewGrant(manager, {
        credentialId: connection.credentialId,
        tokens,
        sites,
        authorizedBy: flow.startedByName,
        connectionIds: [connection.id],
      });
      return true;
    });
    // Executions keep resolved connection rows; one filled in with its site must be read again.
    const saved = await stored
      // A delete committed between the check above and the insert (PostgreSQL): the same case.
      .catch((error: unknown) => {
        if (isForeignKeyViolation(error)) return false;
        throw error;
      })
      .finally(() => this.resolutionCache.invalidateConnection(connection.id));
    if (!saved) {
      return refused(
        AuthorizationRefusal.ConnectionChanged,
        409,
        'The connection was deleted or given another credential while its token was being fetched. Nothing was stored.',
        { ...about, returnTo },
      );
    }
    this.logger.log(
      `Connection "${connection.name}" got an OAuth token (flow started by ${flow.startedByName})`,
    );
    const site = views.find((candidate) => candidate.cloudId === cloudId)!;
    const { otherSites, previousGrantConnections } = await this.neighboursOf(
      connection,
      cloudId,
      views,
      previousGrant?.id,
    );
    return {
      ok: true,
      httpStatus: 200,
      message: `Connection "${connection.name}" is authorized for ${site.name}.`,
      ...about,
      cloudId,
      site,
      cloudIdFilledIn: !hadSite,
      grantedScopes: tokens.scopes,
      expiresAt: new Date(Date.now() + tokens.expiresInSeconds * 1000).toISOString(),
      otherSites,
      previousGrantConnections,
      returnTo,
    };
  }

  /**
   * The grant's other sites, each with the connection of the same credential already on it, and
   * the connections still on the grant this connection just left (a re-consent).
   */
  private async neighboursOf(
    connection: ConnectionEntity,
    cloudId: string,
    views: SiteView[],
    previousGrantId: string | undefined,
  ): Promise<{ otherSites: SiteView[]; previousGrantConnections: PreviousGrantConnection[] }> {
    return this.unitOfWork.run(async (manager) => {
      const sameCredential = await manager.findBy(ConnectionEntity, {
        credentialId: connection.credentialId,
      });
      const otherSites = views
        .filter((candidate) => candidate.cloudId !== cloudId)
        .map((site) => {
          const existing = sameCredential.find((other) => other.cloudId === site.cloudId);
          return existing
            ? { ...site, connection: { id: existing.id, name: existing.name } }
            : site;
        });
      const links = previousGrantId
        ? await manager.findBy(ConnectionGrantEntity, { grantId: previousGrantId })
        : [];
      const previousGrantConnections = sameCredential
        .filter(
          (other) =>
            other.id !== connection.id && links.some((link) => link.connectionId === other.id),
        )
        .map((other) => ({
          connectionId: other.id,
          name: other.name,
          cloudId: other.cloudId,
          covered: views.some((site) => site.cloudId === other.cloudId),
        }));
      return { otherSites, previousGrantConnections };
    });
  }

  /**
   * Re-consent: connections of the same credential (e.g. those that shared the previous grant)
   * move to the grant `connectionId` has now, when it covers their sites. All or none.
   */
  async moveToGrantOf(connectionId: string, connectionIds: string[]): Promise<string[]> {
    const connection = await this.connections.findEntity(connectionId);
    const grant = await this.tokens.grantOf(connectionId);
    if (!grant || grant.status !== OAuthGrantStatus.Authorized) {
      throw new HubError(
        HubErrorCode.CredentialMissing,
        `Connection "${connection.name}" has no valid OAuth grant: use Save and Get OAuth Token first`,
      );
    }
    const wanted = [...new Set(connectionIds)];
    const moved = await this.unitOfWork.run(async (manager) => {
      const candidates = await manager.findBy(ConnectionEntity, {
        credentialId: connection.credentialId,
      });
      const chosen = wanted.map((id) => candidates.find((candidate) => candidate.id === id));
      const refusedIds = wanted.filter((id, index) => {
        const candidate = chosen[index];
        return (
          !candidate ||
          id === connectionId ||
          !grant.sites.some((site) => site.id === candidate.cloudId)
        );
      });
      if (refusedIds.length > 0) {
        throw HubError.invalid(
          'connectionIds',
          'grantedSite',
          `connectionIds ${refusedIds.join(', ')} are not other connections of this credential on a site the grant covers (${grant.sites.map((site) => site.name).join(', ')})`,
        );
      }
      await this.tokens.shareGrant(manager, connectionId, wanted);
      return chosen.map((candidate) => candidate!.name);
    });
    for (const id of wanted) this.resolutionCache.invalidateConnection(id);
    return moved;
  }

  /**
   * One child alias and one connection per site, all signing in with the grant `connectionId`
   * got: created together in one transaction, or not at all.
   */
  async addSites(connectionId: string, cloudIds: string[]): Promise<AddedSite[]> {
    const connection = await this.connections.findEntity(connectionId);
    const grant = await this.tokens.grantOf(connectionId);
    if (!grant || grant.status !== OAuthGrantStatus.Authorized) {
      throw new HubError(
        HubErrorCode.CredentialMissing,
        `Connection "${connection.name}" has no valid OAuth grant: use Save and Get OAuth Token first`,
      );
    }
    const wanted = [...new Set(cloudIds)];
    const unknown = wanted.filter(
      (id) => id === connection.cloudId || !grant.sites.some((site) => site.id === id),
    );
    if (unknown.length > 0) {
      throw HubError.invalid(
        'cloudIds',
        'grantedSite',
        `cloudIds ${unknown.join(', ')} are not other sites of this connection's grant; it covers ${grant.sites.map((site) => `${site.name} (${site.id})`).join(', ')}`,
      );
    }
    const alias = await this.aliases.findOneByOrFail({ id: connection.aliasId });
    const parent = alias.parentId
      ? await this.aliases.findOneByOrFail({ id: alias.parentId })
      : alias;
    const added: AddedSite[] = wanted.map((cloudId) => {
      const site = grant.sites.find((candidate) => candidate.id === cloudId)!;
      const siteName = site.name.replace(/[^A-Za-z0-9_.-]/g, '_');
      return {
        cloudId,
        siteName: site.name,
        aliasId: randomUUID(),
        aliasName: `${parent.name}_${siteName}`.slice(0, 100),
        connectionId: randomUUID(),
        connectionName: `${connection.name} (${site.name})`.slice(0, 200),
      };
    });
    try {
      await this.unitOfWork.run(async (manager) => {
        for (const site of added) {
          await manager.insert(AliasEntity, {
            id: site.aliasId,
            name: site.aliasName,
            spoke: parent.spoke,
            parentId: parent.id,
          });
          await manager.insert(ConnectionEntity, {
            id: site.connectionId,
            name: site.connectionName,
            url: connectionUrlFor(this.config.atlassianApiUrl, site.cloudId),
            cloudId: site.cloudId,
            credentialId: connection.credentialId,
            aliasId: site.aliasId,
            scopes: connection.scopes,
            active: true,
            maxRetries: connection.maxRetries,
            maxRetryWaitSeconds: connection.maxRetryWaitSeconds,
            timeoutMs: connection.timeoutMs,
            // Attributes hold per-site values (a service desk id, a project key): a new site starts with none.
            attributes: {},
          });
        }
        await this.tokens.shareGrant(
          manager,
          connectionId,
          added.map((site) => site.connectionId),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new HubError(
          HubErrorCode.NameTaken,
          `An alias or connection for one of these sites already exists (${added.map((site) => site.aliasName).join(', ')}); nothing was created`,
        );
      }
      throw error;
    }
    return added;
  }

  /** The sites of the connection's grant other than its own: what addSites can add. */
  async otherSitesOf(connectionId: string): Promise<SiteView[]> {
    const connection = await this.connections.findEntity(connectionId);
    const grant = await this.tokens.grantOf(connectionId);
    const views = (grant?.sites ?? []).map((site) => this.viewOf(site));
    return (await this.neighboursOf(connection, connection.cloudId, views, undefined)).otherSites;
  }

  private async oauthCredentialOf(connection: ConnectionEntity): Promise<RevealedCredential> {
    const revealed = await this.credentials.revealSecrets(connection.credentialId);
    if (revealed.credential.type !== CredentialType.OAuth2) {
      throw new HubError(
        HubErrorCode.NotOAuthConnection,
        `Connection "${connection.name}" uses a ${revealed.credential.type} credential; Save and Get OAuth Token needs an OAuth 2.0 credential`,
      );
    }
    return revealed;
  }

  private strategyFor(
    { credential, secret }: RevealedCredential,
    scopes: string[],
    callbackUrl: string,
    store: FlowStateStore,
  ): AtlassianOAuthStrategy {
    const { authorizationUrl, tokenUrl } = this.credentials.oauthEndpointsOf(credential);
    // Checked before the admin is sent to consent: a token URL off the allow-list would fail later.
    this.http.assertAllowed(tokenUrl);
    return new AtlassianOAuthStrategy({
      authorizationUrl,
      tokenUrl,
      clientId: credential.clientId ?? '',
      clientSecret: secret('clientSecret') ?? '',
      callbackUrl,
      scopes,
      store,
      tokenEndpoint: this.tokenEndpoint,
    });
  }

  private viewOf(site: GrantedSite): SiteView {
    return { cloudId: site.id, name: site.name, url: site.url };
  }
}

function refused(
  reason: AuthorizationRefusal,
  httpStatus: 400 | 403 | 409 | 502,
  message: string,
  about: {
    connectionId?: string;
    connectionName?: string;
    sites?: SiteView[];
    returnTo?: string | null;
  } = {},
): AuthorizationOutcome {
  return {
    ok: false,
    httpStatus,
    reason,
    message,
    connectionId: about.connectionId ?? null,
    connectionName: about.connectionName ?? null,
    sites: about.sites ?? [],
    returnTo: about.returnTo ?? null,
  };
}

/** The token endpoint's error code and description, or why it could not be asked; never a token. */
function exchangeFailure(outcome: {
  kind: string;
  message?: string;
  error?: Error & { code?: string; oauthError?: unknown };
}): string {
  if (outcome.kind === 'fail') return outcome.message ?? 'refused';
  const error = outcome.error;
  if (!error) return 'unknown error';
  if (error.oauthError instanceof TokenEndpointError) return error.oauthError.message;
  if (error.code) return `${error.code}${error.message ? ` (${error.message.slice(0, 200)})` : ''}`;
  return error.message.slice(0, 200);
}
