import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ExecutionEntity } from './execution.entity';
import { ExecutionStore } from './execution-store';

/** Rows per INSERT: 12 columns each stays far below SQLite's and PostgreSQL's parameter limits. */
export const EXECUTION_BATCH_ROWS = 500;

interface Waiting {
  row: ExecutionEntity;
  committed: () => void;
  failed: (error: unknown) => void;
}

/**
 * Commits finished executions before they are answered, several at once (group commit).
 * `record` resolves once the row's transaction has committed and rejects when it could not be,
 * so an execution whose answer was sent is in the history even if the process is killed right
 * after. Rows recorded in the same turn of the event loop, and rows recorded while a batch is
 * being written, go into the next batch, written at once after it: a row waits for at most the
 * batch in progress and its own, never for a timer. One batch is written at a time, so concurrent
 * executions share one transaction (and on SQLite one fsync) instead of queueing one each.
 */
@Injectable()
export class ExecutionWriter implements OnApplicationShutdown {
  private readonly logger = new Logger('Executions');
  private waiting: Waiting[] = [];
  /** Rows of the batch being written. */
  private inFlight = 0;
  private writing?: Promise<void>;
  private scheduled = false;

  constructor(private readonly store: ExecutionStore) {}

  /** Executions recorded and not yet committed (or given up on): the write queue's depth. */
  get pendingCount(): number {
    return this.waiting.length + this.inFlight;
  }

  /** Resolves once the row is committed; rejects with the database's error when it is not. */
  record(row: ExecutionEntity): Promise<void> {
    return new Promise<void>((committed, failed) => {
      this.waiting.push({ row, committed, failed });
      this.schedule();
    });
  }

  /** Resolves once every row recorded before the call is committed or given up on. */
  async flush(): Promise<void> {
    while (this.writing || this.waiting.length > 0) {
      if (this.writing) await this.writing;
      else this.writeNextBatch();
    }
  }

  /** After the HTTP server has stopped taking requests and before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /**
   * The next batch starts in the event loop's check phase, after the I/O callbacks of this turn
   * have recorded their rows too; on SQLite a write holds the thread for its whole transaction, so
   * rows can only gather between writes.
   */
  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeNextBatch();
    });
  }

  private writeNextBatch(): void {
    if (this.writing || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, EXECUTION_BATCH_ROWS);
    this.inFlight = batch.length;
    this.writing = this.writeBatch(batch).finally(() => {
      this.inFlight = 0;
      this.writing = undefined;
      if (this.waiting.length > 0) this.schedule();
    });
  }

  /**
   * One transaction for the batch. When the database refuses it, each row is tried alone, so a
   * row the database cannot take fails only its own execution; a database that is down fails each.
   */
  private async writeBatch(batch: Waiting[]): Promise<void> {
    try {
      await this.store.insertMany(batch.map((entry) => entry.row));
      for (const entry of batch) entry.committed();
      return;
    } catch (error) {
      if (batch.length === 1) return this.giveUp(batch[0], error);
      this.logger.warn(
        `Writing ${batch.length} executions in one transaction failed (${messageOf(error)}); writing them one by one`,
      );
    }
    for (const entry of batch) {
      try {
        await this.store.insertMany([entry.row]);
        entry.committed();
      } catch (error) {
        this.giveUp(entry, error);
      }
    }
  }

  /**
   * The whole row goes to the log (it is redacted and truncated as the history stores it): the
   * action may have changed something in Atlassian, and the log is then its only record.
   */
  private giveUp(entry: Waiting, error: unknown): void {
    const { row } = entry;
    this.logger.error({
      msg: 'An execution could not be recorded',
      executionId: row.id,
      action: row.action,
      alias: row.alias,
      connectionId: row.connectionId,
      actor: row.actor,
      status: row.status,
      startedAt: row.startedAt.toISOString(),
      finishedAt: row.finishedAt.toISOString(),
      durationMs: row.durationMs,
      inputs: row.inputs,
      outputs: row.outputs,
      error: row.error,
      upstream: row.upstream,
      cause: messageOf(error),
    });
    entry.failed(error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
