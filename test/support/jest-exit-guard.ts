/** The few fields of jest's global config that matter here. */
export interface ExitGuardConfig {
  watch: boolean;
  watchAll: boolean;
  detectOpenHandles: boolean;
  forceExit: boolean;
}

/** How long after the last test a process may still be closing things before it counts as hung. */
export const EXIT_GRACE_MS = 10_000;

/**
 * Arms a timer that does not itself keep Node running: if the process is still alive `graceMs`
 * later, something a test opened (a server, socket, browser, timer) is holding it, and jest would
 * wait for it forever. It then prints one line naming what is open and exits with status 1.
 */
export function armExitGuard(graceMs: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    const open = summarize(process.getActiveResourcesInfo());
    process.stderr.write(
      `jest-exit-guard: the tests ended ${graceMs / 1000} s ago but Node is still held open by ${open}: a test file did not close what it opened; exiting with status 1 (find it with npx jest --runInBand --detectOpenHandles <file>)\n`,
    );
    process.exit(1);
  }, graceMs);
  timer.unref();
  return timer;
}

/**
 * jest's globalTeardown (jest.config.js), the safety net behind the suites' own afterAll hooks: a
 * leak fails `npm test` with a reason instead of hanging it. Watch mode stays alive on purpose;
 * --detectOpenHandles and --forceExit handle open handles themselves.
 */
export default function exitGuard(globalConfig: ExitGuardConfig): void {
  const { watch, watchAll, detectOpenHandles, forceExit } = globalConfig;
  if (watch || watchAll || detectOpenHandles || forceExit) return;
  armExitGuard(EXIT_GRACE_MS);
}

function summarize(kinds: string[]): string {
  if (kinds.length === 0) return 'nothing Node reports';
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => (count > 1 ? `${kind} (${count})` : kind)).join(', ');
}
