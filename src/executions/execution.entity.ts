import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ExecutionStatus = 'success' | 'error';

/**
 * One run of a spoke action, redacted before it is stored. The indexes that serve the history's
 * filters and sort are in migration 1796400300000000 (TypeORM's @Index cannot say DESC).
 */
@Entity({ name: 'executions' })
export class ExecutionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Column({ type: 'varchar', length: 100 })
  alias: string;

  @Column({ name: 'connection_id', type: 'varchar', length: 36, nullable: true })
  connectionId: string | null;

  @Column({ type: 'varchar', length: 100 })
  actor: string;

  /** The request that ran it: the requestId of the hub's log lines and the X-Request-Id header. */
  @Index('idx_executions_request_id')
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: ExecutionStatus;

  /** JSON: the inputs with secret fields masked. */
  @Column({ type: 'text' })
  inputs: string;

  /** JSON: the outputs, truncated when large. */
  @Column({ type: 'text', nullable: true })
  outputs: string | null;

  /** JSON: { httpStatus, message, details }. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** JSON: every upstream call (method, path, status, duration, attempt). */
  @Column({ type: 'text' })
  upstream: string;

  @Column({ name: 'started_at', type: Date })
  startedAt: Date;

  @Column({ name: 'finished_at', type: Date })
  finishedAt: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;
}
