import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ClientCredentialsTokenEntity } from '../src/oauth/client-credentials-token.entity';
import { Api, unique } from './factories/records';
import { startHubProcess, HubProcess } from './support/hub-process';
import { hubEnvFor, OAuthWorld, startOAuthHub, startOAuthWorld } from './support/oauth-world';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { TestHub } from './support/test-hub';

/** Resolves once the hub process has logged `text` (explicit synchronisation, not a timer). */
async function untilLogged(hub: HubProcess, text: string): Promise<void> {
  while (!hub.log.join('').includes(text)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Several hub instances share one database only on PostgreSQL, so this test always runs there.
describe('Service-account tokens across two hub processes sharing PostgreSQL', () => {
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

  it('fetches exactly one token for 25 executions on each hub at the same time', async () => {
    const bot = {
      account: {
        accountId: randomUUID().replace(/-/g, '').slice(0, 24),
        displayName: 'Service Bot',
        accountType: 'app' as const,
      },
      sites: [world.sites.acme],
    };
    const account = world.authServer.addServiceAccount(bot, ['read:jira-user']);
    const credential = await admin
      .post('/api/credentials', { name: unique('sa'), type: 'client_credentials', ...account })
      .expect(201);
    const parentId = await admin.aliasId('Jira');
    const aliasName = unique('SA').replace(/-/g, '_');
    const alias = await admin.post('/api/aliases', { name: aliasName, parentId }).expect(201);
    await admin.createConnection({
      credentialId: (credential.body as { id: string }).id,
      aliasId: (alias.body as { id: string }).id,
    });
    const before = world.authServer.clientCredentialsRequests().length;
    // Sent at once (a supertest request only goes out when awaited).
    const execute = (hub: 'first' | 'second') =>
      (hub === 'first' ? first.http : request(second.url))
        .post('/api/actions/jira.get_myself/execute')
        .set('Authorization', `Bearer ${first.adminToken}`)
        .send({ alias: aliasName, inputs: {} })
        .then((response) => response);

    // The first hub's token request is held at the token endpoint while the second hub wants one.
    const hold = world.authServer.holdRefreshes();
    const onFirst = Array.from({ length: 25 }, () => execute('first'));
    await hold.arrival(1);
    const onSecond = Array.from({ length: 25 }, () => execute('second'));
    await Promise.race([
      hold.arrival(2), // a second token request: what must not happen, and what the count shows
      untilLogged(second, 'Waiting for another hub instance to fetch the service account token'),
    ]);
    hold.release();
    const runs = await Promise.all([...onFirst, ...onSecond]);

    expect(runs.map((run) => [run.status, (run.body as { status: string }).status])).toEqual(
      Array(50).fill([200, 'success']),
    );
    expect(world.authServer.clientCredentialsRequests()).toHaveLength(before + 1);
    const stored = await first.app
      .get(DataSource)
      .getRepository(ClientCredentialsTokenEntity)
      .findOneByOrFail({ credentialId: (credential.body as { id: string }).id });
    expect(stored.version).toBe(1);
    expect(stored.refreshLeaseOwner).toBeNull();
  });
});
