import {
  ADDRESS_FAILURE_LIMIT,
  ADDRESS_WINDOW_MS,
  describeWait,
  FailureCount,
  FREE_PAIR_FAILURES,
  MAX_PAIR_DELAY_MS,
  PAIR_MEMORY_MS,
  pairDelayMs,
  waitMs,
  withFailure,
  withoutOneFailure,
} from './sign-in-limits';

const START = new Date('2026-12-03T10:00:00.000Z');
const at = (ms: number) => new Date(START.getTime() + ms);

/** `count` failures of one kind, each at the moment its wait ended (as a patient guesser). */
function failRepeatedly(kind: 'pair' | 'address', count: number): FailureCount {
  let row: FailureCount | undefined;
  let now = START;
  for (let i = 0; i < count; i++) {
    now = new Date(now.getTime() + waitMs(kind, row, now));
    row = withFailure(kind, row, now);
  }
  return row!;
}

describe('sign-in limits per (user name, address) pair', () => {
  it('lets the first few failures go without a wait', () => {
    let row: FailureCount | undefined;
    for (let i = 1; i <= FREE_PAIR_FAILURES; i++) {
      row = withFailure('pair', row, START);
      expect(row.failures).toBe(i);
      expect(waitMs('pair', row, START)).toBe(0);
    }
  });

  it('doubles the wait with each further failure, up to the cap', () => {
    const delays = Array.from({ length: 14 }, (_, i) => pairDelayMs(FREE_PAIR_FAILURES + 1 + i));
    expect(delays.slice(0, 5)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
    for (let i = 1; i < delays.length; i++) {
      expect(delays[i]).toBe(Math.min(2 * delays[i - 1], MAX_PAIR_DELAY_MS));
    }
    expect(delays.at(-1)).toBe(MAX_PAIR_DELAY_MS);
    expect(pairDelayMs(10_000)).toBe(MAX_PAIR_DELAY_MS);
  });

  it('refuses attempts while the wait runs, and lets one through when it ends', () => {
    const row = failRepeatedly('pair', FREE_PAIR_FAILURES + 2);
    const failedAt = row.lastFailureAt;
    const delay = pairDelayMs(FREE_PAIR_FAILURES + 2);
    expect(row.retryAt).toEqual(new Date(failedAt.getTime() + delay));
    expect(waitMs('pair', row, failedAt)).toBe(delay);
    expect(waitMs('pair', row, new Date(failedAt.getTime() + delay - 1))).toBe(1);
    expect(waitMs('pair', row, new Date(failedAt.getTime() + delay))).toBe(0);
  });

  it('forgets a pair a day after its last failure, not before', () => {
    const row = failRepeatedly('pair', 12);
    const last = row.lastFailureAt.getTime();
    expect(withFailure('pair', row, new Date(last + PAIR_MEMORY_MS - 1)).failures).toBe(13);
    const fresh = withFailure('pair', row, new Date(last + PAIR_MEMORY_MS));
    expect(fresh.failures).toBe(1);
    expect(fresh.retryAt).toBeNull();
  });
});

describe('sign-in limits per address', () => {
  it('counts failures in a window without a wait until the ceiling', () => {
    const row = failRepeatedly('address', ADDRESS_FAILURE_LIMIT - 1);
    expect(waitMs('address', row, row.lastFailureAt)).toBe(0);
  });

  it('holds the address back from the ceiling until its window ends', () => {
    let row: FailureCount | undefined;
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) row = withFailure('address', row, at(i * 1000));
    expect(row!.retryAt).toEqual(at(ADDRESS_WINDOW_MS));
    expect(waitMs('address', row, at(ADDRESS_FAILURE_LIMIT * 1000))).toBe(
      ADDRESS_WINDOW_MS - ADDRESS_FAILURE_LIMIT * 1000,
    );
    expect(waitMs('address', row, at(ADDRESS_WINDOW_MS))).toBe(0);
    expect(withFailure('address', row, at(ADDRESS_WINDOW_MS)).failures).toBe(1);
  });

  it('takes back the attempt of a right password, releasing the ceiling it reached', () => {
    let row: FailureCount | undefined;
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) row = withFailure('address', row, START);
    expect(row!.retryAt).not.toBeNull();
    const back = withoutOneFailure(row, START)!;
    expect(back.failures).toBe(ADDRESS_FAILURE_LIMIT - 1);
    expect(back.retryAt).toBeNull();
    expect(back.firstFailureAt).toEqual(START);
    expect(withoutOneFailure(withFailure('address', undefined, START), START)).toBeUndefined();
    expect(withoutOneFailure(row, at(ADDRESS_WINDOW_MS))).toBeUndefined();
  });
});

describe('describeWait', () => {
  it.each([
    [1, '1 second'],
    [2_000, '2 seconds'],
    [59_001, '1 minute'],
    [60_001, '2 minutes'],
    [15 * 60_000, '15 minutes'],
  ])('reads %d ms as %s', (ms, text) => {
    expect(describeWait(ms)).toBe(text);
  });
});
