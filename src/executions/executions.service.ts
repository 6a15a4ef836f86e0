import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { And, FindOptionsWhere, In, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
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
import { fromStoredJson } from './stored-json';

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

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

  async listExecutions(query: ListExecutionsQueryDto): Promise<ExecutionPageDto> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const where: FindOptionsWhere<ExecutionEntity> = {};
    if (query.action) where.action = query.action;
    if (query.alias) where.alias = query.alias;
    if (query.status) where.status = query.status;
    if (query.requestId) where.requestId = query.requestId;
    // `to` is exclusive ("started before"), with or without `from`.
    if (query.from && query.to)
      where.startedAt = And(MoreThanOrEqual(new Date(query.from)), LessThan(new Date(query.to)));
    else if (query.from) where.startedAt = MoreThanOrEqual(new Date(query.from));
    else if (query.to) where.startedAt = LessThan(new Date(query.to));
    const [entities, total] = await this.executions.findAndCount({
      where,
      order: { startedAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: entities.map(toSummary), total, limit, offset };
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

  private async deleteExecutionsBefore(now: number): Promise<number> {
    const cutoff = new Date(now - this.config.executionRetentionDays * DAY_MS);
    try {
      const result = await this.unitOfWork.run((manager) =>
        manager.delete(ExecutionEntity, { startedAt: LessThan(cutoff) }),
      );
      return result.affected ?? 0;
    } catch (error) {
      this.logger.warn(`Pruning old executions failed: ${(error as Error).message}`);
      return 0;
    }
  }
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
