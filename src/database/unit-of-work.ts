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
   * One statement, which both databases apply atomically on its own (all its rows or none), in
   * the same queue as the transactions on SQLite, so it never lands inside another unit of work's
   * open transaction. It spares a one-statement write the BEGIN and COMMIT round trips of `run`.
   */
  statement<T>(
    build: (manager: EntityManager) => { sql: string; parameters: unknown[] },
  ): Promise<T> {
    const { sql, parameters } = build(this.dataSource.manager);
    if (this.dataSource.options.type === 'postgres') {
      return this.dataSource.query<T>(sql, parameters);
    }
    return this.sqliteTransactions.run(() => this.dataSource.query<T>(sql, parameters));
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
