import { ChildProcess, fork, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { FakeCommand, FakeCount, FakeReady } from './fake-atlassian.process';
import type { LoadCommand, LoadResult } from './load.process';
import { nowMs } from './measure';

const REPOSITORY = resolve(__dirname, '../..');

/** The fake Atlassian in its own process (bench/fake-atlassian.process.ts). */
export class FakeProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly cloudId: string,
    readonly users: number,
  ) {}

  static async start(env: Record<string, string>): Promise<FakeProcess> {
    const { child, message } = await forkUntilMessage<FakeReady>('fake-atlassian.process.js', env);
    return new FakeProcess(child, message.url, message.cloudId, message.users);
  }

  /** CPU time the process has used so far (user + system), in ms; Linux only. */
  cpuMs(): number {
    return cpuMsOf(this.child);
  }

  /** How many requests whose path ends with `pathSuffix` the fake has seen since the last reset. */
  count(pathSuffix: string): Promise<number> {
    return new Promise((resolveCount) => {
      this.child.once('message', (message: FakeCount) => resolveCount(message.requests));
      this.command({ type: 'count', pathSuffix });
    });
  }

  /** Forgets recorded requests (they would otherwise pile up in the fake's memory). */
  reset(): void {
    this.command({ type: 'reset' });
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }

  private command(command: FakeCommand): void {
    this.child.send(command);
  }
}

/** The load generator in its own process (bench/load.process.ts). */
export class LoadProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<LoadProcess> {
    const { child } = await forkUntilMessage<{ type: 'ready' }>('load.process.js', {});
    return new LoadProcess(child);
  }

  run(command: Omit<LoadCommand, 'type'>): Promise<LoadResult> {
    return new Promise((resolveRun) => {
      this.child.once('message', (result: LoadResult) => resolveRun(result));
      this.child.send({ type: 'run', ...command } satisfies LoadCommand);
    });
  }

  cpuMs(): number {
    return cpuMsOf(this.child);
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

/**
 * A reference second hop for figures 2 and 3, forwarding to one upstream URL: `bare-proxy` (plain Node,
 * the cheapest possible) or `bare-nest` (NestJS on Express with axios, the stack's floor).
 */
export class BareProxyProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(
    kind: 'bare-proxy' | 'bare-nest',
    target: string,
    authorization: string,
  ): Promise<BareProxyProcess> {
    const { child, message } = await forkUntilMessage<{ port: number }>(`${kind}.process.js`, {
      BENCH_PROXY_TARGET: target,
      BENCH_PROXY_AUTHORIZATION: authorization,
    });
    return new BareProxyProcess(child, `http://127.0.0.1:${message.port}`);
  }

  /** CPU time the process has used so far (user + system), in ms; Linux only. */
  cpuMs(): number {
    return cpuMsOf(this.child);
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

/** The hub as `npm start` runs it (`node dist/main.js`), in its own process. */
export class HubProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  /**
   * Runs `npm start`'s command (without its build step). `nodeArgs` go before the script, e.g.
   * `--cpu-prof` to see where the hub's time goes.
   */
  static async start(env: Record<string, string>, nodeArgs: string[] = []): Promise<HubProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [...nodeArgs, ...startArguments()], {
      cwd: REPOSITORY,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const hub = new HubProcess(child, `http://127.0.0.1:${port}`);
    await hub.waitUntilHealthy();
    return hub;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The most the hub process ever held in RAM (VmHWM), in MB; Linux only. */
  peakRssMb(): number {
    return statusKb(this.pid, 'VmHWM') / 1024;
  }

  rssMb(): number {
    return statusKb(this.pid, 'VmRSS') / 1024;
  }

  /** CPU time the process has used so far (user + system), in ms; Linux only. */
  cpuMs(): number {
    return cpuMsOf(this.child);
  }

  /** SIGTERM, as a process manager would send: the hub flushes and closes. */
  stop(): Promise<void> {
    return stopChild(this.child, 'SIGTERM');
  }

  private async waitUntilHealthy(): Promise<void> {
    const deadline = nowMs() + 60_000;
    while (nowMs() < deadline) {
      if (this.child.exitCode !== null) break;
      const ok = await fetch(`${this.url}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    this.child.kill('SIGTERM');
    throw new Error(`the hub did not start:\n${this.output}`);
  }
}

/**
 * Forks one of the bench's own processes (a file beside this one) with an IPC channel, and waits
 * for its first message: it sends one when it listens, saying where.
 */
async function forkUntilMessage<Message>(
  file: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; message: Message }> {
  const child = fork(resolve(__dirname, file), [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const message = await new Promise<Message>((resolveMessage, reject) => {
    child.once('message', (first: Message) => resolveMessage(first));
    child.once('exit', (code) => reject(new Error(`bench/${file} exited with ${code}`)));
  });
  return { child, message };
}

/**
 * Ends a child and waits until it has: with `signal` if given, otherwise by closing its IPC
 * channel (the forked bench processes exit when it closes).
 */
async function stopChild(child: ChildProcess, signal?: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  if (signal) child.kill(signal);
  else child.disconnect();
  await exited;
}

/** The arguments `npm start` gives node (package.json `scripts.start`: `node [flags] dist/main.js`). */
function startArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync(resolve(REPOSITORY, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = scripts.start.trim().split(/\s+/);
  if (command !== 'node' || args.at(-1) !== 'dist/main.js') {
    throw new Error(`expected "node … dist/main.js" as npm start, found "${scripts.start}"`);
  }
  return args;
}

/** A port nobody listens on now; the hub takes it a moment later (PORT cannot be 0). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/**
 * CPU time of every thread of the process (the main thread, libuv's pool, V8's helpers), from
 * /proc/<pid>/task/<tid>/schedstat in nanoseconds: /proc/<pid>/stat counts in ticks of 10 ms,
 * too coarse for a round of a few thousand requests at a hundred microseconds each.
 */
function cpuMsOf(child: ChildProcess): number {
  const pid = child.pid!;
  let nanoseconds = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(
        readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0],
      );
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return nanoseconds / 1e6;
}
