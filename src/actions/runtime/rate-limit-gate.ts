import { Injectable } from '@nestjs/common';
import type { RateLimitReason, RateLimitSignals } from './rate-limit-signals';

/**
 * What a request holds back or is held back by: the connection as a whole (a 429 without a reason,
 * a 503 with Retry-After), one endpoint on the connection (burst), one issue of the site (per-issue
 * writes), the OAuth app everywhere (global quota) or the OAuth app on one site (tenant quota).
 */
export type HoldScope = 'connection' | 'endpoint' | 'issue' | 'app' | 'app-site';

/** Why a hold was set: Atlassian's `RateLimit-Reason`, or the hub's name for an answer without one. */
export type HoldReason = RateLimitReason | 'unspecified' | 'service-unavailable';

/** Everything about one request that the holds are keyed by. */
export interface RequestTarget {
  connectionId: string;
  /** The connection URL: one Atlassian site. */
  site: string;
  /**
   * The OAuth app the connection's credential belongs to (`client:<client id>`), or the credential
   * itself (`credential:<id>`) for Basic and bearer credentials, which have no app.
   */
  app: string;
  method: string;
  /** `METHOD /path/{template}`: the operation the request matched, or its own path. */
  endpoint: string;
  /** The issue id or key the path names, for requests that write (not GET). */
  issue?: string;
}

export interface Hold {
  scope: HoldScope;
  reason: HoldReason;
  until: number;
}

/** Told of every hold this instance learns from Atlassian, to pass on to other instances. */
export type HoldListener = (key: string, reason: HoldReason, until: number) => void;

/** Pacing without numbers to go by: four requests a second on the connection. */
export const DEFAULT_PACE_MS = 250;
export const MIN_PACE_MS = 100;
export const MAX_PACE_MS = 1000;
/** How long one near-limit answer paces the connection when it names no reset time. */
export const PACE_WINDOW_MS = 10_000;
/** A reset an hour away (a quota) still paces for at most a minute unless answers renew it. */
export const MAX_PACE_WINDOW_MS = 60_000;

interface Pacing {
  intervalMs: number;
  until: number;
  nextSlot: number;
}

/**
 * Holds requests back after Atlassian's limits, each by the scope of its reason, so that a limit on
 * one issue or one endpoint does not stop the rest of a connection, while a quota stops every
 * connection of the OAuth app that used it up. It also paces a connection whose answers say it is
 * near a limit, so that a 429 need not come first. On PostgreSQL, SharedRateLimits carries holds
 * (not pacing) between instances.
 */
@Injectable()
export class RateLimitGate {
  private readonly holds = new Map<string, { reason: HoldReason; until: number }>();
  private readonly pacing = new Map<string, Pacing>();
  private listener?: HoldListener;

  /** The hold that keeps this request back longest, if any is still running. */
  heldBy(target: RequestTarget, now = Date.now()): Hold | undefined {
    let longest: Hold | undefined;
    for (const { key, scope } of keysOf(target)) {
      const hold = this.holds.get(key);
      if (!hold) continue;
      if (hold.until <= now) {
        this.holds.delete(key);
        continue;
      }
      if (!longest || hold.until > longest.until) longest = { scope, ...hold };
    }
    return longest;
  }

  /** Atlassian asked this instance to wait: hold back the scope and tell the listener. */
  hold(target: RequestTarget, scope: HoldScope, reason: HoldReason, until: number): void {
    const key = keyOf(target, scope);
    if (key && this.extendTo(key, reason, until)) this.listener?.(key, reason, until);
  }

  /** Another instance was asked to wait: hold the key here too, telling nobody. */
  holdUntil(key: string, reason: HoldReason, until: number): void {
    this.extendTo(key, reason, until);
  }

  shareHoldsWith(listener: HoldListener): void {
    this.listener = listener;
  }

  /**
   * Reads an answer's limit headers: near a limit, the connection is paced from now on (the
   * interval spreads what remains over the time to the reset, within MIN_PACE_MS..MAX_PACE_MS);
   * an answer that says the pressure is over ends the pacing.
   */
  observe(connectionId: string, signals: RateLimitSignals, now = Date.now()): void {
    if (signals.nearLimit) {
      const toReset = signals.resetAt !== undefined ? signals.resetAt - now : undefined;
      const intervalMs =
        toReset !== undefined && toReset > 0 && signals.remaining !== undefined
          ? clamp(toReset / Math.max(signals.remaining, 1), MIN_PACE_MS, MAX_PACE_MS)
          : DEFAULT_PACE_MS;
      const window =
        toReset !== undefined && toReset > 0
          ? clamp(toReset, PACE_WINDOW_MS, MAX_PACE_WINDOW_MS)
          : PACE_WINDOW_MS;
      const current = this.pacing.get(connectionId);
      this.pacing.set(connectionId, {
        intervalMs: Math.round(intervalMs),
        until: Math.max(current?.until ?? 0, now + window),
        nextSlot: Math.max(current?.nextSlot ?? 0, now + Math.round(intervalMs)),
      });
    } else if (signals.clear) {
      this.pacing.delete(connectionId);
    }
  }

  /**
   * How long a request on a paced connection waits for its turn (0 when not paced). Calling it
   * takes the turn: concurrent requests get successive slots one interval apart.
   */
  takeTurn(connectionId: string, now = Date.now()): number {
    const pacing = this.pacing.get(connectionId);
    if (!pacing) return 0;
    if (pacing.until <= now) {
      this.pacing.delete(connectionId);
      return 0;
    }
    const slot = Math.max(now, pacing.nextSlot);
    pacing.nextSlot = slot + pacing.intervalMs;
    return slot - now;
  }

  /** Whether the connection is being paced (for tests and the answer's wording). */
  isPaced(connectionId: string, now = Date.now()): boolean {
    return (this.pacing.get(connectionId)?.until ?? 0) > now;
  }

  private extendTo(key: string, reason: HoldReason, until: number): boolean {
    if ((this.holds.get(key)?.until ?? 0) >= until) return false;
    this.holds.set(key, { reason, until });
    return true;
  }
}

/** The scope a 429 with this reason holds back (a per-issue limit on no issue: the endpoint). */
export function scopeOfReason(reason: HoldReason, target: RequestTarget): HoldScope {
  switch (reason) {
    case 'jira-burst-based':
      return 'endpoint';
    case 'jira-per-issue-on-write':
      return target.issue !== undefined ? 'issue' : 'endpoint';
    case 'jira-quota-global-based':
      return 'app';
    case 'jira-quota-tenant-based':
      return 'app-site';
    default:
      return 'connection';
  }
}

/** The key of a scope for a request: what the holds map and the shared table are keyed by. */
export function keyOf(target: RequestTarget, scope: HoldScope): string | undefined {
  switch (scope) {
    case 'connection':
      return `connection ${target.connectionId}`;
    case 'endpoint':
      return `endpoint ${target.connectionId} ${target.endpoint}`;
    case 'issue':
      return target.issue === undefined ? undefined : `issue ${target.site} ${target.issue}`;
    case 'app':
      return `app ${target.app}`;
    case 'app-site':
      return `app-site ${target.app} ${target.site}`;
  }
}

const SCOPES: HoldScope[] = ['connection', 'endpoint', 'issue', 'app', 'app-site'];

function keysOf(target: RequestTarget): Array<{ key: string; scope: HoldScope }> {
  const keys: Array<{ key: string; scope: HoldScope }> = [];
  for (const scope of SCOPES) {
    const key = keyOf(target, scope);
    if (key) keys.push({ key, scope });
  }
  return keys;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
