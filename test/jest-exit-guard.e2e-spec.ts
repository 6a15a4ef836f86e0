import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * jest's globalTeardown guard, run in a Node process of its own (as jest's is after the last test):
 * the guard's own timer must never be what keeps a process alive, and a leaked handle must end the
 * process with status 1 and one line naming it.
 */
describe('jest exit guard', () => {
  function run(script: string): Promise<{ code: number | null; stderr: string }> {
    const guard = `const { armExitGuard } = require(${JSON.stringify(join(__dirname, 'support', 'jest-exit-guard.ts'))});`;
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['-r', join(__dirname, 'support', 'register-ts.js'), '-e', `${guard}\n${script}`],
        (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }),
      );
    });
  }

  it('ends a process that a forgotten server holds open, naming what is open', async () => {
    const { code, stderr } = await run(
      `require('node:net').createServer().listen(0, '127.0.0.1', () => armExitGuard(200));`,
    );

    expect(code).toBe(1);
    expect(stderr).toMatch(/^jest-exit-guard: the tests ended 0\.2 s ago .*TCPServerWrap/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('lets a process that closed everything exit at once, with status 0', async () => {
    // Were the guard's timer to hold the process, this would wait 10 minutes and time out.
    const { code, stderr } = await run(`armExitGuard(600_000);`);

    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
