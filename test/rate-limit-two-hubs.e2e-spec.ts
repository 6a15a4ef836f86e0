import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RateLimitGate } from '../src/actions/runtime/rate-limit-gate';
import { SharedRateLimits } from '../src/actions/runtime/shared-rate-limits';
import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { Api, connectedAlias } from './factories/records';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { startTestHub, TestHub } from './support/test-hub';

const TOKEN = 'two-hubs-bearer-token';

// Several hub instances share one database only on PostgreSQL, so this test always runs there.
describe('A 429 met by one hub instance holds back the others (PostgreSQL)', () => {
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
      const rows: Array<{ blocked_until: Date }> = await first.app
        .get(DataSource)
        .query('SELECT blocked_until FROM connection_rate_limits WHERE connection_id = $1', [
          connectionId,
        ]);
      if (rows.length > 0) return rows[0].blocked_until.getTime();
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
    expect(second.app.get(RateLimitGate).waitFor(connectionId)).toBeGreaterThan(0);
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
