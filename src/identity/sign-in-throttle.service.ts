import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { UnitOfWork } from '../database/unit-of-work';
import { SignInFailureEntity } from './sign-in-failure.entity';
import {
  describeWait,
  LimitKind,
  PAIR_MEMORY_MS,
  waitMs,
  withFailure,
  withoutOneFailure,
} from './sign-in-limits';

/** The two counts one sign-in attempt was charged to. */
export interface SignInAttempt {
  pairKey: string;
  addressKey: string;
}

/**
 * Limits password guessing with the rules of sign-in-limits.ts. The counts live in the database,
 * so every hub instance sees the same ones. An attempt is charged as a failure before the
 * password is checked, inside a transaction that holds both rows: parallel attempts are counted
 * one after another, so a burst cannot slip past the wait. The right password takes it back.
 */
@Injectable()
export class SignInThrottleService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  /** Charges one attempt, or refuses it (429, Retry-After in `details`) while a wait runs. */
  async beginAttempt(
    username: string,
    clientAddress: string,
    now = new Date(),
  ): Promise<SignInAttempt> {
    const attempt = attemptKeys(username, clientAddress);
    const waited = await this.unitOfWork.run(async (manager) => {
      const { pair, address } = await this.lockRows(manager, attempt, now);
      const wait = Math.max(waitMs('pair', pair, now), waitMs('address', address, now));
      // Refused attempts are not failures: nothing is written, and the password is not checked.
      if (wait > 0) return wait;
      await manager.save(SignInFailureEntity, [
        { key: attempt.pairKey, ...withFailure('pair', pair, now) },
        { key: attempt.addressKey, ...withFailure('address', address, now) },
      ]);
      return 0;
    });
    if (waited > 0) {
      const seconds = Math.ceil(waited / 1000);
      throw new HubError(
        HubErrorCode.TooManyAttempts,
        `Too many failed sign-ins; try again in ${describeWait(waited)}`,
        [],
        { retryAfterSeconds: seconds },
      );
    }
    await this.pruneForgotten(now);
    return attempt;
  }

  /** The right password: the pair's failures are forgotten, and the address gets its attempt back. */
  async succeeded(attempt: SignInAttempt, now = new Date()): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      const { address } = await this.lockRows(manager, attempt, now);
      await manager.delete(SignInFailureEntity, { key: attempt.pairKey });
      const remaining = withoutOneFailure(address, now);
      if (remaining)
        await manager.save(SignInFailureEntity, { key: attempt.addressKey, ...remaining });
      else await manager.delete(SignInFailureEntity, { key: attempt.addressKey });
    });
  }

  /**
   * Both rows of an attempt, locked until the transaction ends on PostgreSQL (SQLite runs one
   * transaction at a time). Missing rows are made first, empty, so there is a row to lock even
   * when two instances meet a new pair at the same moment.
   */
  private async lockRows(
    manager: EntityManager,
    attempt: SignInAttempt,
    now: Date,
  ): Promise<Record<LimitKind, SignInFailureEntity | undefined>> {
    const keys = [attempt.addressKey, attempt.pairKey];
    await manager
      .createQueryBuilder()
      .insert()
      .into(SignInFailureEntity)
      .values(keys.map((key) => ({ key, failures: 0, firstFailureAt: now, lastFailureAt: now })))
      .orIgnore()
      .execute();
    const postgres = this.dataSource.options.type === 'postgres';
    const rows = await manager.find(SignInFailureEntity, {
      where: { key: In(keys) },
      // One order for every transaction, so two attempts never wait on each other's rows.
      order: { key: 'ASC' },
      ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return {
      pair: rows.find((row) => row.key === attempt.pairKey),
      address: rows.find((row) => row.key === attempt.addressKey),
    };
  }

  /** Counts without a failure for longer than any rule remembers. Rows in use are left alone. */
  private async pruneForgotten(now: Date): Promise<void> {
    const before = new Date(now.getTime() - PAIR_MEMORY_MS);
    if (this.dataSource.options.type === 'postgres') {
      // SKIP LOCKED: a prune never waits for (or deadlocks with) an attempt holding a row.
      await this.dataSource.query(
        `DELETE FROM sign_in_failures WHERE key IN (
           SELECT key FROM sign_in_failures WHERE last_failure_at < $1 FOR UPDATE SKIP LOCKED)`,
        [before],
      );
      return;
    }
    await this.unitOfWork.run((manager) =>
      manager.delete(SignInFailureEntity, { lastFailureAt: LessThan(before) }),
    );
  }
}

/** User names are compared without case or surrounding spaces, as one pair however typed. */
export function attemptKeys(username: string, clientAddress: string): SignInAttempt {
  return {
    pairKey: `pair:${clientAddress}/${username.trim().toLowerCase()}`.slice(0, 200),
    addressKey: `ip:${clientAddress}`.slice(0, 200),
  };
}
