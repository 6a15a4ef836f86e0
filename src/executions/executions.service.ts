import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { HubError } from '../common/hub-error';
import { OneAtATime } from '../common/one-at-a-time';
import { HubConfig } from '../config/hub-config';
import { UnitOfWork } from '../database/unit-of-work';
import {
  ExecutionDetailDto,
  ExecutionPageDto,
  ExecutionSummaryDto,
  UpstreamCallDto,
} from './dto/execution-response.dto';
import { ListExecutionsQueryDto } from './dto/list-executions-query.dto';
import { ExecutionEntity } from './execution.entity';
import { ExecutionWriter } from './execution-writer';
import { ExecutionHistoryReader } from './execution-history-reader';
import { HistoryFilters, HistoryPosition } from './history-sql';
import { fromStoredJson } from './stored-json';

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** Rows per pruning transaction: the first batch's, the bounds, and the time aimed at. */
export const PRUNE_BATCH = { firstRows: 100, minRows: 10, maxRows: 1000, targetMs: 5 };

@Injectable()
export class ExecutionsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Executions');
  /** Prunes run one after another, never side by side. */
  private readonly prunes = new OneAtATime();

  constructor(
    @InjectRepository(ExecutionEntity) private readonly executions: Repository<ExecutionEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: HubConfig,
    private readonly writer: ExecutionWriter,
    private readonly history: ExecutionHistoryReader,
  ) {}

  onApplicationBootstrap(): void {
    void this.pruneExecutions();
  }

  /** Every hour after the prune at start; @nestjs/schedule stops it when the hub shuts down. */
  @Interval('execution-pruning', PRUNE_EVERY_MS)
  async pruneOnSchedule(): Promise<void> {
    await this.pruneExecutions();
  }

  /**
   * Resolves once the execution is committed, together with the others recorded at the same
   * time; rejects when the database did not take it. Only then may the execution be answered.
   */
  recordExecution(execution: ExecutionEntity): Promise<void> {
    return this.writer.record(execution);
  }

  /** Executions recorded and not yet committed: the depth of the write queue. */
  get pendingExecutionWrites(): number {
    return this.writer.pendingCount;
  }

  /**
   * A page of the history, newest first: by offset, or after the execution a cursor names (keyset
   * paging). Both reads run off the event loop (ExecutionHistoryReader).
   */
  async listExecutions(query: ListExecutionsQueryDto): Promise<ExecutionPageDto> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const after = query.cursor === undefined ? undefined : positionOf(query.cursor);
    if (after && offset > 0) {
      throw HubError.invalid(
        'offset',
        'notWithCursor',
        'offset cannot be combined with cursor: the cursor already says where the page starts',
      );
    }
    // `to` is exclusive ("started before"), with or without `from`.
    const filters: HistoryFilters = {
      action: query.action,
      alias: query.alias,
      status: query.status,
      requestId: query.requestId,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    };
    const [page, total] = await Promise.all([
      this.history.page(filters, { limit, offset, after }),
      this.history.total(filters, query.total === 'exact'),
    ]);
    const last = page.executions[page.executions.length - 1];
    return {
      items: page.executions.map(toSummary),
      total: total.total,
      totalExact: total.exact,
      limit,
      offset,
      nextCursor: page.more && last ? cursorOf(last) : null,
    };
  }

  /** The error message of each failed execution among `ids`, for lists that show it in a column. */
  async errorMessagesOf(ids: string[]): Promise<Map<string, string>> {
    const rows = ids.length
      ? await this.executions.find({
          select: { id: true, error: true },
          where: { id: In(ids), status: 'error' },
        })
      : [];
    const messages = new Map<string, string>();
    for (const row of rows) {
      const error = fromStoredJson(row.error) as { message?: unknown } | null;
      if (typeof error?.message === 'string') messages.set(row.id, error.message);
    }
    return messages;
  }

  async getExecution(id: string): Promise<ExecutionDetailDto> {
    const entity = await this.executions.findOneBy({ id });
    if (!entity) throw HubError.notFound(`Execution ${id}`);
    return {
      ...toSummary(entity),
      inputs: fromStoredJson(entity.inputs),
      outputs: fromStoredJson(entity.outputs),
      error: fromStoredJson(entity.error),
      upstream: fromStoredJson(entity.upstream) as UpstreamCallDto[],
    };
  }

  /**
   * Deletes executions older than HUB_EXECUTION_RETENTION_DAYS; returns how many went. A call made
   * while another prune runs waits for it and then prunes itself: otherwise the start-up prune,
   * still running on a slow database, could remove the rows this call was asked to remove and
   * leave it reporting none.
   */
  pruneExecutions(now = Date.now()): Promise<number> {
    return this.prunes.run(() => this.deleteExecutionsBefore(now));
  }

  /**
   * In small transactions, oldest first, with a turn of the event loop between them: on SQLite a
   * transaction holds the only connection and the thread, so one DELETE of a day's executions
   * would hold up every execution until it ended (decision 58). A row costs from tens of
   * microseconds to a millisecond (nine indexes, more when the machine is busy), so each batch is
   * sized from how long the one before took, aiming at PRUNE_BATCH.targetMs.
   */
  private async deleteExecutionsBefore(now: number): Promise<number> {
    const cutoff = new Date(now - this.config.executionRetentionDays * DAY_MS);
    let deleted = 0;
    let rows = PRUNE_BATCH.firstRows;
    try {
      for (;;) {
        const started = performance.now();
        const batch = await this.unitOfWork.run((manager) => deleteOldest(manager, cutoff, rows));
        deleted += batch;
        if (batch < rows) return deleted;
        const perRow = Math.max(performance.now() - started, 0.01) / batch;
        rows = Math.min(
          PRUNE_BATCH.maxRows,
          2 * rows,
          Math.max(PRUNE_BATCH.minRows, Math.floor(PRUNE_BATCH.targetMs / perRow)),
        );
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.logger.warn(`Pruning old executions failed: ${(error as Error).message}`);
      return deleted;
    }
  }
}

/** Deletes up to `rows` executions started before `cutoff`, the oldest first. */
async function deleteOldest(manager: EntityManager, cutoff: Date, rows: number): Promise<number> {
  const oldest = manager
    .createQueryBuilder()
    .subQuery()
    .select('old.id')
    .from(ExecutionEntity, 'old')
    .where('old.startedAt < :cutoff')
    .orderBy('old.startedAt', 'ASC')
    .limit(rows)
    .getQuery();
  const result = await manager
    .createQueryBuilder()
    .delete()
    .from(ExecutionEntity)
    .where(`id IN ${oldest}`, { cutoff })
    .execute();
  return result.affected ?? 0;
}

/** An opaque cursor: the last execution's start (to the millisecond) and id. */
function cursorOf(execution: ExecutionEntity): string {
  return Buffer.from(`${execution.startedAt.getTime()}_${execution.id}`).toString('base64url');
}

function positionOf(cursor: string): HistoryPosition {
  const match = /^(\d{1,15})_([A-Za-z0-9-]{1,36})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) {
    throw HubError.invalid(
      'cursor',
      'isCursor',
      'cursor must be the nextCursor of a previous page',
    );
  }
  return { startedAt: new Date(Number(match[1])), id: match[2] };
}

function toSummary(entity: ExecutionEntity): ExecutionSummaryDto {
  return {
    id: entity.id,
    action: entity.action,
    alias: entity.alias,
    connectionId: entity.connectionId,
    actor: entity.actor,
    requestId: entity.requestId,
    status: entity.status,
    startedAt: entity.startedAt.toISOString(),
    finishedAt: entity.finishedAt.toISOString(),
    durationMs: entity.durationMs,
  };
}
