import { Agent, request } from 'node:http';

/**
 * The load generator in a process of its own, so that its work falls neither on the hub, nor on
 * the reference proxies, nor on the fake: every side of an HTTP figure is driven by this same
 * minimal client. Started by bench/run.ts with an IPC channel; it answers `ready`, then one
 * `result` per `run` command.
 */

export interface LoadRequest {
  method: 'GET' | 'POST';
  /** http://127.0.0.1:<port>/<path> */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadCommand {
  type: 'run';
  /** Sent in turn, request i being requests[i % requests.length]. */
  requests: LoadRequest[];
  concurrency: number;
  count: number;
  maxMs: number;
  /** Keep each request's latency (ms) in the answer. */
  latencies: boolean;
}

export interface LoadResult {
  type: 'result';
  completed: number;
  failed: number;
  elapsedMs: number;
  latenciesMs: number[];
  /** The first failure's status or error, to say why a side failed. */
  firstFailure?: string;
}

interface Prepared {
  options: { method: string; hostname: string; port: string; path: string };
  headers: Record<string, string | number>;
  body?: Buffer;
}

// One keep-alive pool, as large as the largest concurrency the bench asks for.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function prepare(spec: LoadRequest): Prepared {
  const target = new URL(spec.url);
  if (target.hostname !== '127.0.0.1')
    throw new Error(`bench only calls 127.0.0.1, not ${spec.url}`);
  const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
  return {
    options: {
      method: spec.method,
      hostname: target.hostname,
      port: target.port,
      path: target.pathname,
    },
    headers: body ? { ...spec.headers, 'Content-Length': body.length } : spec.headers,
    body,
  };
}

function send(prepared: Prepared): Promise<string | undefined> {
  return new Promise((resolveRequest) => {
    const outgoing = request(
      { ...prepared.options, agent, headers: prepared.headers, timeout: 10_000 },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolveRequest(response.statusCode === 200 ? undefined : `HTTP ${response.statusCode}`),
        );
        response.on('error', (error) => resolveRequest(error.message));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', (error) => resolveRequest(error.message));
    outgoing.end(prepared.body);
  });
}

async function run(command: LoadCommand): Promise<LoadResult> {
  const prepared = command.requests.map(prepare);
  const latenciesMs: number[] = [];
  let issued = 0;
  let completed = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const deadline = started + command.maxMs;
  const worker = async () => {
    while (issued < command.count && performance.now() < deadline) {
      const next = prepared[issued++ % prepared.length];
      const sentAt = performance.now();
      const failure = await send(next);
      if (failure === undefined) {
        completed++;
        if (command.latencies) latenciesMs.push(performance.now() - sentAt);
      } else {
        failed++;
        firstFailure ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, worker));
  return {
    type: 'result',
    completed,
    failed,
    elapsedMs: performance.now() - started,
    latenciesMs,
    firstFailure,
  };
}

process.on('message', (command: LoadCommand) => {
  void run(command).then(
    (result) => process.send!(result),
    (error: unknown) =>
      process.send!({
        type: 'result',
        completed: 0,
        failed: command.count,
        elapsedMs: 0,
        latenciesMs: [],
        firstFailure: String(error),
      } satisfies LoadResult),
  );
});
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready' });
