import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, LessThan, Repository } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { isUniqueViolation } from '../database/database-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { SignInFailureEntity } from './sign-in-failure.entity';

const MINUTE_MS = 60_000;
/** Failures are counted over this window; reaching a limit locks the key for as long. */
export const SIGN_IN_WINDOW_MS = 15 * MINUTE_MS;
/** Per user name: few, so guessing one account's password is slow. */
export const USER_FAILURE_LIMIT = 5;
/** Per client address: more, so one office behind a NAT is not locked out by one user's typos. */
export const ADDRESS_FAILURE_LIMIT = 20;

/**
 * Limits password guessing. Counters live in the database so every hub instance sees the same
 * count; a lock refuses even the right password until it ends.
 */
@Injectable()
export class SignInThrottleService {
  constructor(
    @InjectRepository(SignInFailureEntity)
    private readonly failures: Repository<SignInFailureEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  keysFor(username: string, clientAddress: string): string[] {
    return [`user:${username.trim().toLowerCase()}`.slice(0, 200), `ip:${clientAddress}`];
  }

  async assertNotLocked(keys: string[], now = new Date()): Promise<void> {
    const rows = await this.failures.findBy({ key: In(keys) });
    const lockedUntil = rows
      .map((row) => row.lockedUntil)
      .filter((until): until is Date => until !== null && until > now)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    if (lockedUntil) {
      const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / MINUTE_MS));
      throw new HubError(
        HubErrorCode.TooManyAttempts,
        `Too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      );
    }
  }

  async recordFailure(keys: string[], now = new Date()): Promise<void> {
    const postgres = this.dataSource.options.type === 'postgres';
    await this.unitOfWork.run(async (manager) => {
      for (const key of keys) {
        const limit = key.startsWith('user:') ? USER_FAILURE_LIMIT : ADDRESS_FAILURE_LIMIT;
        // PostgreSQL: lock the row so concurrent failures on other instances are all counted.
        // SQLite: UnitOfWork already runs one transaction at a time.
        const row = await manager.findOne(SignInFailureEntity, {
          where: { key },
          ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        });
        const windowOver =
          !row || row.firstFailureAt.getTime() + SIGN_IN_WINDOW_MS <= now.getTime();
        const failures = windowOver ? 1 : row.failures + 1;
        const next: SignInFailureEntity = {
          key,
          failures,
          firstFailureAt: windowOver ? now : row.firstFailureAt,
          lockedUntil:
            failures >= limit
              ? new Date(now.getTime() + SIGN_IN_WINDOW_MS)
              : windowOver
                ? null
                : row.lockedUntil,
        };
        try {
          await manager.save(SignInFailureEntity, next);
        } catch (error) {
          // Another instance inserted the first failure for this key at the same moment.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      await manager.delete(SignInFailureEntity, {
        firstFailureAt: LessThan(new Date(now.getTime() - 2 * SIGN_IN_WINDOW_MS)),
      });
    });
  }

  /** A successful sign-in forgets that user name's failures (not the address's). */
  async clearUser(username: string): Promise<void> {
    const [userKey] = this.keysFor(username, '');
    await this.unitOfWork.run((manager) => manager.delete(SignInFailureEntity, { key: userKey }));
  }
}
