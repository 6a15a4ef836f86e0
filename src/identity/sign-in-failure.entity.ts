import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins counted per (user name, client address) pair (`pair:<address>/<user name>`) and
 * per client address (`ip:<address>`); the rules are in sign-in-limits.ts.
 */
@Entity({ name: 'sign_in_failures' })
export class SignInFailureEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'first_failure_at', type: Date })
  firstFailureAt: Date;

  @Column({ name: 'last_failure_at', type: Date })
  lastFailureAt: Date;

  @Column({ name: 'retry_at', type: Date, nullable: true })
  retryAt: Date | null;
}
