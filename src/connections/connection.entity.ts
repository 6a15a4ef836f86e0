import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'connections' })
export class ConnectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 500 })
  url: string;

  @Column({ name: 'cloud_id', type: 'varchar', length: 36 })
  cloudId: string;

  @Column({ name: 'credential_id', type: 'varchar', length: 36 })
  credentialId: string;

  @Column({ name: 'alias_id', type: 'varchar', length: 36 })
  aliasId: string;

  @Column({ type: 'simple-json' })
  scopes: string[];

  /** Named values action inputs can take (docs/actions.md); never secret, shown to designers. */
  @Column({ type: 'simple-json' })
  attributes: Record<string, string>;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'max_retries', type: 'integer' })
  maxRetries: number;

  @Column({ name: 'max_retry_wait_seconds', type: 'integer' })
  maxRetryWaitSeconds: number;

  @Column({ name: 'timeout_ms', type: 'integer' })
  timeoutMs: number;

  @Column({ name: 'last_tested_at', type: Date, nullable: true })
  lastTestedAt: Date | null;

  @Column({ name: 'last_test_ok', type: 'boolean', nullable: true })
  lastTestOk: boolean | null;

  @Column({ name: 'last_test_message', type: 'varchar', length: 500, nullable: true })
  lastTestMessage: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
