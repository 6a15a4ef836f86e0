import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Api } from './factories/records';
import { OAuthGrantEntity } from '../src/oauth/oauth-grant.entity';
import { startHubProcess, HubProcess } from './support/hub-process';
import {
  consent,
  hubEnvFor,
  oauthConnection,
  OAuthWorld,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { TestHub } from './support/test-hub';

/** Resolves once the hub process has logged `text` (explicit synchronisation, not a timer). */
async function untilLogged(hub: HubProcess, text: string): Promise<void> {
  while (!hub.log.join('').includes(text)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Several hub instances share one database only on PostgreSQL, so this test always runs there.
describe('OAuth refresh across two hub processes sharing PostgreSQL', () => {
  jest.setTimeout(90_000);
  let world: OAuthWorld;
  let database: TestDatabase;
  let first: TestHub;
  let second: HubProcess;
  let admin: Api;

  beforeAll(async () => {
    world = await startOAuthWorld();
    database = await createTestDatabase('postgres');
    const shared = {
      ...hubEnvFor(world),
      ...database.env,
      HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      HUB_ADMIN_TOKEN: `two-hubs-${randomBytes(24).toString('hex')}`,
      HUB_LOG_LEVEL: 'debug',
    };
    first = await startOAuthHub(world, { database, env: shared });
    second = await startHubProcess(shared);
    admin = new Api(first.http, first.adminToken);
  });

  afterAll(async () => {
    await second?.stop();
    await first?.close();
    await database?.drop();
    await world?.stop();
  });

  it('refreshes an expired token exactly once for 25 executions on each hub at the same time', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(first, admin, world, connectionId)).page.status).toBe(200);
    const grants = first.app.get(DataSource).getRepository(OAuthGrantEntity);
    const [grant] = await grants.find();
    await grants.update({ id: grant.id }, { expiresAt: new Date(Date.now() - 1000) });
    const refreshesBefore = world.authServer.refreshRequests().length;
    // Sent at once (a supertest request only goes out when awaited).
    const execute = (hub: 'first' | 'second') =>
      (hub === 'first' ? first.http : request(second.url))
        .post('/api/actions/jira.get_myself/execute')
        .set('Authorization', `Bearer ${first.adminToken}`)
        .send({ alias: aliasName, inputs: {} })
        .then((response) => response);

    // The first hub's refresh is held at the token endpoint while the second hub wants one too.
    const hold = world.authServer.holdRefreshes();
    const onFirst = Array.from({ length: 25 }, () => execute('first'));
    await hold.arrival(1);
    const onSecond = Array.from({ length: 25 }, () => execute('second'));
    await Promise.race([
      hold.arrival(2), // a second refresh: what must not happen, and what the count below shows
      untilLogged(second, 'Waiting for another hub instance to refresh the OAuth token'),
    ]);
    hold.release();
    const runs = await Promise.all([...onFirst, ...onSecond]);

    expect(runs.map((run) => [run.status, (run.body as { status: string }).status])).toEqual(
      Array(50).fill([200, 'success']),
    );
    expect(world.authServer.refreshRequests()).toHaveLength(refreshesBefore + 1);
    expect(world.authServer.refreshRequests().at(-1)).toMatchObject({ status: 200 });
    const stored = await grants.findOneByOrFail({ id: grant.id });
    expect(stored.version).toBe(grant.version + 1);
    expect(stored.refreshLeaseOwner).toBeNull();
  });
});
