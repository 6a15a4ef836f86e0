import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { ExecutionEntity } from './execution.entity';
import { HistoryFilters, HistoryPosition, HistorySql, SqlQuery } from './history-sql';
import { SqliteReadWorker } from './sqlite-read-worker';

/**
 * Up to this many matching executions the total is counted; above, it is estimated, unless the
 * caller asks for the exact count. Counting 10,000 index entries takes about a millisecond.
 */
export const EXACT_TOTAL_UP_TO = 10_000;

export interface HistoryTotal {
  total: number;
  exact: boolean;
}

type Row = Record<string, unknown>;

/**
 * The reads behind `GET /api/executions`. On SQLite they run in a worker thread on a read-only
 * connection (decision 58), on PostgreSQL on the pool; either way no list or count occupies the
 * event loop that executions run on. Rows come back as TypeORM would hydrate them.
 */
@Injectable()
export class ExecutionHistoryReader implements OnApplicationShutdown {
  private readonly sql: HistorySql;
  private readonly worker?: SqliteReadWorker;

  constructor(
    private readonly dataSource: DataSource,
    config: HubConfig,
  ) {
    const { driver } = dataSource;
    const startedAt = this.column('startedAt');
    this.sql = new HistorySql(config.database.type === 'postgres' ? 'postgres' : 'sqlite', (date) =>
      driver.preparePersistentValue(date, startedAt),
    );
    if (config.database.type === 'sqlite') this.worker = new SqliteReadWorker(config.database.path);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /** One page newest first, and whether more executions follow it. */
  async page(
    filters: HistoryFilters,
    page: { limit: number; offset: number; after?: HistoryPosition },
  ): Promise<{ executions: ExecutionEntity[]; more: boolean }> {
    const rows = await this.run(this.sql.page(filters, page));
    return {
      executions: rows.slice(0, page.limit).map((row) => this.hydrate(row)),
      more: rows.length > page.limit,
    };
  }

  /**
   * The number of matching executions: counted when asked for, or when there are at most
   * EXACT_TOTAL_UP_TO; otherwise estimated from how much time the newest EXACT_TOTAL_UP_TO of
   * them span against the time all of them span (executions arrive at a rate that changes slowly
   * next to a history of weeks). Each step reads a bounded number of index entries.
   */
  async total(filters: HistoryFilters, exact: boolean): Promise<HistoryTotal> {
    if (exact) return { total: await this.count(this.sql.count(filters)), exact: true };
    const counted = await this.count(this.sql.count(filters, EXACT_TOTAL_UP_TO + 1));
    if (counted <= EXACT_TOTAL_UP_TO) return { total: counted, exact: true };
    const [newest, boundary, oldest] = await Promise.all([
      this.startedAt(this.sql.startedAt(filters, { offset: 0 })),
      this.startedAt(this.sql.startedAt(filters, { offset: EXACT_TOTAL_UP_TO })),
      this.startedAt(this.sql.startedAt(filters, 'oldest')),
    ]);
    const sampled = newest - boundary;
    const estimate =
      sampled > 0 ? Math.round((EXACT_TOTAL_UP_TO * (newest - oldest)) / sampled) : counted;
    return { total: Math.max(counted, estimate), exact: false };
  }

  private async count(query: SqlQuery): Promise<number> {
    const [row] = await this.run(query);
    // PostgreSQL answers COUNT(*) as a bigint, which node-postgres hands over as text.
    return Number(row?.n ?? 0);
  }

  private async startedAt(query: SqlQuery): Promise<number> {
    const [row] = await this.run(query);
    return (this.hydrateColumn(row?.started_at, 'startedAt') as Date).getTime();
  }

  private run({ sql, params }: SqlQuery): Promise<Row[]> {
    return this.worker ? this.worker.query(sql, params) : this.dataSource.query<Row[]>(sql, params);
  }

  private hydrate(row: Row): ExecutionEntity {
    const entity = new ExecutionEntity();
    for (const column of this.dataSource.getMetadata(ExecutionEntity).columns) {
      if (column.databaseName in row) {
        column.setEntityValue(
          entity,
          this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column),
        );
      }
    }
    return entity;
  }

  private hydrateColumn(value: unknown, property: keyof ExecutionEntity): unknown {
    return this.dataSource.driver.prepareHydratedValue(value, this.column(property));
  }

  private column(property: keyof ExecutionEntity) {
    const column = this.dataSource
      .getMetadata(ExecutionEntity)
      .findColumnWithPropertyName(property);
    if (!column) throw new Error(`executions has no column for ${property}`);
    return column;
  }
}
