import { AxiosHeaders } from 'axios';
import { readRateLimitSignals } from './rate-limit-signals';

const NOW = Date.parse('2026-11-23T12:00:00Z');

describe('readRateLimitSignals', () => {
  it("reads Atlassian's headers, in any case, from a plain object or axios headers", () => {
    const headers = new AxiosHeaders({
      'Retry-After': '5',
      'RateLimit-Reason': 'jira-quota-global-based',
      'X-RateLimit-Limit': '350',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '2026-11-23T13:00Z',
      'X-RateLimit-NearLimit': 'true',
    });
    expect(readRateLimitSignals(headers as unknown as Record<string, unknown>, NOW)).toEqual({
      reason: 'jira-quota-global-based',
      retryAfterMs: 5000,
      resetAt: Date.parse('2026-11-23T13:00:00Z'),
      limit: 350,
      remaining: 0,
      nearLimit: true,
      clear: false,
    });
  });

  it.each([
    'jira-burst-based',
    'jira-per-issue-on-write',
    'jira-quota-global-based',
    'jira-quota-tenant-based',
  ])('knows the reason %s, also under X-RateLimit-Reason', (reason) => {
    expect(readRateLimitSignals({ 'x-ratelimit-reason': reason }, NOW).reason).toBe(reason);
  });

  it('keeps an unknown reason apart, shortened, without taking it for a known one', () => {
    const signals = readRateLimitSignals(
      { 'ratelimit-reason': `jira-new-${'x'.repeat(100)}` },
      NOW,
    );
    expect(signals.reason).toBeUndefined();
    expect(signals.unknownReason).toHaveLength(64);
  });

  it('takes Remaining under a fifth of Limit as near the limit, and a fifth or more as clear', () => {
    const read = (limit: string, remaining: string) =>
      readRateLimitSignals({ 'x-ratelimit-limit': limit, 'x-ratelimit-remaining': remaining }, NOW);
    expect(read('100', '19')).toMatchObject({ nearLimit: true, clear: false });
    expect(read('100', '20')).toMatchObject({ nearLimit: false, clear: true });
    expect(read('0', '0')).toMatchObject({ nearLimit: false, clear: false });
    // NearLimit: true wins over a comfortable Remaining; false clears.
    expect(
      readRateLimitSignals(
        {
          'x-ratelimit-nearlimit': 'true',
          'x-ratelimit-limit': '100',
          'x-ratelimit-remaining': '90',
        },
        NOW,
      ),
    ).toMatchObject({ nearLimit: true, clear: false });
    expect(readRateLimitSignals({ 'x-ratelimit-nearlimit': 'false' }, NOW)).toMatchObject({
      nearLimit: false,
      clear: true,
    });
  });

  it('ignores what it cannot read, and says nothing about an answer without the headers', () => {
    expect(
      readRateLimitSignals(
        { 'x-ratelimit-reset': '1711843260', 'x-ratelimit-limit': 'many', 'retry-after': 'soon' },
        NOW,
      ),
    ).toEqual({ nearLimit: false, clear: false });
    expect(readRateLimitSignals(undefined, NOW)).toEqual({ nearLimit: false, clear: false });
  });
});
