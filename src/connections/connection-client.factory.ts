import { Injectable } from '@nestjs/common';
import type { HttpClient } from '../atlassian/http';
import { AtlassianHttpFactory, RequestAuthorizer } from '../atlassian/atlassian-http.factory';
import { HubError, HubErrorCode } from '../common/hub-error';
import { CredentialEntity } from '../credentials/credential.entity';
import { CredentialType } from '../credentials/credential-type';
import { CredentialsService } from '../credentials/credentials.service';
import { ClientCredentialsTokenService } from '../oauth/client-credentials-token.service';
import { OAuthTokenService } from '../oauth/oauth-token.service';
import { ConnectionEntity } from './connection.entity';

/**
 * Turns a connection into an HTTP client signed in as its credential. A client stays right while
 * its connection and credential rows stay the same, so the ResolutionCache keeps one per cached
 * resolution: Basic and bearer clients carry a header built from the row; OAuth clients ask the
 * token service on every request, which reads the grant itself, so a refresh never makes a kept
 * client stale.
 */
@Injectable()
export class ConnectionClientFactory {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly http: AtlassianHttpFactory,
    private readonly oauthTokens: OAuthTokenService,
    private readonly serviceAccountTokens: ClientCredentialsTokenService,
  ) {}

  /** Pass the credential row when it is already loaded, to spare a read on the action hot path. */
  async createClient(
    connection: ConnectionEntity,
    credential?: CredentialEntity,
  ): Promise<HttpClient> {
    if (connection.url === '') {
      throw new HubError(
        HubErrorCode.ConnectionWithoutSite,
        `Connection "${connection.name}" has no Atlassian site yet: an admin must use Save and Get OAuth Token, which fills in its cloud id`,
      );
    }
    // Checked before any secret is decrypted: a host off the allow-list never gets near one.
    this.http.assertAllowed(connection.url);
    return this.http.createClient({
      baseURL: connection.url,
      authorization: await this.authorizationFor(connection, credential),
      timeoutMs: connection.timeoutMs,
    });
  }

  private async authorizationFor(
    connection: ConnectionEntity,
    loaded?: CredentialEntity,
  ): Promise<string | RequestAuthorizer> {
    const { credential, secret } = loaded
      ? this.credentials.revealSecretsOf(loaded)
      : await this.credentials.revealSecrets(connection.credentialId);
    const missing = (what: string) =>
      new HubError(
        HubErrorCode.CredentialMissing,
        `Connection "${connection.name}" cannot authenticate: credential "${credential.name}" has no ${what}`,
      );
    switch (credential.type) {
      case CredentialType.Basic: {
        const apiToken = secret('apiToken');
        if (!credential.username || !apiToken) throw missing('username and API token');
        return `Basic ${Buffer.from(`${credential.username}:${apiToken}`, 'utf8').toString('base64')}`;
      }
      case CredentialType.Bearer: {
        const token = secret('token');
        if (!token) throw missing('token');
        return `Bearer ${token}`;
      }
      case CredentialType.OAuth2:
        // Asked on every request, so a client kept for reuse stays valid across refreshes.
        return this.oauthTokens.authorizerFor(connection);
      case CredentialType.ClientCredentials:
        // The same hooks as OAuth: a token per request, one new token after the gateway refuses one.
        return this.serviceAccountTokens.authorizerFor(connection);
    }
  }
}
