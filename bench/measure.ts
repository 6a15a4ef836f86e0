/** Small timing helpers for the benchmark: monotonic clock, percentiles, bounded loops. */

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function median(samples: number[]): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function mean(samples: number[]): number {
  return samples.length === 0 ? NaN : samples.reduce((sum, x) => sum + x, 0) / samples.length;
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Runs `a` and `b` one after another in alternating batches, so that drift (JIT, GC, a growing
 * database) falls on both sides alike. Stops at `count` runs each or when `maxMs` has passed.
 */
export async function alternateSequential(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  options: { count: number; batch: number; maxMs: number },
): Promise<{ a: number[]; b: number[] }> {
  const samples = { a: [] as number[], b: [] as number[] };
  const deadline = nowMs() + options.maxMs;
  while (samples.a.length < options.count && nowMs() < deadline) {
    for (const [run, into] of [
      [a, samples.a],
      [b, samples.b],
    ] as const) {
      for (let i = 0; i < options.batch && into.length < options.count; i++) {
        const started = nowMs();
        await run();
        into.push(nowMs() - started);
      }
    }
  }
  return samples;
}

/**
 * `concurrency` workers share `count` requests; stops early at `maxMs`. Returns completed requests,
 * failures and elapsed time.
 */
export async function closedLoop(
  run: () => Promise<boolean>,
  options: { concurrency: number; count: number; maxMs: number },
): Promise<{ completed: number; failed: number; elapsedMs: number; requestsPerSecond: number }> {
  let issued = 0;
  let completed = 0;
  let failed = 0;
  const started = nowMs();
  const deadline = started + options.maxMs;
  const worker = async () => {
    while (issued < options.count && nowMs() < deadline) {
      issued++;
      const ok = await run().catch(() => false);
      if (ok) completed++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = nowMs() - started;
  return { completed, failed, elapsedMs, requestsPerSecond: (completed / elapsedMs) * 1000 };
}
