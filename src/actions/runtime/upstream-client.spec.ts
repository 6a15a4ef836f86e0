import axios, { AxiosError, AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import type { OperationRef } from '../action-definition';
import { DEFAULT_PACE_MS, RateLimitGate } from './rate-limit-gate';
import { targetOf, UpstreamSubject } from './request-target';
import { UpstreamClient, UpstreamError, UpstreamRequest } from './upstream-client';

type Answer =
  { status: number; headers?: Record<string, string>; data?: unknown } | { drop: string };

/** Atlassian's side, scripted: answers in order, and the time (fake clock) each request arrived. */
class ScriptedAtlassian {
  readonly arrivals: Array<{ method: string; at: number }> = [];
  readonly client: AxiosInstance;
  private readonly answers: Answer[] = [];

  constructor() {
    this.client = axios.create({
      baseURL: 'https://api.atlassian.com/ex/jira/site/',
      adapter: (config: InternalAxiosRequestConfig) => {
        this.arrivals.push({ method: (config.method ?? 'get').toUpperCase(), at: Date.now() });
        const answer = this.answers.shift() ?? { status: 200 };
        if ('drop' in answer) {
          return Promise.reject(new AxiosError('socket hang up', answer.drop, config));
        }
        return Promise.resolve({
          status: answer.status,
          statusText: String(answer.status),
          headers: answer.headers ?? {},
          data: answer.data ?? {},
          config,
        });
      },
    });
  }

  answer(...answers: Answer[]): void {
    this.answers.push(...answers);
  }
}

const GET: UpstreamRequest = { method: 'GET', path: 'rest/api/3/myself' };
const POST: UpstreamRequest = { method: 'POST', path: 'rest/servicedeskapi/customer', body: {} };
const SITE = 'https://api.atlassian.com/ex/jira/site';
const OPERATIONS: OperationRef[] = [
  { api: 'jira-platform', method: 'GET', path: '/rest/api/3/myself' },
  { api: 'jira-platform', method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}' },
  { api: 'jira-platform', method: 'PUT', path: '/rest/api/3/issue/{issueIdOrKey}' },
  { api: 'jira-servicedesk', method: 'POST', path: '/rest/servicedeskapi/customer' },
];
const editIssue = (key: string): UpstreamRequest => ({
  method: 'PUT',
  path: `rest/api/3/issue/${key}`,
  body: {},
});
const getIssue = (key: string): UpstreamRequest => ({
  method: 'GET',
  path: `rest/api/3/issue/${key}`,
});
const subjectOf = (connectionId: string, app = 'client:app-1'): UpstreamSubject => ({
  connectionId,
  site: SITE,
  app,
});

describe(UpstreamClient.name, () => {
  let atlassian: ScriptedAtlassian;
  let gate: RateLimitGate;
  let sleeps: number[];
  let now: number;
  /** Waiting moves the clock on, as a real wait would, but takes no time. */
  const sleep = (ms: number) => {
    sleeps.push(ms);
    now += ms;
    return Promise.resolve();
  };
  const POLICY = { maxRetries: 3, maxRetryWaitSeconds: 60 };
  const sut = (policy = POLICY, connectionId = 'connection-1', app = 'client:app-1') =>
    new UpstreamClient(
      atlassian.client,
      subjectOf(connectionId, app),
      policy,
      gate,
      OPERATIONS,
      sleep,
    );

  beforeEach(() => {
    now = Date.parse('2026-11-23T12:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    atlassian = new ScriptedAtlassian();
    gate = new RateLimitGate();
    sleeps = [];
  });
  afterEach(() => jest.restoreAllMocks());

  describe('on 429', () => {
    it('waits for Retry-After in seconds, then sends again', async () => {
      atlassian.answer({ status: 429, headers: { 'retry-after': '7' } }, { status: 201 });
      const client = sut();

      const response = await client.call(POST);

      expect(response.status).toBe(201);
      expect(sleeps).toEqual([7000]);
      expect(atlassian.arrivals[1].at - atlassian.arrivals[0].at).toBe(7000);
      expect(client.calls.map((call) => call.status)).toEqual([429, 201]);
    });

    it('waits until the HTTP date Retry-After names', async () => {
      atlassian.answer(
        { status: 429, headers: { 'retry-after': 'Mon, 23 Nov 2026 12:00:05 GMT' } },
        { status: 200 },
      );

      await sut().call(GET);

      expect(sleeps).toEqual([5000]);
    });

    it('backs off exponentially without Retry-After', async () => {
      atlassian.answer({ status: 429 }, { status: 429 }, { status: 200 });

      await sut().call(GET);

      expect(sleeps).toHaveLength(2);
      expect(sleeps[0]).toBeGreaterThanOrEqual(250);
      expect(sleeps[0]).toBeLessThanOrEqual(500);
      expect(sleeps[1]).toBeGreaterThanOrEqual(500);
      expect(sleeps[1]).toBeLessThanOrEqual(1000);
    });

    it('fails at once, without waiting, when Retry-After is beyond the retry budget', async () => {
      atlassian.answer({ status: 429, headers: { 'retry-after': '30' } });

      const error = await sut({ maxRetries: 5, maxRetryWaitSeconds: 2 })
        .call(POST)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({
        httpStatus: 429,
        message: expect.stringMatching(/rate limit/),
      });
      expect(sleeps).toEqual([]);
      expect(atlassian.arrivals).toHaveLength(1);
    });

    it('never waits more in all than maxRetryWaitSeconds', async () => {
      atlassian.answer(
        ...Array.from({ length: 6 }, () => ({ status: 429, headers: { 'retry-after': '4' } })),
      );

      await expect(sut({ maxRetries: 5, maxRetryWaitSeconds: 10 }).call(GET)).rejects.toThrow(
        UpstreamError,
      );

      expect(sleeps).toEqual([4000, 4000]);
    });

    it('makes every execution on the connection wait, not only the one that got it', async () => {
      atlassian.answer({ status: 429, headers: { 'retry-after': '3' } });
      let parked!: () => void;
      let release!: () => void;
      const waitingFirst = new Promise<void>((resolve) => (parked = resolve));
      const first = new UpstreamClient(
        atlassian.client,
        subjectOf('connection-1'),
        POLICY,
        gate,
        OPERATIONS,
        () => {
          parked();
          return new Promise<void>((resolve) => (release = resolve));
        },
      );
      const firstDone = first.call(POST);
      await waitingFirst;
      const blockedAt = now;

      const other = sut();
      await other.call(GET);

      // It waited for the connection before sending anything, and its wait counts as its own.
      expect(sleeps).toEqual([3000]);
      expect(atlassian.arrivals[1]).toEqual({ method: 'GET', at: blockedAt + 3000 });
      expect(other.calls.map((call) => call.status)).toEqual([200]);
      release();
      await firstDone;
    });

    it('leaves other connections alone', async () => {
      gate.hold(targetOf(GET, subjectOf('connection-1')), 'connection', 'unspecified', now + 3000);

      await sut(POLICY, 'connection-2').call(GET);

      expect(sleeps).toEqual([]);
    });
  });

  describe('by the limit Atlassian names in RateLimit-Reason', () => {
    const limited = (reason: string, retryAfter = '3', extra: Record<string, string> = {}) => ({
      status: 429,
      headers: { 'retry-after': retryAfter, 'ratelimit-reason': reason, ...extra },
    });

    it('a burst limit holds back that endpoint and method on the connection, nothing else', async () => {
      atlassian.answer(limited('jira-burst-based'));
      const first = sut({ maxRetries: 0, maxRetryWaitSeconds: 60 });
      const failed = await first.call(getIssue('A-1')).catch((e: unknown) => e);
      expect(failed).toMatchObject({
        httpStatus: 429,
        details: {
          rateLimit: {
            reason: 'jira-burst-based',
            scope: 'endpoint',
            endpoint: 'GET /rest/api/3/issue/{issueIdOrKey}',
            retryAfterSeconds: 3,
          },
        },
      });
      expect(first.calls[0].rateLimitReason).toBe('jira-burst-based');

      await sut().call(GET); // another endpoint
      await sut().call(editIssue('A-1')); // another method
      await sut(POLICY, 'connection-2').call(getIssue('A-1')); // another connection
      expect(sleeps).toEqual([]);

      await sut().call(getIssue('B-2')); // the same operation on another issue
      expect(sleeps).toEqual([3000]);
    });

    it('a per-issue write limit holds back writes to that issue only', async () => {
      atlassian.answer(limited('jira-per-issue-on-write', '5'), { status: 204 });
      const first = sut();
      const done = await first.call(editIssue('A-1'));
      expect(done.status).toBe(204);
      expect(sleeps).toEqual([5000]);

      atlassian.answer(limited('jira-per-issue-on-write', '5'));
      await expect(
        sut({ maxRetries: 0, maxRetryWaitSeconds: 60 }).call(editIssue('A-1')),
      ).rejects.toMatchObject({
        details: { rateLimit: { scope: 'issue', issue: 'A-1' } },
        message: expect.stringContaining('writes to issue A-1 (jira-per-issue-on-write)'),
      });
      sleeps = [];
      await sut().call(editIssue('B-2'));
      await sut().call(getIssue('A-1')); // a read of it
      await sut(POLICY, 'connection-2').call(getIssue('A-1'));
      expect(sleeps).toEqual([]);
      // Another connection to the same site writes the same issue: held back too.
      await sut(POLICY, 'connection-2').call(editIssue('A-1'));
      expect(sleeps).toEqual([5000]);
    });

    it('a global quota holds back every connection of the OAuth app until its reset', async () => {
      const reset = new Date(now + 40 * 60_000).toISOString();
      atlassian.answer(limited('jira-quota-global-based', '60', { 'x-ratelimit-reset': reset }));

      const failed = await sut()
        .call(GET)
        .catch((e: unknown) => e);

      expect(failed).toMatchObject({
        httpStatus: 429,
        details: {
          rateLimit: {
            reason: 'jira-quota-global-based',
            scope: 'app',
            retryAfterSeconds: 2400,
            resetAt: reset,
          },
        },
      });
      const sameApp = await sut(POLICY, 'connection-2')
        .call(POST)
        .catch((e: unknown) => e);
      expect(sameApp).toMatchObject({
        httpStatus: 429,
        message: expect.stringContaining("this OAuth app's requests on every site"),
        details: { rateLimit: { scope: 'app', reason: 'jira-quota-global-based' } },
      });
      expect(atlassian.arrivals).toHaveLength(1);
      await sut(POLICY, 'connection-3', 'client:app-2').call(GET);
      expect(atlassian.arrivals).toHaveLength(2);
    });

    it('a tenant quota holds back the OAuth app on that site only', async () => {
      atlassian.answer(limited('jira-quota-tenant-based', '600'));
      await expect(sut().call(GET)).rejects.toMatchObject({
        details: { rateLimit: { scope: 'app-site' } },
      });
      const otherSite = new UpstreamClient(
        atlassian.client,
        { connectionId: 'connection-9', site: `${SITE}-2`, app: 'client:app-1' },
        POLICY,
        gate,
        OPERATIONS,
        sleep,
      );
      await otherSite.call(GET);
      await expect(sut(POLICY, 'connection-2').call(GET)).rejects.toMatchObject({
        httpStatus: 429,
      });
      expect(atlassian.arrivals).toHaveLength(2);
    });

    it('a 429 without a reason holds back the whole connection, as before', async () => {
      atlassian.answer({ status: 429, headers: { 'retry-after': '2' } });
      const client = sut({ maxRetries: 0, maxRetryWaitSeconds: 60 });
      await expect(client.call(GET)).rejects.toMatchObject({
        details: { rateLimit: { reason: 'unspecified', scope: 'connection' } },
      });
      expect(client.calls[0].rateLimitReason).toBe('unspecified');
      await sut().call(POST);
      expect(sleeps).toEqual([2000]);
    });
  });

  describe('before a limit: pacing', () => {
    it('spaces requests out after X-RateLimit-NearLimit: true, until an answer says it is over', async () => {
      atlassian.answer({ status: 200, headers: { 'x-ratelimit-nearlimit': 'true' } });
      await sut().call(GET);
      expect(sleeps).toEqual([]);

      // Three executions start together: the clock stands still while they take their turns.
      const turns: number[] = [];
      const together = () =>
        new UpstreamClient(
          atlassian.client,
          subjectOf('connection-1'),
          POLICY,
          gate,
          OPERATIONS,
          (ms) => {
            turns.push(ms);
            return Promise.resolve();
          },
        );
      await Promise.all([together().call(GET), together().call(GET), together().call(GET)]);
      // Successive turns one interval apart, counted from the near-limit answer.
      expect(turns).toEqual([DEFAULT_PACE_MS, 2 * DEFAULT_PACE_MS, 3 * DEFAULT_PACE_MS]);
      now += 3 * DEFAULT_PACE_MS;
      // Another connection is not paced.
      await sut(POLICY, 'connection-2').call(GET);
      expect(sleeps).toEqual([]);

      atlassian.answer({ status: 200, headers: { 'x-ratelimit-nearlimit': 'false' } });
      await sut().call(GET);
      sleeps = [];
      await sut().call(GET);
      expect(sleeps).toEqual([]);
    });

    it('paces when X-RateLimit-Remaining is under a fifth of the limit, spreading it to the reset', async () => {
      atlassian.answer({
        status: 200,
        headers: {
          'x-ratelimit-limit': '100',
          'x-ratelimit-remaining': '10',
          'x-ratelimit-reset': new Date(now + 5000).toISOString(),
        },
      });
      await sut().call(GET);
      await sut().call(GET);
      expect(sleeps).toEqual([500]);

      // At a fifth or more left, nothing is paced.
      atlassian.answer({
        status: 200,
        headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '20' },
      });
      await sut(POLICY, 'connection-2').call(GET);
      await sut(POLICY, 'connection-2').call(GET);
      expect(sleeps).toEqual([500]);
    });

    it('never fails an execution for pacing, and does not count it in the retry budget', async () => {
      atlassian.answer({ status: 200, headers: { 'x-ratelimit-nearlimit': 'true' } });
      await sut().call(GET);
      const strict = sut({ maxRetries: 0, maxRetryWaitSeconds: 0 });
      await expect(strict.call(GET)).resolves.toMatchObject({ status: 200 });
      expect(sleeps).toEqual([DEFAULT_PACE_MS]);
    });
  });

  describe('on 5xx and network errors', () => {
    it('retries a GET after a 503 and a dropped connection', async () => {
      atlassian.answer({ status: 503 }, { drop: 'ECONNRESET' }, { status: 200 });
      const client = sut();

      await client.call(GET);

      expect(client.calls.map((call) => call.status)).toEqual([503, null, 200]);
      expect(sleeps).toHaveLength(2);
    });

    it('honours Retry-After on a 503, and holds the connection back meanwhile', async () => {
      atlassian.answer({ status: 503, headers: { 'retry-after': '4' } }, { status: 200 });
      await sut().call(GET);
      expect(sleeps).toEqual([4000]);

      atlassian.answer({ status: 503, headers: { 'retry-after': '4' } });
      const failed = await sut()
        .call(POST)
        .catch((e: unknown) => e);
      expect(failed).toMatchObject({
        httpStatus: 503,
        message: expect.stringContaining('asked to wait 4 s'),
        details: { rateLimit: { reason: 'service-unavailable', scope: 'connection' } },
      });
      await sut().call(GET);
      expect(sleeps).toEqual([4000, 4000]);
    });

    it('does not repeat a POST after a 500 or a dropped connection: it may have been applied', async () => {
      atlassian.answer({ status: 500 });
      await expect(sut().call(POST)).rejects.toMatchObject({ httpStatus: 500 });
      atlassian.answer({ drop: 'ECONNRESET' });
      await expect(sut().call(POST)).rejects.toMatchObject({ httpStatus: null });

      expect(atlassian.arrivals).toHaveLength(2);
    });

    it('repeats a POST the action marks idempotent, and any request that was refused', async () => {
      atlassian.answer({ status: 502 }, { status: 200 }, { drop: 'ECONNREFUSED' }, { status: 201 });

      await sut().call({ ...POST, idempotent: true });
      await sut().call(POST);

      expect(atlassian.arrivals).toHaveLength(4);
    });

    it("carries Atlassian's error fields as details, null when the body is no JSON object", async () => {
      atlassian.answer(
        { status: 400, data: { errorMessages: ['Bad'], errors: { email: 'Invalid' } } },
        { status: 502, data: '<html><body>502 Bad Gateway</body></html>' },
        { status: 500, data: '' },
        { drop: 'ECONNRESET' },
      );

      const failures = [];
      for (let i = 0; i < 4; i++) {
        failures.push(
          await sut()
            .call(POST)
            .catch((error: unknown) => error),
        );
      }

      expect(failures.map((f) => (f as UpstreamError).details)).toEqual([
        expect.objectContaining({ errorMessages: ['Bad'], errors: { email: 'Invalid' } }),
        null,
        null,
        { code: 'ECONNRESET' },
      ]);
    });

    it('stops after maxRetries retries', async () => {
      atlassian.answer(...Array.from({ length: 5 }, () => ({ status: 503 })));

      await expect(sut({ maxRetries: 2, maxRetryWaitSeconds: 60 }).call(GET)).rejects.toThrow(
        UpstreamError,
      );

      expect(atlassian.arrivals).toHaveLength(3);
    });
  });
});
