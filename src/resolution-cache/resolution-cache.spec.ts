import type { AxiosInstance } from 'axios';
import { randomUUID } from 'node:crypto';
import type { ResolvedConnection } from '../aliases/alias-resolver.service';
import { AliasEntity } from '../aliases/alias.entity';
import { loadHubConfig } from '../config/hub-config';
import { ConnectionEntity } from '../connections/connection.entity';
import { CredentialEntity } from '../credentials/credential.entity';
import { CredentialType } from '../credentials/credential-type';
import { MAX_CACHED_RESOLUTIONS, ResolutionCache } from './resolution-cache';

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

/** A load that counts its calls and returns fresh rows each time. */
function loader(read = rows()) {
  const load = jest.fn(() => Promise.resolve(read()));
  return load;
}

function client(name: string): AxiosInstance {
  return { defaults: { headers: { name } } } as unknown as AxiosInstance;
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

    it('keeps no failure: an unknown alias is looked up again next time', async () => {
      const load = jest
        .fn<Promise<ResolvedConnection>, []>()
        .mockRejectedValueOnce(new Error('alias "Site" not found'))
        .mockImplementation(() => Promise.resolve(rows()()));

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

    it('drops the least recently stored alias beyond its size limit', async () => {
      for (let i = 0; i <= MAX_CACHED_RESOLUTIONS; i++) await sut.resolve(`Site_${i}`, loader());
      const oldest = loader();
      const newest = loader();

      await sut.resolve('Site_0', oldest);
      await sut.resolve(`Site_${MAX_CACHED_RESOLUTIONS}`, newest);

      expect(sut.size).toBe(MAX_CACHED_RESOLUTIONS);
      expect(oldest).toHaveBeenCalledTimes(1);
      expect(newest).not.toHaveBeenCalled();
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
      const slow = jest.fn(() => new Promise<ResolvedConnection>((resolve) => (finish = resolve)));
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

      expect(built.defaults.headers.name).toBe('new');
      expect(fromStaleRows.defaults.headers.name).toBe('built for stale rows');
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
        .fn<Promise<AxiosInstance>, []>()
        .mockRejectedValueOnce(new Error('no API token'))
        .mockResolvedValue(client('a'));

      await expect(sut.clientFor(connection, credential, build)).rejects.toThrow('no API token');
      await sut.clientFor(connection, credential, build);

      expect(build).toHaveBeenCalledTimes(2);
    });
  });
});
