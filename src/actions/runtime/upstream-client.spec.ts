import axios, { AxiosError, AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import { RateLimitGate } from './rate-limit-gate';
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
  const sut = (policy = POLICY, connectionId = 'connection-1') =>
    new UpstreamClient(atlassian.client, connectionId, policy, gate, sleep);

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
      const first = new UpstreamClient(atlassian.client, 'connection-1', POLICY, gate, () => {
        parked();
        return new Promise<void>((resolve) => (release = resolve));
      });
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
      gate.block('connection-1', 3000);

      await sut(POLICY, 'connection-2').call(GET);

      expect(sleeps).toEqual([]);
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
