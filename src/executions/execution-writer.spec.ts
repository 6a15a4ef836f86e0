import { Logger } from '@nestjs/common';
import { loadHubConfig } from '../config/hub-config';
import { executionRow as execution } from '../../test/factories/executions';
import { ExecutionEntity } from './execution.entity';
import { ExecutionStore } from './execution-store';
import { EXECUTION_BATCH_ROWS, EXECUTION_BUFFER_ROWS, ExecutionWriter } from './execution-writer';

/** Stands in for the database: records each insert, and can hold writes or refuse rows. */
class FakeExecutionStore {
  readonly inserts: string[][] = [];
  refuse = new Set<string>();
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
    this.inserts.push(rows.map((row) => row.id));
    if (this.held) await this.held.promise;
    const refused = rows.find((row) => this.refuse.has(row.id));
    if (refused) throw new Error(`duplicate key ${refused.id}`);
  }

  get written(): string[] {
    return this.inserts.flat();
  }
}

describe(ExecutionWriter.name, () => {
  let store: FakeExecutionStore;
  let sut: ExecutionWriter;
  let errors: unknown[];

  beforeEach(() => {
    jest.useFakeTimers();
    store = new FakeExecutionStore();
    // A long delay: in these tests rows are written only when a test says so.
    const config = loadHubConfig({ HUB_EXECUTION_WRITE_DELAY_MS: '10000' });
    sut = new ExecutionWriter(store as unknown as ExecutionStore, config);
    errors = [];
    jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message) => void errors.push(message));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('answers at once and writes nothing before the delay or a flush', async () => {
    await sut.record(execution());

    expect(store.inserts).toEqual([]);
  });

  it('writes what waited, in one batch, once the delay has passed', async () => {
    const rows = [execution(), execution(), execution()];
    for (const row of rows) await sut.record(row);

    await jest.advanceTimersByTimeAsync(10_000);

    expect(store.inserts).toEqual([rows.map((row) => row.id)]);
  });

  it('flush writes every row recorded before it and waits for the write', async () => {
    const rows = [execution(), execution()];
    for (const row of rows) await sut.record(row);

    await sut.flush();

    expect(store.written).toEqual(rows.map((row) => row.id));
  });

  it('flush also waits for a batch already being written', async () => {
    const first = execution();
    await sut.record(first);
    store.hold();
    const writing = sut.flush();
    const second = execution();
    await sut.record(second);
    let flushed = false;
    const flushing = sut.flush().then(() => (flushed = true));
    await Promise.resolve();

    expect(flushed).toBe(false);
    store.release();
    await Promise.all([writing, flushing]);
    expect(store.written).toEqual([first.id, second.id]);
  });

  it('writes full batches without waiting for the delay, never more rows than a batch holds', async () => {
    const rows = Array.from({ length: EXECUTION_BATCH_ROWS + 1 }, () => execution());
    for (const row of rows) await sut.record(row);
    await Promise.resolve();

    expect(store.inserts.map((batch) => batch.length)).toEqual([EXECUTION_BATCH_ROWS]);
    await sut.flush();
    expect(store.inserts.map((batch) => batch.length)).toEqual([EXECUTION_BATCH_ROWS, 1]);
  });

  it('makes recording wait while the buffer is full (backpressure)', async () => {
    store.hold();
    for (let i = 0; i < EXECUTION_BUFFER_ROWS + EXECUTION_BATCH_ROWS; i++) {
      await sut.record(execution());
    }
    let recorded = false;
    const waiting = sut.record(execution()).then(() => (recorded = true));
    await Promise.resolve();

    expect(recorded).toBe(false);
    store.release();
    await waiting;
    expect(recorded).toBe(true);
    await sut.flush();
    expect(store.written).toHaveLength(EXECUTION_BUFFER_ROWS + EXECUTION_BATCH_ROWS + 1);
  });

  it('writes the rest of a failed batch row by row and logs the row that failed', async () => {
    const [good, bad, alsoGood] = [execution(), execution(), execution()];
    store.refuse.add(bad.id);
    for (const row of [good, bad, alsoGood]) await sut.record(row);

    await sut.flush();

    expect(store.inserts).toEqual([
      [good.id, bad.id, alsoGood.id],
      [good.id],
      [bad.id],
      [alsoGood.id],
    ]);
    expect(errors).toEqual([
      expect.objectContaining({
        msg: 'An execution could not be recorded',
        executionId: bad.id,
        cause: `duplicate key ${bad.id}`,
      }),
    ]);
  });

  it('flushes on shutdown', async () => {
    const row = execution();
    await sut.record(row);

    await sut.onApplicationShutdown();

    expect(store.written).toEqual([row.id]);
  });
});
