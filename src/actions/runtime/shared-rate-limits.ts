import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { OneAtATime } from '../../common/one-at-a-time';
import { HoldReason, RateLimitGate } from './rate-limit-gate';

/** How often an instance reads the holds other instances wrote; a 429's wait is seconds long. */
export const RATE_LIMIT_SYNC_MS = 1000;

/**
 * Several hub instances share PostgreSQL and run executions on the same connections and OAuth
 * apps: a hold that one of them learns from a 429 (or a 503 with Retry-After) is written to
 * `rate_limit_holds` under its scope's key (the later of two holds wins), and each instance reads
 * the holds still running every second into its RateLimitGate. Others therefore hold back within a
 * second instead of each meeting the limit itself; an hourly quota is seen by every instance.
 * Reading costs one small query per second, not one per execution. SQLite serves a single
 * instance: nothing to share there.
 */
@Injectable()
export class SharedRateLimits implements OnApplicationBootstrap {
  private readonly logger = new Logger('RateLimits');
  private sharing = false;
  /** Pulls run one after another. */
  private readonly pulls = new OneAtATime();

  constructor(
    private readonly dataSource: DataSource,
    private readonly gate: RateLimitGate,
  ) {}

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type !== 'postgres') return;
    this.gate.shareHoldsWith((key, reason, until) => void this.publish(key, reason, until));
    this.sharing = true;
  }

  /** Every second on PostgreSQL; @nestjs/schedule stops it when the hub shuts down. */
  @Interval('shared-rate-limit-pull', RATE_LIMIT_SYNC_MS)
  async pullOnSchedule(): Promise<void> {
    // A slow database must not pile up scheduled pulls: one waiting is enough.
    if (this.sharing && !this.pulls.busy) await this.pull();
  }

  /** Writes a hold for the other instances; a failure costs them only their own 429. */
  async publish(key: string, reason: HoldReason, until: number): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO rate_limit_holds (scope_key, reason, held_until) VALUES ($1, $2, $3)
         ON CONFLICT (scope_key) DO UPDATE
           SET held_until = GREATEST(rate_limit_holds.held_until, EXCLUDED.held_until),
               reason = CASE WHEN EXCLUDED.held_until > rate_limit_holds.held_until
                             THEN EXCLUDED.reason ELSE rate_limit_holds.reason END`,
        [key, reason, new Date(until)],
      );
    } catch (error) {
      this.logger.warn(`Could not share a rate limit hold: ${(error as Error).message}`);
    }
  }

  /**
   * Reads the holds still running into this instance's gate, and drops the ones that ended. A
   * call made while a pull runs waits for it and then reads again, so it sees every hold written
   * before it was called.
   */
  pull(): Promise<void> {
    return this.pulls.run(() => this.readHolds(new Date()));
  }

  private async readHolds(now: Date): Promise<void> {
    try {
      const rows: Array<{ scope_key: string; reason: HoldReason; held_until: Date }> =
        await this.dataSource.query('SELECT scope_key, reason, held_until FROM rate_limit_holds');
      for (const row of rows) {
        if (row.held_until > now) {
          this.gate.holdUntil(row.scope_key, row.reason, row.held_until.getTime());
        }
      }
      if (rows.some((row) => row.held_until <= now)) {
        await this.dataSource.query('DELETE FROM rate_limit_holds WHERE held_until <= $1', [now]);
      }
    } catch (error) {
      this.logger.warn(`Could not read shared rate limits: ${(error as Error).message}`);
    }
  }
}
