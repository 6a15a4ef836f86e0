import { Injectable } from '@nestjs/common';
import { isIPv4, isIPv6 } from 'node:net';
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
    await this.unitOfWork.run(async (manager) => {
      const { pair, address } = await this.lockRows(manager, attempt, now);
      const wait = Math.max(waitMs('pair', pair, now), waitMs('address', address, now));
      // Refused attempts are not failures, and the password is not checked. Thrown inside the
      // transaction, so the empty rows lockRows made are rolled back too.
      if (wait > 0) {
        throw new HubError(
          HubErrorCode.TooManyAttempts,
          `Too many failed sign-ins; try again in ${describeWait(wait)}`,
          [],
          { retryAfterSeconds: Math.ceil(wait / 1000) },
        );
      }
      await manager.save(SignInFailureEntity, [
        { key: attempt.pairKey, ...withFailure('pair', pair, now) },
        { key: attempt.addressKey, ...withFailure('address', address, now) },
      ]);
    });
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

/**
 * User names are compared without case or surrounding spaces, as one pair however typed. The
 * address is counted as its network for IPv6 (addressBucket).
 */
export function attemptKeys(username: string, clientAddress: string): SignInAttempt {
  const address = addressBucket(clientAddress);
  return {
    pairKey: `pair:${address}/${username.trim().toLowerCase()}`.slice(0, 200),
    addressKey: `ip:${address}`.slice(0, 200),
  };
}

/**
 * What one client is counted as: an IPv4 address as it is (also when written IPv4-mapped,
 * `::ffff:192.0.2.1`), an IPv6 address as its /64, the smallest network one subscriber is
 * usually given, so walking through the addresses of one's own /64 does not reset the counts.
 */
export function addressBucket(clientAddress: string): string {
  const address = clientAddress.replace(/%.*$/, '');
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return clientAddress;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, an IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number);
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const first = parse(head);
  const last = parse(tail);
  return [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
}
