import type { HttpClient } from '../atlassian/http';
import { randomUUID } from 'node:crypto';
import type { ResolvedConnection } from '../aliases/alias-resolver.service';
import { AliasEntity } from '../aliases/alias.entity';
import { loadHubConfig } from '../config/hub-config';
import { ConnectionEntity } from '../connections/connection.entity';
import { CredentialEntity } from '../credentials/credential.entity';
import { CredentialType } from '../credentials/credential-type';
import { LoadedResolution, ResolutionCache } from './resolution-cache';

const TTL_MS = 5000;

/** Rows as the resolver reads them: a fresh set of objects on every load, like the database. */
function rows(ids: { alias?: string; connection?: string; credential?: string } = {}) {
  return (): ResolvedConnection => ({
    alias: Object.assign(new AliasEntity(), { id: ids.alias ?? randomUUID(), name: 'Site' }),
    connection: Object.assign(new ConnectionEntity(), { id: ids.connection ?? randomUUID() }),
    credential: Object.assign(new CredentialEntity(), { id: ids.credential ?? randomUUID() }),
    credentialType: CredentialType.Bearer,
  });
}

/**
 * A load that counts its calls and returns fresh rows each time: changed rows (a new fingerprint
 * each time) unless `fingerprint` says they are the same as before.
 */
function loader(read = rows(), fingerprint?: string) {
  const load = jest.fn((): Promise<LoadedResolution> =>
    Promise.resolve({ resolved: read(), fingerprint: fingerprint ?? randomUUID() }),
  );
  return load;
}

function client(name: string): HttpClient {
  return { defaults: { headers: { name } } } as unknown as HttpClient;
}

describe(ResolutionCache.name, () => {
  let sut: ResolutionCache;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    sut = new ResolutionCache(loadHubConfig({ HUB_RESOLUTION_CACHE_TTL_MS: String(TTL_MS) }));
  });
  afterEach(() => jest.useRealTimers());

  describe('resolve', () => {
    it('reads the rows once and serves them from memory until the TTL has passed', async () => {
      const load = loader();

      const first = await sut.resolve('Site', load);
      jest.setSystemTime(Date.now() + TTL_MS - 1);
      const second = await sut.resolve('Site', load);

      expect(load).toHaveBeenCalledTimes(1);
      expect(second).toBe(first);
    });

    it('reads the rows again once the TTL has passed (a write on another instance)', async () => {
      const load = loader();
      const first = await sut.resolve('Site', load);

      jest.setSystemTime(Date.now() + TTL_MS);
      const second = await sut.resolve('Site', load);

      expect(load).toHaveBeenCalledTimes(2);
      expect(second).not.toBe(first);
    });

    it('shares one read between concurrent executions of the same alias', async () => {
      const load = loader();

      const [a, b] = await Promise.all([sut.resolve('Site', load), sut.resolve('Site', load)]);

      expect(load).toHaveBeenCalledTimes(1);
      expect(a).toBe(b);
    });

    it('keeps the rows and their client past the TTL when they read back unchanged', async () => {
      const first = await sut.resolve('Site', loader(rows(), 'same rows'));
      const firstClient = await sut.clientFor(first.connection, first.credential, () =>
        Promise.resolve(client('kept')),
      );
      const unchanged = loader(rows(), 'same rows');

      jest.setSystemTime(Date.now() + TTL_MS);
      const second = await sut.resolve('Site', unchanged);
      const secondClient = await sut.clientFor(second.connection, second.credential, () =>
        Promise.resolve(client('rebuilt')),
      );
      jest.setSystemTime(Date.now() + TTL_MS - 1);
      await sut.resolve('Site', unchanged);

      expect(unchanged).toHaveBeenCalledTimes(1);
      expect(second).toBe(first);
      expect(secondClient).toBe(firstClient);
    });

    it('forgets expired rows when the alias can no longer be resolved', async () => {
      await sut.resolve('Site', loader());
      jest.setSystemTime(Date.now() + TTL_MS);

      await expect(
        sut.resolve('Site', () => Promise.reject(new Error('alias "Site" not found'))),
      ).rejects.toThrow('not found');

      expect(sut.size).toBe(0);
    });

    it('keeps no failure: an unknown alias is looked up again next time', async () => {
      const load = jest
        .fn<Promise<LoadedResolution>, []>()
        .mockRejectedValueOnce(new Error('alias "Site" not found'))
        .mockImplementation(() => Promise.resolve({ resolved: rows()(), fingerprint: 'f' }));

      await expect(sut.resolve('Site', load)).rejects.toThrow('not found');
      await sut.resolve('Site', load);

      expect(load).toHaveBeenCalledTimes(2);
    });

    it('reads from the database every time when HUB_RESOLUTION_CACHE_TTL_MS is 0', async () => {
      sut = new ResolutionCache(loadHubConfig({ HUB_RESOLUTION_CACHE_TTL_MS: '0' }));
      const load = loader();

      await sut.resolve('Site', load);
      await sut.resolve('Site', load);

      expect(load).toHaveBeenCalledTimes(2);
      expect(sut.size).toBe(0);
    });

    it('keeps HUB_RESOLUTION_CACHE_MAX_ENTRIES aliases, dropping the least recently used', async () => {
      sut = new ResolutionCache(
        loadHubConfig({
          HUB_RESOLUTION_CACHE_TTL_MS: String(TTL_MS),
          HUB_RESOLUTION_CACHE_MAX_ENTRIES: '3',
        }),
      );
      const [a, b, c, d] = [loader(), loader(), loader(), loader()];
      await sut.resolve('A', a);
      await sut.resolve('B', b);
      await sut.resolve('C', c);
      await sut.resolve('A', a); // used again: B is now the least recently used

      await sut.resolve('D', d);
      await sut.resolve('A', a);
      await sut.resolve('C', c);
      await sut.resolve('D', d);
      await sut.resolve('B', b);

      expect([a, b, c, d].map((load) => load.mock.calls.length)).toEqual([1, 2, 1, 1]);
      expect(sut.size).toBe(3);
    });

    it('holds 10,000 aliases by default', async () => {
      sut = new ResolutionCache(loadHubConfig({}));
      const loads = Array.from({ length: 10_000 }, () => loader());
      for (const [i, load] of loads.entries()) await sut.resolve(`Site_${i}`, load);
      for (const [i, load] of loads.entries()) await sut.resolve(`Site_${i}`, load);

      expect(sut.size).toBe(10_000);
      expect(loads.every((load) => load.mock.calls.length === 1)).toBe(true);
    });
  });

  describe('invalidation', () => {
    const ids = { alias: 'alias-1', connection: 'connection-1', credential: 'credential-1' };

    it.each([
      ['invalidateAlias', (cache: ResolutionCache) => cache.invalidateAlias(ids.alias)],
      [
        'invalidateConnection',
        (cache: ResolutionCache) => cache.invalidateConnection(ids.connection),
      ],
      [
        'invalidateCredential',
        (cache: ResolutionCache) => cache.invalidateCredential(ids.credential),
      ],
      ['invalidateAll', (cache: ResolutionCache) => cache.invalidateAll()],
    ])('%s makes the next execution read the rows again', async (_, invalidate) => {
      const load = loader(rows(ids));
      await sut.resolve('Site', load);

      invalidate(sut);
      await sut.resolve('Site', load);

      expect(load).toHaveBeenCalledTimes(2);
    });

    it('keeps the resolutions of other aliases, connections and credentials', async () => {
      const load = loader(rows(ids));
      const other = loader();
      await sut.resolve('Site', load);
      await sut.resolve('Other_Site', other);

      sut.invalidateAlias(ids.alias);
      sut.invalidateConnection(ids.connection);
      sut.invalidateCredential(ids.credential);
      await sut.resolve('Other_Site', other);

      expect(other).toHaveBeenCalledTimes(1);
    });

    it('does not store what a read in flight during a write returns', async () => {
      let finish!: (resolved: ResolvedConnection) => void;
      const slow = jest.fn(
        () =>
          new Promise<LoadedResolution>(
            (resolve) =>
              (finish = (resolved) => resolve({ resolved, fingerprint: 'read before the write' })),
          ),
      );
      const reading = sut.resolve('Site', slow);

      sut.invalidateAlias(ids.alias);
      const afterWrite = loader(rows(ids));
      const fresh = await sut.resolve('Site', afterWrite);
      const stale = rows(ids)();
      finish(stale);

      // Its caller gets what it read; nobody else does.
      expect(await reading).toBe(stale);
      expect(await sut.resolve('Site', afterWrite)).toBe(fresh);
      expect(afterWrite).toHaveBeenCalledTimes(1);
    });
  });

  describe('clientFor', () => {
    it('builds one client per cached resolution', async () => {
      const { connection, credential } = await sut.resolve('Site', loader());
      const build = jest.fn(() => Promise.resolve(client('a')));

      const first = await sut.clientFor(connection, credential, build);
      const second = await sut.clientFor(connection, credential, build);

      expect(build).toHaveBeenCalledTimes(1);
      expect(second).toBe(first);
    });

    it('builds a new client after the rows were invalidated', async () => {
      const ids = { alias: 'a', connection: 'c', credential: 'k' };
      const stale = await sut.resolve('Site', loader(rows(ids)));
      await sut.clientFor(stale.connection, stale.credential, () => Promise.resolve(client('old')));

      sut.invalidateCredential('k');
      const fresh = await sut.resolve('Site', loader(rows(ids)));
      const built = await sut.clientFor(fresh.connection, fresh.credential, () =>
        Promise.resolve(client('new')),
      );
      const fromStaleRows = await sut.clientFor(stale.connection, stale.credential, () =>
        Promise.resolve(client('built for stale rows')),
      );

      expect((built.defaults.headers as unknown as { name: string }).name).toBe('new');
      expect((fromStaleRows.defaults.headers as unknown as { name: string }).name).toBe(
        'built for stale rows',
      );
    });

    it('gives rows it did not hand out a client of their own', async () => {
      await sut.resolve('Site', loader());
      const elsewhere = rows()();
      const build = jest.fn(() => Promise.resolve(client('a')));

      await sut.clientFor(elsewhere.connection, elsewhere.credential, build);
      await sut.clientFor(elsewhere.connection, elsewhere.credential, build);

      expect(build).toHaveBeenCalledTimes(2);
    });

    it('keeps no failed build: the next execution tries again', async () => {
      const { connection, credential } = await sut.resolve('Site', loader());
      const build = jest
        .fn<Promise<HttpClient>, []>()
        .mockRejectedValueOnce(new Error('no API token'))
        .mockResolvedValue(client('a'));

      await expect(sut.clientFor(connection, credential, build)).rejects.toThrow('no API token');
      await sut.clientFor(connection, credential, build);

      expect(build).toHaveBeenCalledTimes(2);
    });
  });
});
