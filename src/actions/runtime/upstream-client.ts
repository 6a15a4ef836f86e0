import { HttpClient, HttpResponse, isHttpError } from '../../atlassian/http';
import { atlassianMessageOf } from '../../connections/upstream-failure';
import { redactEchoes } from '../../logging/redact';
import { RateLimitGate } from './rate-limit-gate';
import { backoffMs, retryAfterMs } from './retry-timing';

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
    private readonly connectionId: string,
    private readonly policy: RetryPolicy,
    private readonly gate: RateLimitGate,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async call<T>(request: UpstreamRequest): Promise<UpstreamResponse<T>> {
    const safe = SAFE_METHODS.has(request.method) || request.idempotent === true;
    for (let attempt = 0; ; attempt++) {
      await this.waitAtGate();
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
      this.calls.push({
        method: request.method,
        path: pathOf(request.path),
        status: response?.status ?? null,
        durationMs: Date.now() - started,
        attempt: attempt + 1,
        ...(networkError ? { error: networkError.code ?? networkError.message } : {}),
      });

      if (response && response.status < 400)
        return { status: response.status, data: response.data };

      const status = response?.status ?? null;
      const retriable =
        status === 429 ||
        (status !== null && RETRIABLE_STATUSES.has(status) && safe) ||
        (networkError !== undefined && (safe || NOT_SENT_CODES.has(networkError.code ?? '')));
      const hinted = retryAfterMs(response?.headers?.['retry-after']);
      const delay = hinted ?? backoffMs(attempt);
      if (status === 429) this.gate.block(this.connectionId, delay);
      if (!retriable || attempt >= this.policy.maxRetries || !this.withinBudget(delay)) {
        throw this.failure(request, response, networkError);
      }
      if (status !== 429) {
        this.waitedMs += delay;
        await this.sleep(delay);
      }
    }
  }

  private async waitAtGate(): Promise<void> {
    const wait = this.gate.waitFor(this.connectionId);
    if (wait === 0) return;
    if (!this.withinBudget(wait)) {
      throw new UpstreamError(
        429,
        `Atlassian is rate limiting this connection for another ${Math.ceil(wait / 1000)} s, longer than its retry policy allows (maxRetryWaitSeconds ${this.policy.maxRetryWaitSeconds})`,
        { retryAfterSeconds: Math.ceil(wait / 1000) },
      );
    }
    this.waitedMs += wait;
    await this.sleep(wait);
  }

  private withinBudget(delayMs: number): boolean {
    return this.waitedMs + delayMs <= this.policy.maxRetryWaitSeconds * 1000;
  }

  private failure(
    request: UpstreamRequest,
    response: HttpResponse | undefined,
    networkError: { code?: string; message: string } | undefined,
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
      429: 'Atlassian kept rate limiting the connection beyond its retry policy',
    };
    const message = [
      `Atlassian answered ${response.status} to ${where}`,
      advice[response.status],
      said,
    ]
      .filter(Boolean)
      .join(': ');
    return new UpstreamError(response.status, message, errorDetailsOf(response.data));
  }
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
