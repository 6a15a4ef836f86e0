import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import {
  AtlassianHttpFactory,
  AuthorizationGrant,
  RequestAuthorizer,
} from '../atlassian/atlassian-http.factory';
import { isHttpError } from '../atlassian/http';
import { FieldError, HubError, HubErrorCode } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { connectionUrlFor } from '../connections/connection-url';
import { atlassianMessageOf } from '../connections/upstream-failure';
import { CredentialType } from '../credentials/credential-type';
import { clientCredentialsFailure, CredentialsService } from '../credentials/credentials.service';
import { SecretBox } from '../crypto/secret-box';
import { UnitOfWork } from '../database/unit-of-work';
import { accessibleResources } from './accessible-resources';
import {
  CLIENT_CREDENTIALS_TOKENS_TABLE,
  ClientCredentialsTokenEntity,
} from './client-credentials-token.entity';
import {
  RENEW_BEFORE_EXPIRY_MS,
  SingleFlightRenewal,
  takeRenewalLease,
} from './single-flight-renewal';
import { TOKEN_ENDPOINT_TIMEOUT_MS, TokenEndpointClient, TokenSet } from './token-endpoint.client';

// One token-endpoint call and the write after it: a lease never runs out under a fetch still going.
const LEASE_MS = TOKEN_ENDPOINT_TIMEOUT_MS + 15_000;
const MYSELF_TIMEOUT_MS = 30_000;

/** What a service account's connection needs for its token. */
export interface ServiceAccountConnectionRef {
  name: string;
  credentialId: string;
}

/** A service account's sign-in as typed: checked before it is saved. */
export interface ServiceAccountSignIn {
  name: string;
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
}

/**
 * Access tokens of service accounts (OAuth 2.0 client credentials): fetched from the token endpoint
 * with the credential's client id and secret, stored encrypted per credential so that every hub
 * instance uses the same one until a minute before it expires, and fetched again once per expiry
 * across instances (SingleFlightRenewal, as OAuth refreshes). There is no refresh token: a new
 * token is simply asked for.
 */
@Injectable()
export class ClientCredentialsTokenService {
  private readonly logger = new Logger('ServiceAccountTokens');
  private readonly instanceId = randomUUID();
  private readonly renewal = new SingleFlightRenewal<ClientCredentialsTokenEntity>({
    waitLimitMs: LEASE_MS + TOKEN_ENDPOINT_TIMEOUT_MS,
    renewing: 'fetch the service account token',
    renewingGerund: 'fetching the service account token',
    log: (message) => this.logger.debug(message),
  });
  // The Authorization header of each credential's current token version: decrypted once.
  private readonly headers = new Map<string, AuthorizationGrant>();

  constructor(
    @InjectRepository(ClientCredentialsTokenEntity)
    private readonly tokens: Repository<ClientCredentialsTokenEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly secretBox: SecretBox,
    private readonly credentials: CredentialsService,
    private readonly tokenEndpoint: TokenEndpointClient,
    private readonly http: AtlassianHttpFactory,
    private readonly config: HubConfig,
  ) {}

  /**
   * The same hooks as an OAuth connection's (RequestAuthorizer): a token for each request, and
   * after the gateway refused one, one new token (unless someone already got one) and one repeat.
   */
  authorizerFor(connection: ServiceAccountConnectionRef): RequestAuthorizer {
    return {
      authorization: () => this.currentAuthorization(connection),
      afterUnauthorized: (rejected) => this.authorizationAfterRejection(connection, rejected),
    };
  }

  /** The scopes the stored token was granted; null before the first token or if none were named. */
  async grantedScopesOf(credentialId: string): Promise<string[] | null> {
    const token = await this.tokens.findOneBy({ credentialId });
    return token?.accessTokenCiphertext && token.grantedScopes.length ? token.grantedScopes : null;
  }

  /**
   * Before a service account's connection is saved: a token from the token endpoint, the site from
   * accessible-resources when no URL is given, and `GET /rest/api/3/myself` on it. Returns the
   * connection URL to save. Refusals are 409 credential_refused naming why; nothing is saved.
   */
  async verifySite(signIn: ServiceAccountSignIn, url: string | undefined): Promise<string> {
    const tokens = await this.tokenFor(signIn);
    const siteUrl = url ?? (await this.onlySite(signIn.name, tokens.accessToken));
    this.http.assertAllowed(siteUrl);
    const client = this.http.createClient({
      baseURL: siteUrl,
      authorization: `Bearer ${tokens.accessToken}`,
      timeoutMs: MYSELF_TIMEOUT_MS,
    });
    try {
      await client.get('rest/api/3/myself');
    } catch (error) {
      if (!isHttpError(error)) throw error;
      const status = error.response?.status;
      const said = atlassianMessageOf(error.response?.data);
      const suffix = said ? `; Atlassian said: ${said}` : '';
      if (status === 401 || status === 403 || status === 404) {
        throw new HubError(
          HubErrorCode.CredentialRefused,
          `The service account of credential "${signIn.name}" got a token but ${siteUrl} refused it (${status}): give the account access to the site, or check the connection URL${suffix}`,
          [],
          { reason: `site_${status}` },
        );
      }
      throw new HubError(
        HubErrorCode.UpstreamFailed,
        `Could not check the service account on ${siteUrl}: ${status ? `it answered ${status}` : (error.code ?? 'no answer')}${suffix}`,
      );
    }
    return siteUrl;
  }

  /** A token for these client credentials, or why not as the hub's error (never a secret). */
  private async tokenFor(signIn: ServiceAccountSignIn): Promise<TokenSet> {
    try {
      return await this.tokenEndpoint.clientCredentials(signIn);
    } catch (error) {
      throw clientCredentialsFailure(signIn.name, error);
    }
  }

  /** The one site the account reaches; with none or several, the admin must name it. */
  private async onlySite(credentialName: string, accessToken: string): Promise<string> {
    let sites;
    try {
      sites = await accessibleResources(this.http, this.config.atlassianApiUrl, accessToken);
    } catch (error) {
      throw new HubError(
        HubErrorCode.UpstreamFailed,
        `Could not list the sites the service account of credential "${credentialName}" reaches: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const problem = (rule: string, message: string): FieldError => ({
      field: 'url',
      rule,
      message,
    });
    if (sites.length === 0) {
      throw HubError.invalidFields([
        problem(
          'required',
          `url is required: the service account of credential "${credentialName}" reaches no site yet (give it access at admin.atlassian.com)`,
        ),
      ]);
    }
    if (sites.length > 1) {
      const listed = sites
        .map((site) => `${site.name} (${connectionUrlFor(this.config.atlassianApiUrl, site.id)})`)
        .join(', ');
      throw HubError.invalidFields([
        problem(
          'ambiguous',
          `url is required: the service account of credential "${credentialName}" reaches several sites; name one of ${listed}`,
        ),
      ]);
    }
    return connectionUrlFor(this.config.atlassianApiUrl, sites[0].id);
  }

  private async currentAuthorization(
    connection: ServiceAccountConnectionRef,
  ): Promise<AuthorizationGrant> {
    const token = await this.read(connection.credentialId);
    if (!expiresSoon(token)) return this.authorizationOf(token);
    return this.authorizationOf(await this.fetchOnce(connection, expiresSoon));
  }

  private async authorizationAfterRejection(
    connection: ServiceAccountConnectionRef,
    rejected: AuthorizationGrant,
  ): Promise<AuthorizationGrant | undefined> {
    const fresh = await this.fetchOnce(
      connection,
      (current) => current.version === rejected.version,
    );
    return fresh.version === rejected.version ? undefined : this.authorizationOf(fresh);
  }

  private fetchOnce(
    connection: ServiceAccountConnectionRef,
    needsToken: (token: ClientCredentialsTokenEntity) => boolean,
  ): Promise<ClientCredentialsTokenEntity> {
    const { credentialId } = connection;
    return this.renewal.renew(credentialId, connection.name, {
      read: () => this.read(credentialId),
      needsRenewal: needsToken,
      takeLease: (token) =>
        takeRenewalLease(
          this.unitOfWork,
          ClientCredentialsTokenEntity,
          { credentialId, version: token.version },
          this.instanceId,
          LEASE_MS,
        ),
      renewHoldingLease: (token) => this.fetchHoldingLease(connection, token),
    });
  }

  /** The stored row; the first use creates an empty one, which carries the first fetch's lease. */
  private async read(credentialId: string): Promise<ClientCredentialsTokenEntity> {
    const stored = await this.tokens.findOneBy({ credentialId });
    if (stored) return stored;
    await this.unitOfWork.run((manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(ClientCredentialsTokenEntity)
        .values({
          credentialId,
          accessTokenCiphertext: null,
          expiresAt: new Date(0),
          grantedScopes: [],
          version: 0,
          refreshLeaseOwner: null,
          refreshLeaseUntil: null,
          fetchedAt: null,
          lastError: null,
        })
        // Another instance may create it at the same moment: theirs is as good.
        .orIgnore()
        .execute(),
    );
    const created = await this.tokens.findOneBy({ credentialId });
    if (!created) {
      throw new HubError(
        HubErrorCode.CredentialMissing,
        `Credential ${credentialId} no longer exists`,
      );
    }
    return created;
  }

  private async fetchHoldingLease(
    connection: ServiceAccountConnectionRef,
    token: ClientCredentialsTokenEntity,
  ): Promise<ClientCredentialsTokenEntity> {
    const held = {
      credentialId: token.credentialId,
      version: token.version,
      refreshLeaseOwner: this.instanceId,
    };
    try {
      const { credential, secret } = await this.credentials.revealSecrets(token.credentialId);
      if (credential.type !== CredentialType.ClientCredentials) {
        throw new HubError(
          HubErrorCode.CredentialMissing,
          `Credential "${credential.name}" is not a service account's client credentials`,
        );
      }
      const tokens = await this.tokenFor({
        name: credential.name,
        tokenUrl: this.credentials.oauthEndpointsOf(credential).tokenUrl,
        clientId: credential.clientId ?? '',
        clientSecret: secret('clientSecret') ?? '',
      });
      const now = new Date();
      const patch = {
        accessTokenCiphertext: this.secretBox.encrypt(tokens.accessToken, {
          table: CLIENT_CREDENTIALS_TOKENS_TABLE,
          recordId: token.credentialId,
          field: 'accessToken',
        }),
        expiresAt: new Date(now.getTime() + tokens.expiresInSeconds * 1000),
        grantedScopes: tokens.scopes,
        version: token.version + 1,
        refreshLeaseOwner: null,
        refreshLeaseUntil: null,
        fetchedAt: now,
        lastError: null,
      };
      const next = Object.assign(new ClientCredentialsTokenEntity(), token, patch);
      const result = await this.unitOfWork.run((manager) =>
        manager.update(ClientCredentialsTokenEntity, held, patch),
      );
      if (result.affected !== 1) {
        throw new HubError(
          HubErrorCode.UpstreamFailed,
          `The service account token of connection "${connection.name}" was fetched elsewhere at the same time; try again`,
        );
      }
      return next;
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      // Whoever comes next may try at once: the lease is released, the reason kept.
      await this.unitOfWork.run((manager) =>
        manager.update(ClientCredentialsTokenEntity, held, {
          refreshLeaseOwner: null,
          refreshLeaseUntil: null,
          lastError: reason,
        }),
      );
      throw error;
    }
  }

  private authorizationOf(token: ClientCredentialsTokenEntity): AuthorizationGrant {
    const known = this.headers.get(token.credentialId);
    if (known?.version === token.version) return known;
    const accessToken = token.accessTokenCiphertext
      ? this.secretBox.decrypt(token.accessTokenCiphertext, {
          table: CLIENT_CREDENTIALS_TOKENS_TABLE,
          recordId: token.credentialId,
          field: 'accessToken',
        })
      : '';
    const current = { header: `Bearer ${accessToken}`, version: token.version };
    this.headers.set(token.credentialId, current);
    return current;
  }
}

function expiresSoon(token: ClientCredentialsTokenEntity): boolean {
  return (
    !token.accessTokenCiphertext || token.expiresAt.getTime() - Date.now() <= RENEW_BEFORE_EXPIRY_MS
  );
}
