import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { OneAtATime } from '../common/one-at-a-time';
import { isForeignKeyViolation } from './database-errors';

/**
 * Runs work in one database transaction. SQLite has a single connection, so transactions are
 * queued here rather than interleaved on it; PostgreSQL gets one pooled connection per transaction.
 */
@Injectable()
export class UnitOfWork {
  private readonly sqliteTransactions = new OneAtATime();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === 'postgres') {
      return this.dataSource.transaction(work);
    }
    return this.sqliteTransactions.run(() => this.dataSource.transaction(work));
  }

  /**
   * `run`, for rows whose loss in a power cut is tolerable but whose loss in a crash is not (the
   * execution history). The hub's SQLite runs in WAL mode with `synchronous=FULL`: each commit
   * waits for an fsync, which better-sqlite3 does on the event loop, so the whole hub stalls for it
   * (milliseconds on a busy disk). Here the transaction commits with `synchronous=NORMAL`: its
   * rows are in the WAL file when it returns, so they survive the process dying (SIGKILL, out of
   * memory); the operating system writes them to disk, and the next synced commit or checkpoint
   * syncs them. The pragma cannot change inside a transaction, so it is set around it, in the
   * transaction's turn of the queue. PostgreSQL commits as `run` does.
   */
  runCrashSafe<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === 'postgres') {
      return this.dataSource.transaction(work);
    }
    return this.sqliteTransactions.run(async () => {
      await this.dataSource.query('PRAGMA synchronous = NORMAL');
      try {
        return await this.dataSource.transaction(work);
      } finally {
        await this.dataSource.query('PRAGMA synchronous = FULL');
      }
    });
  }

  /**
   * `run`, for work that checks the rows it points at (or that point at it) before it writes: a
   * connection naming a credential, an alias being deleted. On PostgreSQL another transaction can
   * change those rows between the check and the commit, and the foreign key then refuses the
   * write. The work runs once more: its checks now see the other change and give their usual
   * answer (a 400 or 409 naming what is missing or still in use) instead of a database error.
   * SQLite queues transactions, so the race does not happen there.
   */
  async runRecheckingReferences<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.run(work);
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
    }
    try {
      return await this.run(work);
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      throw new HubError(
        HubErrorCode.ConcurrentChange,
        'A record this change points at was changed by someone else at the same moment; reload and try again',
      );
    }
  }
}
