import { Injectable } from '@nestjs/common';

/**
 * When Atlassian answers 429 for a connection, every execution on that connection waits, not only
 * the request that got the 429: otherwise fifty concurrent executions would keep hammering a site
 * that asked them to slow down. Kept per hub instance.
 */
@Injectable()
export class RateLimitGate {
  private readonly blockedUntil = new Map<string, number>();

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

  block(connectionId: string, forMs: number, now = Date.now()): void {
    const until = now + forMs;
    if ((this.blockedUntil.get(connectionId) ?? 0) < until)
      this.blockedUntil.set(connectionId, until);
  }
}
