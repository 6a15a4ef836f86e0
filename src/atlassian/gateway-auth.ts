/*
 * Atlassian's gateway (api.atlassian.com) does not always answer 401 when it refuses an OAuth access
 * token: behind it, a request whose token has expired or been revoked may come back as a 403 or a
 * 404. Only the answer tells a refused token apart from a real "no permission" or "no such issue",
 * and renewing the token for the latter would cost a refresh and change nothing. This module is
 * the one place that decides; everything else asks it.
 */

/** A status, the answer's headers and its parsed body (or raw text), as the HTTP client gives them. */
export interface GatewayAnswer {
  status: number;
  headers?: Record<string, unknown>;
  data?: unknown;
}

// "The access token is expired", "OAuth 2.0 access token invalid", "Token revoked": the words name
// the credential itself, not a field of an issue that happens to be called "token".
const CREDENTIAL_TOKEN =
  /\baccess[ _-]?token\b|\boauth\b.*\btoken\b|\bbearer[ _-]?token\b|^\s*token\b/i;
const TOKEN_STATE = /\b(expired|invalid|revoked|not valid|no longer valid)\b/i;
// Jira's own words for a request that reached it with no identity the gateway could vouch for.
const NOT_AUTHENTICATED = /\bclient must be authenticated\b|\bnot authenticated\b/i;
// A token that is valid but lacks a scope is a permission problem: a new token would be the same.
const SCOPE_PROBLEM = /\bscopes?\b/i;

/**
 * True when Atlassian refused the access token itself: any 401, or a 403/404 that says so through
 * `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750), a gateway envelope whose `code` is
 * 401, or a message about an expired, invalid or revoked token (or an unauthenticated client).
 * A message about scopes never counts: that 403 is a permission the token lacks.
 */
export function isRefusedToken(answer: GatewayAnswer): boolean {
  if (answer.status === 401) return true;
  if (answer.status !== 403 && answer.status !== 404) return false;
  if (/\berror\s*=\s*"?invalid_token\b/i.test(headerText(answer.headers, 'www-authenticate'))) {
    return true;
  }
  const body = bodyOf(answer.data);
  const texts = messagesOf(body);
  if (texts.some((text) => SCOPE_PROBLEM.test(text))) return false;
  if (body && (body.code === 401 || body.code === '401' || body.error === 'invalid_token')) {
    return true;
  }
  return texts.some(
    (text) =>
      (CREDENTIAL_TOKEN.test(text) && TOKEN_STATE.test(text)) || NOT_AUTHENTICATED.test(text),
  );
}

function headerText(headers: Record<string, unknown> | undefined, name: string): string {
  if (!headers) return '';
  const value =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(name: string): unknown }).get(name)
      : headers[name];
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string').join(', ') : '';
}

function bodyOf(data: unknown): Record<string, unknown> | undefined {
  if (typeof data === 'string') {
    try {
      const parsed: unknown = JSON.parse(data);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : { message: data };
    } catch {
      return { message: data };
    }
  }
  return data && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

/** The human-readable fields Atlassian's services and gateway put their reasons in. */
function messagesOf(body: Record<string, unknown> | undefined): string[] {
  if (!body) return [];
  const texts: string[] = [];
  for (const field of ['message', 'errorMessage', 'error', 'error_description', 'detail']) {
    if (typeof body[field] === 'string') texts.push(body[field]);
  }
  if (Array.isArray(body.errorMessages)) {
    texts.push(...body.errorMessages.filter((item): item is string => typeof item === 'string'));
  }
  return texts;
}
