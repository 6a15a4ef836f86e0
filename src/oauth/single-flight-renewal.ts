import { EntityTarget, FindOptionsWhere, IsNull, LessThan, Or } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { HubError, HubErrorCode } from '../common/hub-error';
import { UnitOfWork } from '../database/unit-of-work';

/** Renew a token when it has expired or expires within this margin. */
export const RENEW_BEFORE_EXPIRY_MS = 60_000;

/** A stored token whose renewal is leased: the columns OAuth grants and service-account tokens share. */
export interface LeasedToken {
  version: number;
  refreshLeaseOwner: string | null;
  refreshLeaseUntil: Date | null;
}

/** How one renewal reads its row and tries to take its lease. */
export interface RenewalSteps<T> {
  /** The row as stored now; throws when it can no longer be used at all. */
  read(): Promise<T>;
  needsRenewal(row: T): boolean;
  /** Compare-and-swap on the row's version: true when this instance now holds the lease. */
  takeLease(row: T): Promise<boolean>;
  /** Called only while holding the lease; stores the new token and releases the lease. */
  renewHoldingLease(row: T): Promise<T>;
}

export interface SingleFlightOptions {
  /** How long a waiting instance re-reads before it gives up on the lease holder. */
  waitLimitMs: number;
  /** What is being renewed, for messages: "refresh the OAuth token", "fetch the token". */
  renewing: string;
  /** The same as a gerund: "refreshing the OAuth token". */
  renewingGerund: string;
  log: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * At most one renewal of a token per expiry, however many requests need it at once: in one
 * process concurrent callers share one promise; across hub instances a lease taken by
 * compare-and-swap on the row's version decides who calls the token endpoint, and the others
 * re-read the row until the new token is there. No transaction is held open across the call to
 * the token endpoint (SQLite has one writer). OAuth refreshes and service-account tokens use it.
 */
export class SingleFlightRenewal<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: SingleFlightOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** One renewal per key in this process: a caller arriving while one runs shares its outcome. */
  renew(key: string, connectionName: string, steps: RenewalSteps<T>): Promise<T> {
    const running = this.running.get(key);
    if (running) return running;
    const renewal = this.acrossInstances(connectionName, steps).finally(() =>
      this.running.delete(key),
    );
    this.running.set(key, renewal);
    return renewal;
  }

  private async acrossInstances(connectionName: string, steps: RenewalSteps<T>): Promise<T> {
    const giveUpAt = this.now() + this.options.waitLimitMs;
    for (let attempt = 0; ; attempt++) {
      const row = await steps.read();
      if (!steps.needsRenewal(row)) return row;
      if (await steps.takeLease(row)) return steps.renewHoldingLease(row);
      if (attempt === 0) {
        this.options.log(
          `Waiting for another hub instance to ${this.options.renewing} of connection "${connectionName}"`,
        );
      }
      if (this.now() > giveUpAt) {
        throw new HubError(
          HubErrorCode.UpstreamFailed,
          `Another hub instance has been ${this.options.renewingGerund} of connection "${connectionName}" for too long; try again`,
        );
      }
      await this.sleep(Math.min(1000, 25 * 2 ** attempt));
    }
  }
}

/**
 * The lease itself: one conditional update that succeeds only on the version read, with no lease
 * held or the last one run out. `match` names the row (and any state it must still be in).
 */
export async function takeRenewalLease<T extends LeasedToken>(
  unitOfWork: UnitOfWork,
  entity: EntityTarget<T>,
  match: FindOptionsWhere<T>,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const now = new Date();
  const where = { ...match, refreshLeaseUntil: Or(IsNull(), LessThan(now)) } as FindOptionsWhere<T>;
  const lease = {
    refreshLeaseOwner: owner,
    refreshLeaseUntil: new Date(now.getTime() + leaseMs),
  } as unknown as QueryDeepPartialEntity<T>;
  const result = await unitOfWork.run((manager) => manager.update(entity, where, lease));
  return result.affected === 1;
}
