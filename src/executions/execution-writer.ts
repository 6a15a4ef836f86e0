import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HubConfig } from '../config/hub-config';
import { ExecutionEntity } from './execution.entity';
import { ExecutionStore } from './execution-store';

/** Rows per INSERT: 12 columns each stays far below SQLite's and PostgreSQL's parameter limits. */
export const EXECUTION_BATCH_ROWS = 500;
/** Rows waiting in memory at most; beyond that, recording waits for a write (backpressure). */
export const EXECUTION_BUFFER_ROWS = 5000;
/** Characters of stored JSON waiting in memory at most (each row holds up to 3 × 16 KiB). */
export const EXECUTION_BUFFER_CHARS = 16 * 1024 * 1024;

/**
 * Writes finished executions behind the answer, in batches: an execution costs the request no
 * database write. Rows wait at most HUB_EXECUTION_WRITE_DELAY_MS (less when a batch fills up);
 * `flush()` writes everything recorded so far, and the hub flushes before it reads the history and
 * when it shuts down. A batch that fails is retried row by row, and a row that still fails is
 * logged with its id: nothing is dropped silently.
 */
@Injectable()
export class ExecutionWriter implements OnApplicationShutdown {
  private readonly logger = new Logger('Executions');
  private pending: ExecutionEntity[] = [];
  private pendingChars = 0;
  /** Rows handed to `record` so far, and rows written or given up on: flush waits for the gap. */
  private recorded = 0;
  private settled = 0;
  private writing?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: ExecutionStore,
    private readonly config: HubConfig,
  ) {}

  /** Queues the row; resolves at once unless the buffer is full, then once a write made room. */
  async record(execution: ExecutionEntity): Promise<void> {
    while (
      this.pending.length >= EXECUTION_BUFFER_ROWS ||
      this.pendingChars >= EXECUTION_BUFFER_CHARS
    ) {
      await this.writeNextBatch();
    }
    this.pending.push(execution);
    this.pendingChars += charsOf(execution);
    this.recorded++;
    if (this.pending.length >= EXECUTION_BATCH_ROWS) void this.writeNextBatch();
    else this.scheduleWrite();
  }

  /** Rows recorded and not yet written (or given up on): the metrics' write-queue depth. */
  get pendingCount(): number {
    return this.recorded - this.settled;
  }

  /** Resolves once every row recorded before the call is written (or logged as lost). */
  async flush(): Promise<void> {
    const target = this.recorded;
    while (this.settled < target) await this.writeNextBatch();
  }

  /** After the HTTP server has stopped taking requests and before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private scheduleWrite(): void {
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => void this.writeNextBatch(), this.config.executionWriteDelayMs);
    // Pending rows never keep the process alive: shutdown flushes them.
    this.timer.unref();
  }

  /** Starts the next batch unless one is being written; resolves when the current write ends. */
  private writeNextBatch(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.writing && this.pending.length > 0) {
      const batch = this.pending.splice(0, EXECUTION_BATCH_ROWS);
      this.pendingChars -= batch.reduce((sum, row) => sum + charsOf(row), 0);
      this.writing = this.writeBatch(batch).finally(() => {
        this.settled += batch.length;
        this.writing = undefined;
        if (this.pending.length >= EXECUTION_BATCH_ROWS) void this.writeNextBatch();
        else if (this.pending.length > 0) this.scheduleWrite();
      });
    }
    return this.writing ?? Promise.resolve();
  }

  private async writeBatch(rows: ExecutionEntity[]): Promise<void> {
    try {
      await this.store.insertMany(rows);
      return;
    } catch (error) {
      if (rows.length === 1) return this.reportLost(rows[0], error);
      this.logger.warn(
        `Writing ${rows.length} executions in one batch failed (${messageOf(error)}); writing them one by one`,
      );
    }
    for (const row of rows) {
      try {
        await this.store.insertMany([row]);
      } catch (error) {
        this.reportLost(row, error);
      }
    }
  }

  private reportLost(row: ExecutionEntity, error: unknown): void {
    this.logger.error({
      msg: 'An execution could not be recorded',
      executionId: row.id,
      action: row.action,
      alias: row.alias,
      status: row.status,
      cause: messageOf(error),
    });
  }
}

function charsOf(row: ExecutionEntity): number {
  return (
    row.inputs.length + row.upstream.length + (row.outputs?.length ?? 0) + (row.error?.length ?? 0)
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
