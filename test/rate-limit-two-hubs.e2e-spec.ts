import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RateLimitGate } from '../src/actions/runtime/rate-limit-gate';
import { SharedRateLimits } from '../src/actions/runtime/shared-rate-limits';
import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { Api, connectedAlias } from './factories/records';
import { createTestDatabase, TestDatabase } from './support/test-database';
import {
  consent,
  oauthConnection,
  OAuthWorld,
  PUBLIC_URL,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';
import { startTestHub, TestHub } from './support/test-hub';

const TOKEN = 'two-hubs-bearer-token';

// Several hub instances share one database only on PostgreSQL, so this test always runs there.
describe('A 429 without a reason met by one hub instance holds back the others (PostgreSQL)', () => {
  let fake: FakeAtlassian;
  let database: TestDatabase;
  let first: TestHub;
  let second: TestHub;
  let aliasName: string;
  let connectionId: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded({ users: 1, customers: 0 })).start();
    const cloudId = fake.addSite('shared.atlassian.net');
    fake.addAccount({ bearer: TOKEN }, { displayName: 'Shared Bot' });
    database = await createTestDatabase('postgres');
    const env = {
      ATLASSIAN_API_URL: fake.url,
      HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    first = await startTestHub({ database, env });
    second = await startTestHub({ database, env });
    ({ aliasName, connectionId } = await connectedAlias(
      new Api(first.http, first.adminToken),
      fake.url,
      cloudId,
      { parentAlias: 'Jira', token: TOKEN, connection: { maxRetries: 3, maxRetryWaitSeconds: 10 } },
    ));
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await database.drop();
    await fake.stop();
  });

  const getMyself = (hub: TestHub) =>
    new Api(hub.http, hub.adminToken).post('/api/actions/jira.get_myself/execute', {
      alias: aliasName,
      inputs: {},
    });

  async function sharedBlockUntil(): Promise<number> {
    for (;;) {
      const rows: Array<{ held_until: Date }> = await first.app
        .get(DataSource)
        .query('SELECT held_until FROM rate_limit_holds WHERE scope_key = $1', [
          `connection ${connectionId}`,
        ]);
      if (rows.length > 0) return rows[0].held_until.getTime();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('the other instance waits out the Retry-After before it calls Atlassian', async () => {
    fake.injectFaults({ kind: 'status', status: 429, retryAfter: '2', path: /myself$/ });
    const before = fake.requestsTo('/rest/api/3/myself').length;

    const limited = getMyself(first).then((response) => response);
    const until = await sharedBlockUntil();
    // The second instance reads the shared blocks every second; read them now rather than wait.
    await second.app.get(SharedRateLimits).pull();
    const anyRequest = { connectionId, site: '', app: '', method: 'GET', endpoint: '' };
    expect(second.app.get(RateLimitGate).heldBy(anyRequest)).toMatchObject({
      scope: 'connection',
      reason: 'unspecified',
    });
    const held = await getMyself(second);
    const retried = await limited;

    expect(held.status).toBe(200);
    expect(retried.status).toBe(200);
    const calls = fake.requestsTo('/rest/api/3/myself').slice(before);
    expect(calls).toHaveLength(3); // the 429, the first instance's retry, the second instance's call
    // Timers never fire early; the clock's millisecond rounding is all the slack needed.
    for (const call of calls.slice(1)) expect(call.receivedAt).toBeGreaterThanOrEqual(until - 1);
  });
});

describe("An OAuth app's quota met by one hub instance holds back its connections on the others (PostgreSQL)", () => {
  let world: OAuthWorld;
  let database: TestDatabase;
  let first: TestHub;
  let second: TestHub;

  beforeAll(async () => {
    world = await startOAuthWorld();
    database = await createTestDatabase('postgres');
    const env = { HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    first = await startOAuthHub(world, { database, env });
    second = await startOAuthHub(world, { database, env });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await database.drop();
    await world.stop();
  });

  it('the second instance does not call Atlassian for any connection of the app until the reset', async () => {
    const admin = new Api(first.http, first.adminToken);
    const connect = async () => {
      const made = await oauthConnection(admin, world, world.sites.acme.id);
      expect((await consent(first, admin, world, made.connectionId)).page.status).toBe(200);
      return made;
    };
    const limited = await connect();
    const sameApp = await connect();
    const otherApp = await (async () => {
      const saved = world.client;
      world.client = world.authServer.addClient(`${PUBLIC_URL}/oauth/callback`);
      try {
        return await connect();
      } finally {
        world.client = saved;
      }
    })();
    const reset = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    world.fake.injectFaults({
      kind: 'status',
      status: 429,
      retryAfter: '3600',
      headers: { 'RateLimit-Reason': 'jira-quota-global-based', 'X-RateLimit-Reset': reset },
      path: /\/myself$/,
    });
    const getMyself = (hub: TestHub, aliasName: string) =>
      new Api(hub.http, hub.adminToken).post('/api/actions/jira.get_myself/execute', {
        alias: aliasName,
        inputs: {},
      });

    const refused = await getMyself(first, limited.aliasName).expect(502);
    expect(refused.body.error.details.rateLimit).toMatchObject({
      reason: 'jira-quota-global-based',
      scope: 'app',
    });
    // The first instance writes the hold beside its answer; the second reads it every second (now).
    while (
      (
        await first.app
          .get(DataSource)
          .query(`SELECT 1 FROM rate_limit_holds WHERE scope_key LIKE 'app %'`)
      ).length === 0
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await second.app.get(SharedRateLimits).pull();
    const before = world.fake.requestsTo('/rest/api/3/myself').length;

    const held = await getMyself(second, sameApp.aliasName).expect(502);
    expect(held.body.error).toMatchObject({
      httpStatus: 429,
      details: { rateLimit: { reason: 'jira-quota-global-based', scope: 'app' } },
    });
    expect(world.fake.requestsTo('/rest/api/3/myself')).toHaveLength(before);
    expect((await getMyself(second, otherApp.aliasName)).status).toBe(200);
    expect(world.fake.requestsTo('/rest/api/3/myself')).toHaveLength(before + 1);
  });
});
