import { Worker } from 'node:worker_threads';

/**
 * The worker's code, plain CommonJS run with `eval`: the same text works under ts-jest, from
 * `dist/` and from `dist-bench/`, where a worker file's path and extension would differ. It opens
 * the database read-only (so nothing it runs can write) and answers each message with the rows.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const MAX_STATEMENTS = 500;
let database;
const statements = new Map();
parentPort.on('message', ({ id, sql, params }) => {
  try {
    if (!database) database = new Database(workerData.path, { readonly: true, fileMustExist: true });
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    parentPort.postMessage({ id, rows: statement.all(params) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

type Row = Record<string, unknown>;

interface Pending {
  resolve: (rows: Row[]) => void;
  reject: (error: Error) => void;
}

/**
 * Runs read queries on a SQLite file in a worker thread. better-sqlite3 is synchronous: a query
 * run on the main thread holds up every request and every execution until it ends, so the
 * history's reads, which may scan many index entries, run on a connection of their own in a
 * thread of their own. The file is in WAL mode, so the worker reads the last committed state
 * while the main connection writes. Queries run one after another in the worker.
 */
export class SqliteReadWorker {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(private readonly path: string) {}

  query(sql: string, params: unknown[]): Promise<Row[]> {
    if (this.closed) return Promise.reject(new Error('The history reader is closed'));
    const worker = this.worker ?? this.start();
    const id = ++this.nextId;
    return new Promise<Row[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, sql, params });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('The history reader is closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path: this.path, driver: require.resolve('better-sqlite3') },
    });
    worker.on('message', (message: { id: number; rows?: Row[]; error?: WorkerError }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(toError(message.error));
      else waiting.resolve(message.rows ?? []);
    });
    // A worker that died takes its queries with it; the next query starts a new one.
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`The history reader stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const entry of waiting) entry.reject(error);
  }
}

interface WorkerError {
  message: string;
  code?: string;
}

function toError({ message, code }: WorkerError): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}
