import type { HttpError } from '../atlassian/http';
import { redactEchoes, redactText } from '../logging/redact';

/** Atlassian's error bodies: `errorMessages`/`errors` (Jira), `message` (gateway), `errorMessage` (JSM). */
export function atlassianMessageOf(data: unknown): string | undefined {
  // Redacted first: a field error may echo a secret (`errors.token`), a text body a header, and
  // the message goes to answers, logs and the execution history like the details do.
  if (!data || typeof data !== 'object')
    return typeof data === 'string' && data ? redactText(data).slice(0, 300) : undefined;
  const body = redactEchoes(data) as {
    errorMessages?: unknown;
    errors?: unknown;
    message?: unknown;
    errorMessage?: unknown;
    detail?: unknown;
  };
  const parts: string[] = [];
  if (Array.isArray(body.errorMessages)) parts.push(...body.errorMessages.map(String));
  if (body.errors && typeof body.errors === 'object') {
    parts.push(...Object.entries(body.errors).map(([field, text]) => `${field}: ${String(text)}`));
  }
  if (typeof body.message === 'string') parts.push(body.message);
  // JSM's ErrorResponse uses the singular form.
  if (typeof body.errorMessage === 'string') parts.push(body.errorMessage);
  // SCIM (RFC 7644) error bodies.
  if (typeof body.detail === 'string') parts.push(body.detail);
  return parts.length ? parts.join('; ').slice(0, 500) : undefined;
}

/** A message that tells an admin what to fix, for a failed call through a connection. */
export function describeUpstreamFailure(
  error: HttpError,
  connection: { name: string; cloudId: string; url: string },
): { httpStatus: number | null; message: string } {
  const status = error.response?.status;
  const said = atlassianMessageOf(error.response?.data);
  const suffix = said ? ` Atlassian said: ${said}` : '';
  switch (status) {
    case undefined: {
      const host = new URL(connection.url).host;
      const reason =
        error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT'
          ? 'it did not answer in time (see the connection timeout)'
          : `${error.code ?? error.message}`;
      return { httpStatus: null, message: `Could not reach ${host}: ${reason}` };
    }
    case 401:
      return {
        httpStatus: 401,
        message: `Atlassian refused the credential (401): the API token or access token is wrong, expired or revoked; replace it in the credential.${suffix}`,
      };
    case 403:
      return {
        httpStatus: 403,
        message: `Atlassian accepted the credential but refused the call (403): the token lacks a scope this call needs, or the account lacks permission on the site.${suffix}`,
      };
    case 404:
      return {
        httpStatus: 404,
        message: `Atlassian knows no site with cloud id ${connection.cloudId} (404), or the account cannot see it: check the Connection URL (POST /api/connections/discover finds the cloud id).${suffix}`,
      };
    default:
      return { httpStatus: status, message: `Atlassian answered ${status}.${suffix}` };
  }
}
