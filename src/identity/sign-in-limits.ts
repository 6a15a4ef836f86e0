/**
 * The rules of the sign-in throttle, free of the database so they can be checked against a clock
 * of the test's choosing. SignInThrottleService applies them to the rows of `sign_in_failures`.
 *
 * Two counts limit guessing:
 * - per (user name, client address) pair: a few failures are free (typos), then each one makes the
 *   pair wait longer before its next attempt. Only that pair waits: the same user name from
 *   another address, and so its owner, is not held back by someone else's failures.
 * - per client address: a high ceiling on failures within a window, against one address trying
 *   many user names. Reaching it holds the whole address back until the window ends.
 */

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;

/** Failures of one pair that cost no wait: a user mistyping a password a few times. */
export const FREE_PAIR_FAILURES = 3;
/** The wait after the first failure beyond the free ones; it doubles with each further one. */
export const FIRST_PAIR_DELAY_MS = 2 * SECOND_MS;
/** The longest a pair ever waits between attempts. */
export const MAX_PAIR_DELAY_MS = 15 * MINUTE_MS;
/** A pair's failures are forgotten after this long without one. */
export const PAIR_MEMORY_MS = 24 * 60 * MINUTE_MS;

/** Failures from one address, over all user names, counted within this window. */
export const ADDRESS_WINDOW_MS = 15 * MINUTE_MS;
/** High: an office behind one NAT address, or clients behind an untrusted proxy, share it. */
export const ADDRESS_FAILURE_LIMIT = 100;

export type LimitKind = 'pair' | 'address';

/** One row's count, as the rules see it. */
export interface FailureCount {
  failures: number;
  /** Start of the count: the address's window starts here. */
  firstFailureAt: Date;
  lastFailureAt: Date;
  /** No attempt is let through before this time. */
  retryAt: Date | null;
}

/** How long a pair waits after its `failures`-th failure in a row. */
export function pairDelayMs(failures: number): number {
  const beyondFree = failures - FREE_PAIR_FAILURES;
  if (beyondFree <= 0) return 0;
  // Capped before the power grows large: 2^30 would already be past the cap.
  return Math.min(MAX_PAIR_DELAY_MS, FIRST_PAIR_DELAY_MS * 2 ** Math.min(beyondFree - 1, 30));
}

/** The count still in force at `now`, or undefined when it has run out (as if never there). */
export function countInForce(
  kind: LimitKind,
  row: FailureCount | undefined,
  now: Date,
): FailureCount | undefined {
  if (!row) return undefined;
  const endsAt =
    kind === 'pair'
      ? row.lastFailureAt.getTime() + PAIR_MEMORY_MS
      : row.firstFailureAt.getTime() + ADDRESS_WINDOW_MS;
  return endsAt <= now.getTime() ? undefined : row;
}

/** Milliseconds until an attempt is let through; 0 when it may go ahead now. */
export function waitMs(kind: LimitKind, row: FailureCount | undefined, now: Date): number {
  const retryAt = countInForce(kind, row, now)?.retryAt;
  return retryAt ? Math.max(0, retryAt.getTime() - now.getTime()) : 0;
}

/** The count after one more failure at `now`. */
export function withFailure(
  kind: LimitKind,
  row: FailureCount | undefined,
  now: Date,
): FailureCount {
  const previous = countInForce(kind, row, now);
  const failures = (previous?.failures ?? 0) + 1;
  const firstFailureAt = previous?.firstFailureAt ?? now;
  let retryAt: Date | null;
  if (kind === 'pair') {
    const delay = pairDelayMs(failures);
    retryAt = delay > 0 ? new Date(now.getTime() + delay) : null;
  } else {
    retryAt =
      failures >= ADDRESS_FAILURE_LIMIT
        ? new Date(firstFailureAt.getTime() + ADDRESS_WINDOW_MS)
        : null;
  }
  return { failures, firstFailureAt, lastFailureAt: now, retryAt };
}

/**
 * The address's count with one failure taken back: an attempt is counted before the password is
 * checked (so parallel attempts cannot all slip past the limit), and the right password returns
 * it. Undefined when nothing is left to count.
 */
export function withoutOneFailure(
  row: FailureCount | undefined,
  now: Date,
): FailureCount | undefined {
  const previous = countInForce('address', row, now);
  if (!previous || previous.failures <= 1) return undefined;
  const failures = previous.failures - 1;
  return {
    ...previous,
    failures,
    retryAt: failures >= ADDRESS_FAILURE_LIMIT ? previous.retryAt : null,
  };
}

/** "5 seconds", "3 minutes": the wait as a person reads it, rounded up. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / SECOND_MS));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
