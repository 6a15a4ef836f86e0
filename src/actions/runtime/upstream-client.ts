import { HttpClient, HttpResponse, isHttpError } from '../../atlassian/http';
import { atlassianMessageOf } from '../../connections/upstream-failure';
import { redactEchoes } from '../../logging/redact';
import type { OperationRef } from '../action-definition';
import {
  Hold,
  HoldReason,
  HoldScope,
  RateLimitGate,
  RequestTarget,
  scopeOfReason,
} from './rate-limit-gate';
import { RateLimitSignals, readRateLimitSignals } from './rate-limit-signals';
import { targetOf, UpstreamSubject } from './request-target';
import { backoffMs } from './retry-timing';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the connection URL (`rest/api/3/myself`), or absolute on an allowed host. */
  path: string;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** A POST that Atlassian treats as idempotent may be retried after a 5xx or a network error. */
  idempotent?: boolean;
}

export interface UpstreamResponse<T> {
  status: number;
  data: T;
}

export interface UpstreamCall {
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  attempt: number;
  error?: string;
  /** On a 429: the limit Atlassian named (`RateLimit-Reason`), or `unspecified`. */
  rateLimitReason?: HoldReason;
}

/** Which limit stopped an execution, in its error details and the history. */
export interface RateLimitDetails {
  reason: HoldReason;
  /** What the limit holds back (see docs/actions.md). */
  scope: HoldScope;
  /** `METHOD /path/{template}`, for an endpoint limit. */
  endpoint?: string;
  /** The issue, for a per-issue write limit. */
  issue?: string;
  retryAfterSeconds: number;
  /** When Atlassian said the limit resets (`X-RateLimit-Reset`), if it did. */
  resetAt?: string;
}

export interface RetryPolicy {
  maxRetries: number;
  maxRetryWaitSeconds: number;
}

/** Atlassian answered with an error, or could not be reached. */
export class UpstreamError extends Error {
  constructor(
    readonly httpStatus: number | null,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

const SAFE_METHODS = new Set(['GET', 'PUT', 'DELETE']);
const RETRIABLE_STATUSES = new Set([500, 502, 503, 504]);
// Refused before anything was sent: repeating cannot do anything twice.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * One execution's view of Atlassian: retries what is safe to repeat, honours Retry-After and the
 * connection's gate, never waits longer in all than the retry policy allows, and records every call.
 */
export class UpstreamClient {
  readonly calls: UpstreamCall[] = [];
  private waitedMs = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly subject: UpstreamSubject,
    private readonly policy: RetryPolicy,
    private readonly gate: RateLimitGate,
    /** The action's operations: their path templates name endpoints and issues. */
    private readonly operations: readonly OperationRef[] = [],
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async call<T>(request: UpstreamRequest): Promise<UpstreamResponse<T>> {
    const safe = SAFE_METHODS.has(request.method) || request.idempotent === true;
    const target = targetOf(request, this.subject, this.operations);
    for (let attempt = 0; ; attempt++) {
      await this.waitAtGate(target);
      const started = Date.now();
      let response: HttpResponse<T> | undefined;
      let networkError: { code?: string; message: string } | undefined;
      try {
        response = await this.http.request<T>({
          method: request.method,
          url: request.path,
          params: request.query,
          data: request.body,
          headers: request.headers,
          validateStatus: () => true,
          paramsSerializer: { indexes: null },
        });
      } catch (error) {
        if (!isHttpError(error)) throw error;
        networkError = { code: error.code, message: error.message };
      }
      const status = response?.status ?? null;
      const signals = response ? readRateLimitSignals(response.headers) : undefined;
      if (signals) this.gate.observe(this.subject.connectionId, signals);
      const reason: HoldReason | undefined =
        status === 429
          ? (signals?.reason ?? 'unspecified')
          : status === 503 && signals?.retryAfterMs !== undefined
            ? 'service-unavailable'
            : undefined;
      this.calls.push({
        method: request.method,
        path: pathOf(request.path),
        status,
        durationMs: Date.now() - started,
        attempt: attempt + 1,
        ...(networkError ? { error: networkError.code ?? networkError.message } : {}),
        ...(status === 429 && reason ? { rateLimitReason: reason } : {}),
      });

      if (response && response.status < 400)
        return { status: response.status, data: response.data };

      const retriable =
        status === 429 ||
        (status !== null && RETRIABLE_STATUSES.has(status) && safe) ||
        (networkError !== undefined && (safe || NOT_SENT_CODES.has(networkError.code ?? '')));
      const delay = delayOf(reason, signals, attempt);
      let limit: RateLimitDetails | undefined;
      if (reason) {
        const scope = scopeOfReason(reason, target);
        this.gate.hold(target, scope, reason, Date.now() + delay);
        limit = detailsOf({ scope, reason, until: Date.now() + delay }, target, signals);
      }
      if (!retriable || attempt >= this.policy.maxRetries || !this.withinBudget(delay)) {
        throw this.failure(request, response, networkError, limit);
      }
      // A held scope is waited out at the gate, with every other request it holds back.
      if (!reason) {
        this.waitedMs += delay;
        await this.sleep(delay);
      }
    }
  }

  private async waitAtGate(target: RequestTarget): Promise<void> {
    // Again after each wait: a longer hold may have come meanwhile (another execution's 429, or
    // another instance's).
    for (let hold = this.gate.heldBy(target); hold; hold = this.gate.heldBy(target)) {
      const wait = hold.until - Date.now();
      if (!this.withinBudget(wait)) {
        const limit = detailsOf(hold, target);
        throw new UpstreamError(
          429,
          `Atlassian is rate limiting ${describeHold(limit)} for another ${limit.retryAfterSeconds} s, longer than the connection's retry policy allows (maxRetryWaitSeconds ${this.policy.maxRetryWaitSeconds})`,
          { retryAfterSeconds: limit.retryAfterSeconds, rateLimit: limit },
        );
      }
      this.waitedMs += wait;
      await this.sleep(wait);
    }
    // Pacing spreads requests out; it never fails an execution, and is not a wait Atlassian asked
    // for, so it does not count against the retry budget.
    const turn = this.gate.takeTurn(target.connectionId);
    if (turn > 0) await this.sleep(turn);
  }

  private withinBudget(delayMs: number): boolean {
    return this.waitedMs + delayMs <= this.policy.maxRetryWaitSeconds * 1000;
  }

  private failure(
    request: UpstreamRequest,
    response: HttpResponse | undefined,
    networkError: { code?: string; message: string } | undefined,
    limit?: RateLimitDetails,
  ): UpstreamError {
    const where = `${request.method} ${pathOf(request.path)}`;
    if (!response) {
      const reason =
        networkError?.code === 'ECONNABORTED' || networkError?.code === 'ETIMEDOUT'
          ? 'no answer within the connection timeout'
          : (networkError?.code ?? networkError?.message ?? 'unknown error');
      return new UpstreamError(null, `Could not reach Atlassian for ${where}: ${reason}`, {
        code: networkError?.code ?? null,
      });
    }
    const said = atlassianMessageOf(response.data);
    const advice: Record<number, string> = {
      401: 'the credential was refused: the API token or access token is wrong, expired or revoked',
      403: 'the credential lacks a scope this action needs, or the account lacks the permission',
      404: 'Atlassian found no such resource (or the account cannot see it)',
      429: limit
        ? `Atlassian kept rate limiting ${describeHold(limit)} beyond the connection's retry policy`
        : 'Atlassian kept rate limiting the connection beyond its retry policy',
      503:
        limit !== undefined
          ? `Atlassian is unavailable and asked to wait ${limit.retryAfterSeconds} s`
          : '',
    };
    const message = [
      `Atlassian answered ${response.status} to ${where}`,
      advice[response.status],
      said,
    ]
      .filter(Boolean)
      .join(': ');
    const details = errorDetailsOf(response.data);
    return new UpstreamError(
      response.status,
      message,
      limit ? { ...(details ?? {}), rateLimit: limit } : details,
    );
  }
}

/**
 * How long a limit holds: a quota until its reset or its Retry-After, whichever is later; anything
 * else for its Retry-After (the reset if none was sent); backoff when Atlassian named no time.
 */
function delayOf(
  reason: HoldReason | undefined,
  signals: RateLimitSignals | undefined,
  attempt: number,
): number {
  const now = Date.now();
  const toReset = signals?.resetAt !== undefined ? Math.max(0, signals.resetAt - now) : undefined;
  const quota = reason === 'jira-quota-global-based' || reason === 'jira-quota-tenant-based';
  const retryAfter = signals?.retryAfterMs;
  const named = quota
    ? toReset !== undefined || retryAfter !== undefined
      ? Math.max(toReset ?? 0, retryAfter ?? 0)
      : undefined
    : (retryAfter ?? (reason ? toReset : undefined));
  return named ?? backoffMs(attempt);
}

function detailsOf(
  hold: Hold,
  target: RequestTarget,
  signals?: RateLimitSignals,
): RateLimitDetails {
  return {
    reason: hold.reason,
    scope: hold.scope,
    ...(hold.scope === 'endpoint' ? { endpoint: target.endpoint } : {}),
    ...(hold.scope === 'issue' && target.issue !== undefined ? { issue: target.issue } : {}),
    retryAfterSeconds: Math.max(0, Math.ceil((hold.until - Date.now()) / 1000)),
    ...(signals?.resetAt !== undefined ? { resetAt: new Date(signals.resetAt).toISOString() } : {}),
  };
}

const SCOPE_WORDS: Record<HoldScope, string> = {
  connection: 'this connection',
  endpoint: 'this endpoint on this connection',
  issue: 'writes to this issue',
  app: "this OAuth app's requests on every site",
  'app-site': "this OAuth app's requests on this site",
};

function describeHold(limit: RateLimitDetails): string {
  const what =
    limit.scope === 'endpoint'
      ? `${limit.endpoint} on this connection`
      : limit.scope === 'issue'
        ? `writes to issue ${limit.issue}`
        : SCOPE_WORDS[limit.scope];
  return `${what} (${limit.reason})`;
}

function pathOf(path: string): string {
  try {
    return path.startsWith('http') ? new URL(path).pathname : path.split('?')[0];
  } catch {
    return path;
  }
}

/**
 * Atlassian's own error fields, carried over as they are; null when the body is not a JSON object
 * (an HTML page from a proxy, an empty body), so that `details` is always there for callers.
 */
function errorDetailsOf(data: unknown): Record<string, unknown> | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const { errorMessages, errors, message, errorMessage, code } = data as Record<string, unknown>;
  return redactEchoes({ errorMessages, errors, message, errorMessage, code }) as Record<
    string,
    unknown
  >;
}
