import { retryAfterMs } from './retry-timing';

/**
 * The reasons Jira Cloud names in `RateLimit-Reason` (Atlassian's "Rate limiting" page): each is a
 * different limit with a different scope, so each holds back a different set of requests.
 */
export const RATE_LIMIT_REASONS = [
  'jira-burst-based',
  'jira-per-issue-on-write',
  'jira-quota-global-based',
  'jira-quota-tenant-based',
] as const;
export type RateLimitReason = (typeof RATE_LIMIT_REASONS)[number];

/**
 * Below this share of `X-RateLimit-Limit` left in `X-RateLimit-Remaining`, the hub paces a
 * connection as if Atlassian had sent `X-RateLimit-NearLimit: true` (which Atlassian sends when
 * less than 20% of a budget remains; not every limit sends it).
 */
export const NEAR_LIMIT_SHARE = 0.2;

/** What one answer says about Atlassian's limits; every field is absent when not sent. */
export interface RateLimitSignals {
  /** A reason Atlassian named; `undefined` when none, or one the hub does not know. */
  reason?: RateLimitReason;
  /** The raw `RateLimit-Reason` value when it is not one of the known reasons. */
  unknownReason?: string;
  retryAfterMs?: number;
  /** `X-RateLimit-Reset` as epoch ms. */
  resetAt?: number;
  limit?: number;
  remaining?: number;
  /** NearLimit said true, or Remaining is under NEAR_LIMIT_SHARE of Limit. */
  nearLimit: boolean;
  /** NearLimit said false, or Remaining is at or above the share: the pressure is over. */
  clear: boolean;
}

type Headers = Record<string, unknown> | undefined;

/** Reads Atlassian's rate-limit headers from an answer (any status). */
export function readRateLimitSignals(headers: Headers, now = Date.now()): RateLimitSignals {
  // The beta of the points-based limits sent X-Beta-… names; the documented ones have no Beta.
  const rawReason = (
    header(headers, 'ratelimit-reason') ??
    header(headers, 'x-ratelimit-reason') ??
    header(headers, 'x-beta-ratelimit-reason')
  )?.trim();
  const reason = RATE_LIMIT_REASONS.find((known) => known === rawReason?.toLowerCase());
  const limit = count(header(headers, 'x-ratelimit-limit'));
  const remaining = count(header(headers, 'x-ratelimit-remaining'));
  const near = (
    header(headers, 'x-ratelimit-nearlimit') ?? header(headers, 'x-beta-ratelimit-nearlimit')
  )
    ?.trim()
    .toLowerCase();
  const lowRemaining =
    limit !== undefined && remaining !== undefined && limit > 0
      ? remaining < limit * NEAR_LIMIT_SHARE
      : undefined;
  const retryAfter = retryAfterMs(header(headers, 'retry-after'), now);
  const resetAt = resetOf(
    header(headers, 'x-ratelimit-reset') ?? header(headers, 'x-beta-ratelimit-reset'),
  );
  return {
    ...(reason ? { reason } : rawReason ? { unknownReason: rawReason.slice(0, 64) } : {}),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    ...(resetAt !== undefined ? { resetAt } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    nearLimit: near === 'true' || lowRemaining === true,
    clear: near !== 'true' && (near === 'false' || lowRemaining === false),
  };
}

function header(headers: Headers, name: string): string | undefined {
  if (!headers) return undefined;
  const value =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(name: string): unknown }).get(name)
      : headers[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

function count(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/**
 * `X-RateLimit-Reset` is an ISO 8601 timestamp (`yyyy-MM-ddTHH:mmZ` in Atlassian's examples);
 * anything else (a bare number some proxies send) is ignored rather than guessed at.
 */
function resetOf(value: string | undefined): number | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value.trim())) return undefined;
  const at = Date.parse(value.trim());
  return Number.isNaN(at) ? undefined : at;
}
