/** The filters of `GET /api/executions`, as the history's queries take them. */
export interface HistoryFilters {
  action?: string;
  alias?: string;
  status?: string;
  requestId?: string;
  /** Started at or after. */
  from?: Date;
  /** Started before. */
  to?: Date;
}

/** Where a keyset page starts: after this execution, in the history's order. */
export interface HistoryPosition {
  startedAt: Date;
  id: string;
}

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** The columns a page shows: never the (large) inputs, outputs, error and upstream. */
const SUMMARY_COLUMNS = [
  'id',
  'action',
  'alias',
  'connection_id',
  'actor',
  'request_id',
  'status',
  'started_at',
  'finished_at',
  'duration_ms',
];

/**
 * The history's order, newest first; the id breaks ties so that a position is a single row. The
 * indexes of migration 1796400300000000 end in exactly these columns and directions, so a page is
 * read from an index in order, never sorted.
 */
const NEWEST_FIRST = 'started_at DESC, id ASC';
const OLDEST_FIRST = 'started_at ASC, id DESC';

/**
 * The SQL of the history's reads, for SQLite (`?`) or PostgreSQL (`$1`). Dates go through
 * `dateParameter`, which converts them as TypeORM stores them (UTC text on SQLite).
 */
export class HistorySql {
  constructor(
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly dateParameter: (date: Date) => unknown,
  ) {}

  /** One page, plus one row more to tell whether another page follows. */
  page(
    filters: HistoryFilters,
    page: { limit: number; offset: number; after?: HistoryPosition },
  ): SqlQuery {
    const where = this.where(filters, page.after);
    where.params.push(page.limit + 1, page.offset);
    const n = where.params.length;
    return {
      sql: `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM executions${where.sql} ORDER BY ${NEWEST_FIRST} LIMIT ${this.placeholder(n - 1)} OFFSET ${this.placeholder(n)}`,
      params: where.params,
    };
  }

  /** How many executions match; with `upTo`, counting stops there, so the cost is bounded. */
  count(filters: HistoryFilters, upTo?: number): SqlQuery {
    const where = this.where(filters);
    if (upTo === undefined) {
      return { sql: `SELECT COUNT(*) AS n FROM executions${where.sql}`, params: where.params };
    }
    where.params.push(upTo);
    return {
      sql: `SELECT COUNT(*) AS n FROM (SELECT 1 FROM executions${where.sql} LIMIT ${this.placeholder(where.params.length)}) capped`,
      params: where.params,
    };
  }

  /** `started_at` of the matching execution at `offset` from the newest, or of the oldest. */
  startedAt(filters: HistoryFilters, at: { offset: number } | 'oldest'): SqlQuery {
    const where = this.where(filters);
    const order = at === 'oldest' ? OLDEST_FIRST : NEWEST_FIRST;
    where.params.push(at === 'oldest' ? 0 : at.offset);
    return {
      sql: `SELECT started_at FROM executions${where.sql} ORDER BY ${order} LIMIT 1 OFFSET ${this.placeholder(where.params.length)}`,
      params: where.params,
    };
  }

  private where(filters: HistoryFilters, after?: HistoryPosition): SqlQuery {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return this.placeholder(params.length);
    };
    // Equality filters first, in the order of the indexes' leading columns.
    if (filters.action !== undefined) conditions.push(`action = ${bind(filters.action)}`);
    if (filters.alias !== undefined) conditions.push(`alias = ${bind(filters.alias)}`);
    if (filters.status !== undefined) conditions.push(`status = ${bind(filters.status)}`);
    if (filters.requestId !== undefined) conditions.push(`request_id = ${bind(filters.requestId)}`);
    if (filters.from) conditions.push(`started_at >= ${bind(this.dateParameter(filters.from))}`);
    if (filters.to) conditions.push(`started_at < ${bind(this.dateParameter(filters.to))}`);
    if (after) {
      // The bound on started_at alone lets both planners seek the index; the OR only settles ties.
      const startedAt = this.dateParameter(after.startedAt);
      const at = bind(startedAt);
      conditions.push(
        `started_at <= ${at} AND (started_at < ${bind(startedAt)} OR id > ${bind(after.id)})`,
      );
    }
    return {
      sql: conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`,
      params,
    };
  }

  private placeholder(position: number): string {
    return this.dialect === 'postgres' ? `$${position}` : '?';
  }
}
