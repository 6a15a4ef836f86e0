import type { Repository } from 'typeorm';
import { loadHubConfig } from '../config/hub-config';
import type { UnitOfWork } from '../database/unit-of-work';
import type { ApiTokenEntity } from './api-token.entity';
import { ApiTokensService } from './api-tokens.service';
import { Role } from './role';
import { hashApiToken } from './secrets';

const TTL_MS = 2000;
const TOKEN = 'ihub_designer-token-for-the-cache';

/** A token table of one row, answering the service's lookup by hash and its delete. */
function tokenTable() {
  const rows = new Map([[hashApiToken(TOKEN), { id: 't1', name: 'flows', role: Role.Designer }]]);
  const query = jest.fn((_sql: string, [hash]: [string]) =>
    Promise.resolve(rows.has(hash) ? [rows.get(hash)] : []),
  );
  const repository = {
    query,
    manager: { connection: { driver: { createParameter: () => '?' } } },
  } as unknown as Repository<ApiTokenEntity>;
  const unitOfWork = {
    run: (work: (manager: unknown) => unknown) =>
      work({
        delete: () => Promise.resolve({ affected: rows.delete(hashApiToken(TOKEN)) ? 1 : 0 }),
      }),
  } as unknown as UnitOfWork;
  /** A revocation made through another hub instance on the same database. */
  const revokeElsewhere = () => rows.delete(hashApiToken(TOKEN));
  return { repository, unitOfWork, query, revokeElsewhere };
}

describe(ApiTokensService.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  function service(ttlMs = TTL_MS) {
    const table = tokenTable();
    const config = loadHubConfig({ HUB_API_TOKEN_CACHE_TTL_MS: String(ttlMs) });
    return { sut: new ApiTokensService(table.repository, config, table.unitOfWork), ...table };
  }

  it('asks the database once per HUB_API_TOKEN_CACHE_TTL_MS for a verified token', async () => {
    const { sut, query } = service();

    const first = await sut.identify(TOKEN);
    jest.setSystemTime(Date.now() + TTL_MS - 1);
    const second = await sut.identify(TOKEN);
    jest.setSystemTime(Date.now() + 1);
    await sut.identify(TOKEN);

    expect(first).toEqual({ kind: 'api-token', id: 't1', name: 'flows', role: Role.Designer });
    expect(second).toEqual(first);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('refuses a token revoked through this instance at once', async () => {
    const { sut } = service();
    await sut.identify(TOKEN);

    await sut.revokeToken('t1');

    expect(await sut.identify(TOKEN)).toBeUndefined();
  });

  it('refuses a token revoked through another instance once the TTL has passed', async () => {
    const { sut, revokeElsewhere } = service();
    await sut.identify(TOKEN);

    revokeElsewhere();
    jest.setSystemTime(Date.now() + TTL_MS);

    expect(await sut.identify(TOKEN)).toBeUndefined();
  });

  it('keeps no unknown token: each try asks the database', async () => {
    const { sut, query } = service();

    await sut.identify('ihub_not-a-token');
    await sut.identify('ihub_not-a-token');

    expect(query).toHaveBeenCalledTimes(2);
  });

  it('asks the database for every request when HUB_API_TOKEN_CACHE_TTL_MS is 0', async () => {
    const { sut, query, revokeElsewhere } = service(0);

    await sut.identify(TOKEN);
    revokeElsewhere();

    expect(await sut.identify(TOKEN)).toBeUndefined();
    expect(query).toHaveBeenCalledTimes(2);
  });
});
