import { Injectable } from '@nestjs/common';

/** Told of every block this instance learns from Atlassian, to pass on to other instances. */
export type BlockListener = (connectionId: string, blockedUntil: number) => void;

/**
 * When Atlassian answers 429 for a connection, every execution on that connection waits, not only
 * the request that got the 429: otherwise fifty concurrent executions would keep hammering a site
 * that asked them to slow down. On PostgreSQL, SharedRateLimits carries blocks between instances.
 */
@Injectable()
export class RateLimitGate {
  private readonly blockedUntil = new Map<string, number>();
  private listener?: BlockListener;

  /** How long a request on this connection must still wait, in ms (0 when it may go). */
  waitFor(connectionId: string, now = Date.now()): number {
    const until = this.blockedUntil.get(connectionId);
    if (until === undefined) return 0;
    if (until <= now) {
      this.blockedUntil.delete(connectionId);
      return 0;
    }
    return until - now;
  }

  /** Atlassian asked this instance to wait: block the connection and tell the listener. */
  block(connectionId: string, forMs: number, now = Date.now()): void {
    const until = now + forMs;
    if (this.extendTo(connectionId, until)) this.listener?.(connectionId, until);
  }

  /** Another instance was asked to wait: block the connection here too, telling nobody. */
  blockUntil(connectionId: string, until: number): void {
    this.extendTo(connectionId, until);
  }

  shareBlocksWith(listener: BlockListener): void {
    this.listener = listener;
  }

  private extendTo(connectionId: string, until: number): boolean {
    if ((this.blockedUntil.get(connectionId) ?? 0) >= until) return false;
    this.blockedUntil.set(connectionId, until);
    return true;
  }
}
