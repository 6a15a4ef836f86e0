import { Injectable } from '@nestjs/common';
import { isHttpError } from '../atlassian/http';
import { AtlassianHttpFactory } from '../atlassian/atlassian-http.factory';

/** Every call to a token endpoint gives up after this long. */
export const TOKEN_ENDPOINT_TIMEOUT_MS = 30_000;

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  expiresInSeconds: number;
  scopes: string[];
}

export enum TokenEndpointFailure {
  /** The endpoint answered with an OAuth error (`invalid_grant`, `invalid_client`, …). */
  Refused = 'refused',
  /** The request may have reached the endpoint, but no usable answer came back. */
  AnswerLost = 'answer_lost',
  /** Nothing was sent: the connection was refused or the name did not resolve. */
  NotSent = 'not_sent',
}

/** Never carries a token or a secret: only the endpoint's error code and description. */
export class TokenEndpointError extends Error {
  constructor(
    readonly failure: TokenEndpointFailure,
    message: string,
    readonly oauthError?: string,
  ) {
    super(message);
  }
}

// Refused before anything was sent: nothing can have been spent at the endpoint.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The hub's boundary to OAuth token endpoints: form-encoded POSTs (RFC 6749, which Atlassian's
 * endpoint accepts as well as JSON), only to allow-listed hosts, with a timeout, no redirects.
 */
@Injectable()
export class TokenEndpointClient {
  constructor(private readonly http: AtlassianHttpFactory) {}

  /** The raw answer, for passport-oauth2's code exchange (it parses it itself). */
  async post(tokenUrl: string, form: string): Promise<{ status: number; body: string }> {
    const client = this.http.createTokenEndpointClient(tokenUrl, TOKEN_ENDPOINT_TIMEOUT_MS);
    try {
      const response = await client.post<string>(tokenUrl, form, {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      return { status: response.status, body: response.data ?? '' };
    } catch (error) {
      if (!isHttpError(error)) throw error;
      const host = new URL(tokenUrl).host;
      if (NOT_SENT_CODES.has(error.code ?? '')) {
        throw new TokenEndpointError(
          TokenEndpointFailure.NotSent,
          `Could not reach the token endpoint at ${host} (${error.code})`,
        );
      }
      throw new TokenEndpointError(
        TokenEndpointFailure.AnswerLost,
        `The token endpoint at ${host} did not answer (${error.code === 'ECONNABORTED' ? 'timeout' : (error.code ?? 'connection lost')})`,
      );
    }
  }

  async refresh(request: {
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
    refreshToken: string;
  }): Promise<TokenSet> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: request.clientId,
      client_secret: request.clientSecret,
      refresh_token: request.refreshToken,
    });
    return this.tokensFor(request.tokenUrl, form, 'the refresh');
  }

  /**
   * A service account's token (RFC 6749 section 4.4): no user, no consent, no refresh token. The
   * scopes are those granted to the account's credential at admin.atlassian.com; none are asked.
   */
  async clientCredentials(request: {
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
  }): Promise<TokenSet> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: request.clientId,
      client_secret: request.clientSecret,
    });
    return this.tokensFor(request.tokenUrl, form, 'the client credentials');
  }

  private async tokensFor(
    tokenUrl: string,
    form: URLSearchParams,
    what: string,
  ): Promise<TokenSet> {
    const { status, body } = await this.post(tokenUrl, form.toString());
    const answer = parseJson(body);
    if (status >= 200 && status < 300) {
      const tokens = tokenSetOf(answer);
      if (tokens) return tokens;
      throw new TokenEndpointError(
        TokenEndpointFailure.AnswerLost,
        `The token endpoint answered ${status} without an access token`,
      );
    }
    const oauthError = typeof answer?.error === 'string' ? answer.error : undefined;
    if (!oauthError) {
      // A gateway error or an empty answer says nothing about whether the request was served.
      throw new TokenEndpointError(
        TokenEndpointFailure.AnswerLost,
        `The token endpoint answered ${status} without an OAuth error`,
      );
    }
    const description =
      typeof answer?.error_description === 'string'
        ? `: ${answer.error_description.slice(0, 200)}`
        : '';
    throw new TokenEndpointError(
      TokenEndpointFailure.Refused,
      `The token endpoint refused ${what} (${status} ${oauthError}${description})`,
      oauthError,
    );
  }
}

/** A token answer: `scope` is a space-separated string (RFC 6749); some servers send an array. */
export function tokenSetOf(answer: Record<string, unknown> | undefined): TokenSet | undefined {
  if (!answer || typeof answer.access_token !== 'string' || !answer.access_token) return undefined;
  const scope = answer.scope;
  const scopes = Array.isArray(scope)
    ? scope.map(String)
    : typeof scope === 'string'
      ? scope.split(' ').filter(Boolean)
      : [];
  const expiresIn = Number(answer.expires_in);
  return {
    accessToken: answer.access_token,
    refreshToken:
      typeof answer.refresh_token === 'string' && answer.refresh_token
        ? answer.refresh_token
        : undefined,
    // Atlassian's access tokens live an hour; a server that does not say is taken at that.
    expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
    scopes,
  };
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
