import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { OneAtATime } from '../../common/one-at-a-time';
import { RateLimitGate } from './rate-limit-gate';

/** How often an instance reads the blocks other instances wrote; a 429's wait is seconds long. */
export const RATE_LIMIT_SYNC_MS = 1000;

/**
 * Several hub instances share PostgreSQL and run executions on the same connections: a 429 that
 * one of them meets is written to `connection_rate_limits` (the later of two blocks wins), and each
 * instance reads the blocks still running every second into its RateLimitGate. Others therefore
 * hold back within a second instead of each meeting the 429 itself. Reading costs one small query
 * per second, not one per execution. SQLite serves a single instance: nothing to share there.
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
    this.gate.shareBlocksWith((connectionId, until) => void this.publish(connectionId, until));
    this.sharing = true;
  }

  /** Every second on PostgreSQL; @nestjs/schedule stops it when the hub shuts down. */
  @Interval('shared-rate-limit-pull', RATE_LIMIT_SYNC_MS)
  async pullOnSchedule(): Promise<void> {
    // A slow database must not pile up scheduled pulls: one waiting is enough.
    if (this.sharing && !this.pulls.busy) await this.pull();
  }

  /** Writes a block for the other instances; a failure costs them only their own 429. */
  async publish(connectionId: string, until: number): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO connection_rate_limits (connection_id, blocked_until) VALUES ($1, $2)
         ON CONFLICT (connection_id) DO UPDATE
           SET blocked_until = GREATEST(connection_rate_limits.blocked_until, EXCLUDED.blocked_until)`,
        [connectionId, new Date(until)],
      );
    } catch (error) {
      // E.g. the connection was deleted meanwhile (the foreign key refuses the row).
      this.logger.warn(
        `Could not share the rate limit of connection ${connectionId}: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Reads the blocks still running into this instance's gate, and drops the ones that ended. A
   * call made while a pull runs waits for it and then reads again, so it sees every block written
   * before it was called.
   */
  pull(): Promise<void> {
    return this.pulls.run(() => this.readBlocks(new Date()));
  }

  private async readBlocks(now: Date): Promise<void> {
    try {
      const rows: Array<{ connection_id: string; blocked_until: Date }> =
        await this.dataSource.query(
          'SELECT connection_id, blocked_until FROM connection_rate_limits',
        );
      for (const row of rows) {
        if (row.blocked_until > now) {
          this.gate.blockUntil(row.connection_id, row.blocked_until.getTime());
        }
      }
      if (rows.some((row) => row.blocked_until <= now)) {
        await this.dataSource.query(
          'DELETE FROM connection_rate_limits WHERE blocked_until <= $1',
          [now],
        );
      }
    } catch (error) {
      this.logger.warn(`Could not read shared rate limits: ${(error as Error).message}`);
    }
  }
}
