import { connect } from 'node:net';
import { freePort } from '../support/free-port';
import { CHROMIUM_ARGS } from './support/chromium';
import { startConsoleHarness } from './support/console-harness';

/**
 * What keeps this Node process running, by kind: servers, sockets, child processes, pipes, timers.
 * File-system requests in flight come and go and are left out.
 */
function openResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind !== 'FSReqCallback') counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Lets callbacks of things already closed run (a closed server's handle goes on the next tick). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve(true);
      else reject(error);
    });
  });
}

describe('The console harness when Chromium cannot start', () => {
  it('closes the hub and the fake Atlassian it started, and says why in one line', async () => {
    // The hub listens on this port before the browser is launched.
    const port = await freePort();
    await settle();
    const before = openResources();

    const error = await startConsoleHarness({
      port,
      chromium: {
        executablePath: '/nonexistent/chromium',
        args: CHROMIUM_ARGS,
        source: 'HUB_TEST_CHROMIUM',
      },
    }).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(Error);
    const { message } = error as Error;
    expect(message).toMatch(
      /^Chromium did not start \(HUB_TEST_CHROMIUM: \/nonexistent\/chromium\): \S/,
    );
    expect(message).not.toContain('\n');
    await settle();
    const after = openResources();
    expect(await refusesConnections(port)).toBe(true);
    // Nothing the attempt opened (hub, fake Atlassian, database, browser, their sockets) is left to
    // keep jest from exiting. jest's own timers come and go, so timers may only be fewer.
    const { Timeout: timersAfter = 0, ...othersAfter } = after;
    const { Timeout: timersBefore = 0, ...othersBefore } = before;
    expect(othersAfter).toEqual(othersBefore);
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
  });
});
