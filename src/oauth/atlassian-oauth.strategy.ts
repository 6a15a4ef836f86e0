import type { Request } from 'express';
import { Strategy as OAuth2Strategy, StateStore } from 'passport-oauth2';
import { TokenEndpointClient, TokenSet, tokenSetOf } from './token-endpoint.client';

export interface AtlassianStrategyOptions {
  authorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  callbackUrl: string;
  scopes: string[];
  store: FlowStateStore;
  tokenEndpoint: TokenEndpointClient;
}

/**
 * passport-oauth2's state store contract, in the PKCE form it detects by arity: `store` receives
 * the verifier it generated and answers the state; `verify` answers the verifier for a state.
 */
export interface FlowStateStore {
  store(
    req: Request,
    verifier: string,
    state: unknown,
    meta: unknown,
    done: (error: Error | null, state?: string) => void,
  ): void;
  verify(
    req: Request,
    state: string,
    meta: unknown,
    done: (error: Error | null, verifier: string | false, info?: unknown) => void,
  ): void;
}

export type StrategyOutcome =
  | { kind: 'redirect'; url: string }
  | { kind: 'success'; tokens: TokenSet }
  | { kind: 'fail'; message: string }
  | { kind: 'error'; error: Error & { code?: string } };

type OAuth2Request = (
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string,
  accessToken: string | null,
  callback: (error: unknown, data?: string) => void,
) => void;

/**
 * passport-oauth2's OAuth2Strategy for Atlassian: always PKCE (S256) and state, `audience` and
 * `prompt=consent` on the authorize URL, no user profile. Its token request goes through the hub's
 * TokenEndpointClient (allow-list, timeout, no proxy) instead of the oauth library's bare https.
 */
export class AtlassianOAuthStrategy extends OAuth2Strategy {
  constructor(options: AtlassianStrategyOptions) {
    super(
      {
        authorizationURL: options.authorizationUrl,
        tokenURL: options.tokenUrl,
        clientID: options.clientId,
        clientSecret: options.clientSecret,
        callbackURL: options.callbackUrl,
        scope: options.scopes,
        scopeSeparator: ' ',
        pkce: true,
        state: true,
        store: options.store as unknown as StateStore,
        skipUserProfile: true,
      },
      (
        accessToken: string,
        refreshToken: string,
        params: Record<string, unknown>,
        _profile: unknown,
        done: (error: Error | null, user?: Express.User) => void,
      ) => {
        const tokens = tokenSetOf({
          ...params,
          access_token: accessToken,
          refresh_token: refreshToken,
        });
        if (!tokens) return done(new Error('The token endpoint answered without an access token'));
        done(null, tokens);
      },
    );
    const request: OAuth2Request = (_method, url, _headers, body, _token, callback) => {
      options.tokenEndpoint.post(url, body).then(
        ({ status, body: answer }) =>
          status >= 200 && status < 300
            ? callback(null, answer)
            : callback({ statusCode: status, data: answer }),
        (error: unknown) => callback(error),
      );
    };
    (this._oauth2 as unknown as { _request: OAuth2Request })._request = request;
  }

  override authorizationParams(): object {
    // Atlassian's 3LO needs the audience; prompt=consent shows the site picker every time.
    return { audience: 'api.atlassian.com', prompt: 'consent' };
  }

  /** Runs the strategy for one request, the way passport's middleware would, as a promise. */
  run(req: Partial<Request>): Promise<StrategyOutcome> {
    return new Promise((resolve) => {
      const run = Object.create(this) as {
        redirect(url: string): void;
        success(user: unknown): void;
        fail(info?: { message?: string }): void;
        error(error: Error): void;
        pass(): void;
        authenticate(req: Request): void;
      };
      run.redirect = (url) => resolve({ kind: 'redirect', url });
      run.success = (tokens) => resolve({ kind: 'success', tokens: tokens as TokenSet });
      run.fail = (info) =>
        resolve({ kind: 'fail', message: info?.message ?? 'The authorization was refused' });
      run.error = (error) => resolve({ kind: 'error', error });
      run.pass = () => resolve({ kind: 'fail', message: 'Nothing to do' });
      run.authenticate(req as Request);
    });
  }
}
