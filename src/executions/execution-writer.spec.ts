import { Logger } from '@nestjs/common';
import { executionRow as execution } from '../../test/factories/executions';
import { ExecutionEntity } from './execution.entity';
import { ExecutionStore } from './execution-store';
import { EXECUTION_BATCH_ROWS, ExecutionWriter } from './execution-writer';

/**
 * Stands in for the database: records each transaction's rows, can hold a transaction open, and
 * refuses rows (or everything, as a database that is down). Strict: two transactions at once, or
 * one without rows, fail the test.
 */
class FakeExecutionStore {
  readonly transactions: string[][] = [];
  readonly committed: string[] = [];
  readonly violations: string[] = [];
  refuse = new Set<string>();
  down = false;
  private open = false;
  private held?: { release: () => void; promise: Promise<void> };

  hold(): void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held = { release, promise };
  }

  release(): void {
    const held = this.held;
    this.held = undefined;
    held?.release();
  }

  async insertMany(rows: ExecutionEntity[]): Promise<void> {
    if (this.open) this.violations.push('a transaction began while another was open');
    if (rows.length === 0) this.violations.push('a transaction without rows');
    this.open = true;
    try {
      this.transactions.push(rows.map((row) => row.id));
      if (this.held) await this.held.promise;
      if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      const refused = rows.find((row) => this.refuse.has(row.id));
      if (refused) throw new Error(`duplicate key ${refused.id}`);
      this.committed.push(...rows.map((row) => row.id));
    } finally {
      this.open = false;
    }
  }
}

/**
 * Lets the event loop run a full turn and the promises after. A zero timeout alone is not enough:
 * outside an I/O callback Node may run it before or after the writer's setImmediate, so the wait
 * ends with a setImmediate of its own, which runs after every one queued before it.
 */
async function nextTurn(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setImmediate(resolve));
}

/** Tracks one record() call: whether it has resolved or rejected yet. */
function track(promise: Promise<void>): { state: () => 'waiting' | 'committed' | Error } {
  let state: 'waiting' | 'committed' | Error = 'waiting';
  promise.then(
    () => (state = 'committed'),
    (error: Error) => (state = error),
  );
  return { state: () => state };
}

describe(ExecutionWriter.name, () => {
  let store: FakeExecutionStore;
  let sut: ExecutionWriter;
  let errors: Array<Record<string, unknown>>;

  beforeEach(() => {
    store = new FakeExecutionStore();
    sut = new ExecutionWriter(store as unknown as ExecutionStore);
    errors = [];
    jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message) => void errors.push(message as Record<string, unknown>));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    expect(store.violations).toEqual([]);
    jest.restoreAllMocks();
  });

  it('commits executions recorded at the same time in one transaction', async () => {
    const rows = [execution(), execution(), execution()];

    await Promise.all(rows.map((row) => sut.record(row)));

    expect(store.transactions).toEqual([rows.map((row) => row.id)]);
    expect(store.committed).toEqual(rows.map((row) => row.id));
  });

  it('resolves only once the transaction holding the row has committed', async () => {
    store.hold();
    const row = execution();
    const recording = track(sut.record(row));
    await nextTurn();

    expect(store.transactions).toEqual([[row.id]]);
    expect(recording.state()).toBe('waiting');
    store.release();
    await nextTurn();
    expect(recording.state()).toBe('committed');
    expect(store.committed).toEqual([row.id]);
  });

  it('writes a lone execution at once, without waiting for a timer', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const row = execution();
      const recording = sut.record(row);
      // No fake timer is advanced: only the next turn of the event loop is needed.
      await new Promise((resolve) => setImmediate(resolve));
      await recording;

      expect(store.committed).toEqual([row.id]);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('puts executions recorded during a write into the next transaction, right after it', async () => {
    store.hold();
    const first = execution();
    const firstRecording = track(sut.record(first));
    await nextTurn();
    const later = [execution(), execution()];
    const laterRecordings = later.map((row) => track(sut.record(row)));
    await nextTurn();

    expect(store.transactions).toEqual([[first.id]]);
    store.release();
    await nextTurn();
    await nextTurn();
    expect(store.transactions).toEqual([[first.id], later.map((row) => row.id)]);
    expect([firstRecording, ...laterRecordings].map((r) => r.state())).toEqual([
      'committed',
      'committed',
      'committed',
    ]);
  });

  it('never puts more than a batch of rows in one transaction', async () => {
    const rows = Array.from({ length: EXECUTION_BATCH_ROWS + 1 }, () => execution());

    await Promise.all(rows.map((row) => sut.record(row)));

    expect(store.transactions.map((rowsOf) => rowsOf.length)).toEqual([EXECUTION_BATCH_ROWS, 1]);
  });

  it('counts the executions waiting or being written', async () => {
    store.hold();
    const recordings = [sut.record(execution()), sut.record(execution())];
    expect(sut.pendingCount).toBe(2);
    await nextTurn();
    const third = sut.record(execution());

    expect(sut.pendingCount).toBe(3);
    store.release();
    await Promise.all([...recordings, third]);
    expect(sut.pendingCount).toBe(0);
  });

  it('rejects every execution of a transaction the database could not commit, and logs each whole', async () => {
    store.down = true;
    const rows = [execution({ status: 'error', error: '{"message":"boom"}' }), execution()];

    const results = await Promise.allSettled(rows.map((row) => sut.record(row)));

    expect(results).toEqual([
      { status: 'rejected', reason: new Error('connect ECONNREFUSED 127.0.0.1:5432') },
      { status: 'rejected', reason: new Error('connect ECONNREFUSED 127.0.0.1:5432') },
    ]);
    expect(store.committed).toEqual([]);
    expect(errors).toEqual(
      rows.map((row): unknown =>
        expect.objectContaining({
          msg: 'An execution could not be recorded',
          executionId: row.id,
          action: row.action,
          status: row.status,
          inputs: row.inputs,
          outputs: row.outputs,
          error: row.error,
          upstream: row.upstream,
          cause: 'connect ECONNREFUSED 127.0.0.1:5432',
        }),
      ),
    );
  });

  it('commits the rest of a refused transaction row by row and rejects only the row refused', async () => {
    const [good, bad, alsoGood] = [execution(), execution(), execution()];
    store.refuse.add(bad.id);

    const results = await Promise.allSettled([good, bad, alsoGood].map((row) => sut.record(row)));

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.transactions).toEqual([
      [good.id, bad.id, alsoGood.id],
      [good.id],
      [bad.id],
      [alsoGood.id],
    ]);
    expect(store.committed).toEqual([good.id, alsoGood.id]);
    expect(errors).toEqual([expect.objectContaining({ executionId: bad.id })]);
  });

  it('goes on committing after a failed transaction', async () => {
    store.down = true;
    await expect(sut.record(execution())).rejects.toThrow('ECONNREFUSED');
    store.down = false;
    const row = execution();

    await sut.record(row);

    expect(store.committed).toEqual([row.id]);
  });

  it('commits everything recorded before shutdown, including rows behind a running write', async () => {
    store.hold();
    const first = execution();
    const recordings = [track(sut.record(first))];
    await nextTurn();
    const behind = [execution(), execution()];
    recordings.push(...behind.map((row) => track(sut.record(row))));

    const shutdown = sut.onApplicationShutdown();
    store.release();
    await shutdown;

    expect(store.committed).toEqual([first.id, ...behind.map((row) => row.id)]);
    await nextTurn();
    expect(recordings.map((recording) => recording.state())).toEqual([
      'committed',
      'committed',
      'committed',
    ]);
  });
});
