import { Injectable } from '@nestjs/common';
import type { HttpClient } from '../atlassian/http';
import type { ResolvedConnection } from '../aliases/alias-resolver.service';
import type { ConnectionEntity } from '../connections/connection.entity';
import type { CredentialEntity } from '../credentials/credential.entity';
import { HubConfig } from '../config/hub-config';

/**
 * What a load read: the rows, and a fingerprint of everything in them (their raw column values).
 * An expired entry whose rows come back with the same fingerprint is kept, with its client.
 */
export interface LoadedResolution {
  resolved: ResolvedConnection;
  fingerprint: string;
}

interface Entry {
  resolved: ResolvedConnection;
  fingerprint: string;
  /** When it was last put at the end of the map, counted in uses of the cache. */
  movedAt: number;
  /** Counted from when the rows were read, so a write elsewhere is seen within the TTL at most. */
  expiresAt: number;
  client?: Promise<HttpClient>;
  valid: boolean;
}

/**
 * What an execution needs from the database (alias -> active connection -> credential) and the
 * client built from it, kept so that a steady stream of executions reads nothing. Every write
 * through this hub invalidates the affected entries at once; writes made by another hub instance
 * on the same database are seen when the entry expires (HUB_RESOLUTION_CACHE_TTL_MS): then its rows
 * are read again, and kept with their client when nothing in them changed, so that many aliases in
 * rotation cost one query per expiry rather than a decryption and a new client each time.
 * At most HUB_RESOLUTION_CACHE_MAX_ENTRIES aliases are kept; the least recently used goes first.
 *
 * Invalidate after the write's transaction has ended (committed or not): a resolution that read
 * the old rows is then either dropped by the invalidation or refused when it tries to store them.
 */
@Injectable()
export class ResolutionCache {
  private readonly byAliasName = new Map<string, Entry>();
  /** The entry whose rows a resolution handed out, so its client can be found from those rows. */
  private readonly byConnectionRow = new WeakMap<ConnectionEntity, Entry>();
  private readonly loading = new Map<string, Promise<ResolvedConnection>>();
  /** Hits and stores so far: the clock of `touch`. */
  private uses = 0;
  /** Bumped by every invalidation: a load that started before it must not store what it read. */
  private generation = 0;

  constructor(private readonly config: HubConfig) {}

  get enabled(): boolean {
    return this.config.resolutionCacheTtlMs > 0;
  }

  /**
   * The alias's resolution: from the cache while it is fresh, else from `load`. Concurrent misses
   * for one alias share a single load; failures (unknown alias, no active connection) are not kept.
   */
  resolve(aliasName: string, load: () => Promise<LoadedResolution>): Promise<ResolvedConnection> {
    if (!this.enabled) return load().then(({ resolved }) => resolved);
    const entry = this.byAliasName.get(aliasName);
    if (entry && entry.expiresAt > Date.now()) {
      this.touch(aliasName, entry);
      return Promise.resolve(entry.resolved);
    }
    const pending = this.loading.get(aliasName);
    if (pending) return pending;
    const generation = this.generation;
    const readAt = Date.now();
    const loaded = load().then(
      ({ resolved, fingerprint }) => {
        if (this.loading.get(aliasName) === loaded) this.loading.delete(aliasName);
        if (generation !== this.generation) return resolved;
        const expired = this.byAliasName.get(aliasName);
        if (expired?.fingerprint === fingerprint) {
          expired.expiresAt = readAt + this.config.resolutionCacheTtlMs;
          this.touch(aliasName, expired);
          return expired.resolved;
        }
        this.store(aliasName, resolved, fingerprint, readAt);
        return resolved;
      },
      (error: unknown) => {
        if (this.loading.get(aliasName) === loaded) this.loading.delete(aliasName);
        // The alias went away or lost its connection (a write elsewhere): forget the old rows.
        const expired = this.byAliasName.get(aliasName);
        if (generation === this.generation && expired) this.drop(aliasName, expired);
        throw error;
      },
    );
    this.loading.set(aliasName, loaded);
    return loaded;
  }

  /**
   * The client for rows a resolution handed out: built once by `build` and reused while those rows
   * are cached. Rows that are not (or no longer) cached get a client of their own.
   */
  clientFor(
    connection: ConnectionEntity,
    credential: CredentialEntity,
    build: () => Promise<HttpClient>,
  ): Promise<HttpClient> {
    const entry = this.byConnectionRow.get(connection);
    if (!entry?.valid || entry.resolved.credential !== credential) return build();
    if (!entry.client) {
      const client = build();
      entry.client = client;
      // A failed build (a credential without its secret) is not kept: the next execution retries.
      client.catch(() => {
        if (entry.client === client) entry.client = undefined;
      });
    }
    return entry.client;
  }

  /** After a write to an alias, or to a connection of that alias (activation, move, delete). */
  invalidateAlias(aliasId: string): void {
    this.invalidateWhere((resolved) => resolved.alias.id === aliasId);
  }

  /** After a write to a connection (its alias is invalidated too when the connection moves). */
  invalidateConnection(connectionId: string): void {
    this.invalidateWhere((resolved) => resolved.connection.id === connectionId);
  }

  /** After a write to a credential: its secrets, username or type may have changed. */
  invalidateCredential(credentialId: string): void {
    this.invalidateWhere((resolved) => resolved.credential.id === credentialId);
  }

  /** After writes that touch many rows at once, such as key rotation. */
  invalidateAll(): void {
    this.invalidateWhere(() => true);
  }

  /** How many resolutions are cached (for tests and the benchmark). */
  get size(): number {
    return this.byAliasName.size;
  }

  private invalidateWhere(matches: (resolved: ResolvedConnection) => boolean): void {
    this.generation++;
    // Loads in flight may have read the rows just written: their callers get them, nobody else.
    this.loading.clear();
    for (const [aliasName, entry] of this.byAliasName) {
      if (matches(entry.resolved)) this.drop(aliasName, entry);
    }
  }

  /**
   * Most recently used last: Map keeps insertion order, so the first entry is the one to drop. An
   * entry moved within the last size / 2 uses is not moved again: moving (delete, then set) on
   * every hit cost microseconds in a map of 10,000, and an entry that recent is far from the front.
   */
  private touch(aliasName: string, entry: Entry): void {
    this.uses++;
    if (this.uses - entry.movedAt <= this.byAliasName.size / 2) return;
    entry.movedAt = this.uses;
    this.byAliasName.delete(aliasName);
    this.byAliasName.set(aliasName, entry);
  }

  private store(
    aliasName: string,
    resolved: ResolvedConnection,
    fingerprint: string,
    readAt: number,
  ): void {
    const previous = this.byAliasName.get(aliasName);
    if (previous) this.drop(aliasName, previous);
    if (this.byAliasName.size >= this.config.resolutionCacheMaxEntries) {
      const [leastRecentName, leastRecent] = this.byAliasName.entries().next().value!;
      this.drop(leastRecentName, leastRecent);
    }
    const entry: Entry = {
      resolved,
      fingerprint,
      movedAt: ++this.uses,
      expiresAt: readAt + this.config.resolutionCacheTtlMs,
      valid: true,
    };
    this.byAliasName.set(aliasName, entry);
    this.byConnectionRow.set(resolved.connection, entry);
  }

  private drop(aliasName: string, entry: Entry): void {
    entry.valid = false;
    this.byAliasName.delete(aliasName);
  }
}
