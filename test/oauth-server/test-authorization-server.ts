import OAuth2Server, {
  AuthorizationCode,
  AuthorizationCodeModel,
  Client,
  ClientCredentialsModel,
  RefreshToken,
  RefreshTokenModel,
  Token,
  User,
} from '@node-oauth/oauth2-server';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { escapeHtml } from '../../src/oauth/callback-page';
import type {
  FakeAccount,
  FakeGrantedSite,
  FakeOAuthGrant,
} from '../fake-atlassian/fake-atlassian.server';

/** Who consents on the consent screen, and which of their sites they grant. */
export interface ConsentingUser extends User {
  account: FakeAccount;
  sites: FakeGrantedSite[];
}

export interface TokenRequestRecord {
  grantType: string;
  refreshToken?: string;
  code?: string;
  codeVerifier?: string;
  status?: number;
  error?: string;
}

/**
 * A real OAuth 2.0 authorization server (@node-oauth/oauth2-server) on a socket, set up like
 * Atlassian's: authorization code with PKCE (S256 only, required), client secret at the token
 * endpoint, and rotating refresh tokens (each refresh revokes the one used). This file supplies its
 * storage (in memory), a consent screen (an HTML form for browsers; tests over plain HTTP post the
 * consenting user as JSON), and switches for revocation and lost answers.
 */
export class TestAuthorizationServer {
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly authorizeRequests: URLSearchParams[] = [];
  private readonly clients = new Map<string, Client & { secret: string }>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly pendingConsents = new Map<string, URLSearchParams>();
  private readonly accounts: ConsentingUser[] = [];
  // Service accounts by client id: who their client credentials sign in as, and with which scopes.
  private readonly serviceAccounts = new Map<string, { user: ConsentingUser; scopes: string[] }>();
  private readonly oauth: OAuth2Server;
  private server?: Server;
  private dropAnswers = 0;
  private reuseLeewayMs = 0;
  private readonly spentAt = new Map<string, number>();
  private refreshHold?: { arrivals: Array<() => void>; arrived: number; gate: Promise<void> };
  private echoes: string[] = [];

  constructor(private readonly accessTokenLifetimeSeconds = 3600) {
    const model: AuthorizationCodeModel & RefreshTokenModel & ClientCredentialsModel = {
      // Client credentials: the service account the client belongs to (no user consents).
      getUserFromClient: (client) =>
        Promise.resolve(this.serviceAccounts.get(client.id)?.user ?? false),
      getClient: (clientId: string, clientSecret: string | null) => {
        const client = this.clients.get(clientId);
        const known = client && (clientSecret === null || clientSecret === client.secret);
        return Promise.resolve(known ? client : undefined);
      },
      saveAuthorizationCode: (code, client, user) => {
        const saved = { ...code, client, user } as AuthorizationCode;
        this.codes.set(code.authorizationCode, saved);
        return Promise.resolve(saved);
      },
      getAuthorizationCode: (code) => Promise.resolve(this.codes.get(code)),
      revokeAuthorizationCode: (code) => Promise.resolve(this.codes.delete(code.authorizationCode)),
      saveToken: (token, client, user) => {
        const saved = { ...token, client, user } as Token;
        this.accessTokens.set(token.accessToken, saved);
        if (token.refreshToken) this.refreshTokens.set(token.refreshToken, saved as RefreshToken);
        return Promise.resolve(saved);
      },
      getAccessToken: (accessToken) => Promise.resolve(this.accessTokens.get(accessToken)),
      getRefreshToken: (refreshToken) => Promise.resolve(this.usableRefreshToken(refreshToken)),
      // Rotation: the refresh token just used is spent (at once, or after the reuse leeway).
      revokeToken: (token) => {
        if (this.reuseLeewayMs === 0)
          return Promise.resolve(this.refreshTokens.delete(token.refreshToken));
        if (!this.spentAt.has(token.refreshToken)) this.spentAt.set(token.refreshToken, Date.now());
        return Promise.resolve(true);
      },
      // A service account's token carries the scopes its credential was given, whatever is asked.
      validateScope: (_user, client, scope) =>
        Promise.resolve(this.serviceAccounts.get(client.id)?.scopes ?? scope ?? []),
    };
    this.oauth = new OAuth2Server({
      model,
      accessTokenLifetime: accessTokenLifetimeSeconds,
      alwaysIssueNewRefreshToken: true,
      allowEmptyState: false,
    });
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('TestAuthorizationServer is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.handle(request, Buffer.concat(chunks).toString('utf8'), response).catch(
          (error: unknown) => {
            response.writeHead(500).end(String(error));
          },
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  addClient(
    redirectUri: string,
    clientSecret = `secret-${randomBytes(24).toString('hex')}`,
  ): { clientId: string; clientSecret: string } {
    const clientId = `client-${randomBytes(6).toString('hex')}`;
    this.clients.set(clientId, {
      id: clientId,
      secret: clientSecret,
      redirectUris: [redirectUri],
      grants: ['authorization_code', 'refresh_token'],
    });
    return { clientId, clientSecret };
  }

  /**
   * A service account's OAuth 2.0 credential, as admin.atlassian.com creates it: a client id and
   * secret for grant_type=client_credentials, whose tokens act as `user` on its sites with
   * `scopes`. `grants` other than the default make a client the endpoint refuses with
   * unauthorized_client.
   */
  addServiceAccount(
    user: ConsentingUser,
    scopes: string[],
    grants: string[] = ['client_credentials'],
  ): { clientId: string; clientSecret: string } {
    const clientId = `service-${randomBytes(6).toString('hex')}`;
    const clientSecret = `sa-secret-${randomBytes(24).toString('hex')}`;
    this.clients.set(clientId, { id: clientId, secret: clientSecret, grants });
    this.serviceAccounts.set(clientId, { user, scopes });
    return { clientId, clientSecret };
  }

  /** The service account's credential was deleted at admin.atlassian.com: invalid_client from now. */
  removeClient(clientId: string): void {
    this.clients.delete(clientId);
  }

  clientCredentialsRequests(): TokenRequestRecord[] {
    return this.tokenRequests.filter((request) => request.grantType === 'client_credentials');
  }

  /**
   * An account a browser can sign in as on the consent page, with the sites it can grant. (Plain
   * HTTP tests post the consenting user as JSON instead.)
   */
  addAccount(user: ConsentingUser): void {
    this.accounts.push(user);
  }

  /** For the fake Atlassian: what an access token stands for, if the server still knows it. */
  readonly grantOf = (accessToken: string): FakeOAuthGrant | undefined => {
    const token = this.accessTokens.get(accessToken);
    if (!token || (token.accessTokenExpiresAt && token.accessTokenExpiresAt < new Date())) {
      return undefined;
    }
    const user = token.user as ConsentingUser;
    const scopes = token.scope ?? [];
    return { account: { ...user.account, scopes }, sites: user.sites, scopes };
  };

  /** The account revoked the app: every token issued to it stops working, refresh tokens too. */
  revokeAccount(accountId: string): void {
    const issuedTo = (token: { user: User }) =>
      (token.user as ConsentingUser).account.accountId === accountId;
    for (const [key, token] of this.accessTokens)
      if (issuedTo(token)) this.accessTokens.delete(key);
    for (const [key, token] of this.refreshTokens) {
      if (issuedTo(token)) this.refreshTokens.delete(key);
    }
  }

  /** Access tokens stop working (as after a password change); refresh tokens still work. */
  forgetAccessTokens(): void {
    this.accessTokens.clear();
  }

  /**
   * Atlassian's reuse leeway: a rotated refresh token still works for `ms` after its first use, so
   * that a client whose answer was lost can ask again; reused later, it revokes every refresh
   * token of its grant. 0 (the default) spends a refresh token at its first use.
   */
  allowReuseWithin(ms: number): void {
    this.reuseLeewayMs = ms;
  }

  private usableRefreshToken(refreshToken: string): RefreshToken | undefined {
    const token = this.refreshTokens.get(refreshToken);
    const spentAt = this.spentAt.get(refreshToken);
    if (!token || spentAt === undefined || Date.now() - spentAt <= this.reuseLeewayMs) return token;
    for (const [value, other] of this.refreshTokens) {
      if (other.user === token.user && other.client.id === token.client.id) {
        this.refreshTokens.delete(value);
      }
    }
    return undefined;
  }

  /**
   * The next token request is refused with `error` (nothing is issued or spent), its
   * error_description echoing what the request sent, as a careless server might: the client
   * secret, refresh token, code and verifier as they are, the form as it came (URL-encoded), the
   * client's Basic value, and a JSON document in a string (escaped again, `/` as `\/`).
   */
  echoSecretsInNextRefusal(error: string): void {
    this.echoes.push(error);
  }

  /** The next `count` token answers are computed (tokens rotate) but never delivered. */
  loseNextAnswers(count = 1): void {
    this.dropAnswers += count;
  }

  /**
   * Refresh requests wait until `release()`; `arrival(n)` resolves when the n-th has come in. Lets
   * a test keep a refresh in flight while other hub instances try theirs.
   */
  holdRefreshes(): { arrival(n: number): Promise<void>; release(): void } {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const hold = { arrivals: [] as Array<() => void>, arrived: 0, gate };
    this.refreshHold = hold;
    return {
      arrival: (n) =>
        new Promise<void>((resolve) => {
          const check = () => (hold.arrived >= n ? resolve() : hold.arrivals.push(check));
          check();
        }),
      release: () => {
        this.refreshHold = undefined;
        release();
      },
    };
  }

  refreshRequests(): TokenRequestRecord[] {
    return this.tokenRequests.filter((request) => request.grantType === 'refresh_token');
  }

  private async handle(
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (request.method === 'GET' && url.pathname === '/authorize') {
      return this.showConsent(url.searchParams, response);
    }
    const consent = /^\/consent\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && consent) {
      return this.consentPage(consent[1], response);
    }
    if (request.method === 'POST' && consent) {
      return this.decide(consent[1], new URLSearchParams(body), response);
    }
    if (request.method === 'POST' && url.pathname === '/oauth/token') {
      return this.token(request, body, response);
    }
    response.writeHead(404).end();
  }

  /** Like Atlassian, PKCE is required here: an authorize request without S256 is refused. */
  private showConsent(params: URLSearchParams, response: ServerResponse): void {
    this.authorizeRequests.push(params);
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('PKCE (S256) is required');
      return;
    }
    const id = randomUUID();
    this.pendingConsents.set(id, params);
    response.writeHead(302, { location: `/consent/${id}` }).end();
  }

  /**
   * The consent screen for a browser: which account signs in, which of its sites to grant, and
   * Allow or Deny. Plain HTML, no script.
   */
  private consentPage(id: string, response: ServerResponse): void {
    const params = this.pendingConsents.get(id);
    if (!params) return void response.writeHead(404).end();
    const accounts = this.accounts.map((user, index) => {
      const accountId = escapeHtml(user.account.accountId);
      const sites = user.sites.map(
        (site) =>
          `<label><input type="checkbox" name="site" value="${accountId}:${escapeHtml(site.id)}"> ${escapeHtml(site.name)} (${escapeHtml(site.url)})</label>`,
      );
      return [
        '<fieldset>',
        `<legend><label><input type="radio" name="account" value="${accountId}"${index === 0 ? ' checked' : ''}> ${escapeHtml(user.account.displayName)}</label></legend>`,
        ...sites,
        '</fieldset>',
      ].join('\n');
    });
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        [
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Consent</title></head><body>',
          '<h1>Test authorization server: consent</h1>',
          `<p>The app asks for: ${escapeHtml(params.get('scope') ?? '')}</p>`,
          `<form method="post" action="/consent/${escapeHtml(id)}">`,
          ...accounts,
          '<button type="submit" name="decision" value="allow">Allow</button>',
          '<button type="submit" name="decision" value="deny">Deny</button>',
          '</form></body></html>',
        ].join('\n'),
      );
  }

  private async decide(id: string, form: URLSearchParams, response: ServerResponse): Promise<void> {
    const params = this.pendingConsents.get(id);
    this.pendingConsents.delete(id);
    if (!params) return void response.writeHead(404).end();
    const user = form.has('user')
      ? (JSON.parse(form.get('user') ?? '{}') as ConsentingUser)
      : this.chosenOnPage(form);
    if (!user) return void response.writeHead(400).end('choose an account');
    const query = Object.fromEntries(params);
    if (form.get('decision') !== 'allow') query.allowed = 'false';
    const oauthResponse = new OAuth2Server.Response();
    try {
      await this.oauth.authorize(
        new OAuth2Server.Request({ method: 'GET', headers: {}, query, body: {} }),
        oauthResponse,
        { authenticateHandler: { handle: () => user } },
      );
    } catch {
      // The error is in the redirect the response carries (error=access_denied&state=…).
    }
    const location = oauthResponse.headers?.location;
    if (!location) return void response.writeHead(400).end('authorization refused');
    response.writeHead(302, { location }).end();
  }

  /** The account picked on the consent page, granting the sites ticked under it. */
  private chosenOnPage(form: URLSearchParams): ConsentingUser | undefined {
    const user = this.accounts.find(
      (candidate) => candidate.account.accountId === form.get('account'),
    );
    if (!user) return undefined;
    const ticked = form.getAll('site');
    return {
      ...user,
      sites: user.sites.filter((site) => ticked.includes(`${user.account.accountId}:${site.id}`)),
    };
  }

  private async token(
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
  ): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(body));
    const record: TokenRequestRecord = {
      grantType: form.grant_type,
      refreshToken: form.refresh_token,
      code: form.code,
      codeVerifier: form.code_verifier,
    };
    this.tokenRequests.push(record);
    const echo = this.echoes.shift();
    if (echo) {
      record.status = 400;
      record.error = echo;
      const sent = [form.client_secret, form.refresh_token, form.code, form.code_verifier]
        .filter(Boolean)
        .join(' and ');
      const basic = Buffer.from(`${form.client_id}:${form.client_secret}`).toString('base64');
      const description = `Refused ${sent}; the request was ${body}; as Basic ${basic}; as JSON ${JSON.stringify(form)}`;
      response.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({ error: echo, error_description: description })
          // As PHP and some Java encoders write it.
          .replace(/\//g, '\\/'),
      );
      return;
    }
    const hold = this.refreshHold;
    // Token requests that renew a token (refresh, or a service account's new token) can be held.
    if (hold && ['refresh_token', 'client_credentials'].includes(record.grantType)) {
      hold.arrived++;
      hold.arrivals.splice(0).forEach((check) => check());
      await hold.gate;
    }
    const oauthResponse = new OAuth2Server.Response();
    try {
      await this.oauth.token(
        new OAuth2Server.Request({
          method: 'POST',
          headers: request.headers as Record<string, string>,
          query: {},
          body: form,
        }),
        oauthResponse,
      );
    } catch {
      // The error body is in the response.
    }
    const answer = (oauthResponse.body ?? {}) as Record<string, unknown>;
    record.status = oauthResponse.status;
    record.error = typeof answer.error === 'string' ? answer.error : undefined;
    // RFC 6749 and Atlassian send scope as one space-separated string.
    if (Array.isArray(answer.scope)) answer.scope = answer.scope.join(' ');
    if (this.dropAnswers > 0) {
      this.dropAnswers--;
      request.socket.destroy();
      return;
    }
    response
      .writeHead(oauthResponse.status ?? 200, { 'content-type': 'application/json' })
      .end(JSON.stringify(answer));
  }
}
