import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-ins counted per user name and per client address (`user:<name>`, `ip:<address>`). */
@Entity({ name: 'sign_in_failures' })
export class SignInFailureEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'first_failure_at', type: Date })
  firstFailureAt: Date;

  @Column({ name: 'locked_until', type: Date, nullable: true })
  lockedUntil: Date | null;
}
