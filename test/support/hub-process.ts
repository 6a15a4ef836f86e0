import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface HubProcess {
  url: string;
  /** Everything the process wrote to stdout: its log. */
  log: string[];
  stop(): Promise<void>;
  /** Kills the process with SIGKILL (no shutdown hooks run) and resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * Starts a second hub as a separate Node.js process: nothing in memory is shared with the hub in
 * the test process, only the database and the network. Resolves once it listens.
 */
export async function startHubProcess(env: Record<string, string>): Promise<HubProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', join(__dirname, 'register-ts.js'), join(__dirname, 'hub-process-main.ts')],
    { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8');
      const line = /^\{"port":(\d+)\}$/m.exec(errors);
      if (line) resolve(Number(line[1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`hub process exited with ${code}: ${(errors + log.join('')).slice(-2000)}`)),
    );
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
