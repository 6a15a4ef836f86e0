import { KeyRotationService } from '../src/crypto/key-rotation.service';
import { ResolutionCache } from '../src/resolution-cache/resolution-cache';
import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { Api, connectionUrl, unique } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

// Long enough that only an invalidation, never the TTL, can explain a change within a test.
const TTL_MS = 600_000;

describe('Resolution cache: every edit through the API reaches the next execution', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let cloudId: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded({ users: 0, customers: 0 })).start();
    cloudId = fake.addSite('cache.atlassian.net');
    fake.addAccount({ bearer: 'alpha-token' }, { displayName: 'Alpha' });
    fake.addAccount({ bearer: 'beta-token' }, { displayName: 'Beta' });
    fake.addAccount(
      { email: 'gamma@example.com', apiToken: 'gamma-token' },
      { displayName: 'Gamma' },
    );
    hub = await startTestHub({
      env: { ATLASSIAN_API_URL: fake.url, HUB_RESOLUTION_CACHE_TTL_MS: String(TTL_MS) },
    });
    admin = new Api(hub.http, hub.adminToken);
  });
  afterAll(async () => {
    await hub.close();
    await fake.stop();
  });

  /** Who the alias's connection signs in as, asked through the hub. */
  async function whoAmI(aliasName: string, api = admin): Promise<string> {
    const response = await api
      .post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} })
      .expect(200);
    return (response.body as { outputs: { displayName: string } }).outputs.displayName;
  }

  async function credential(body: Record<string, unknown>): Promise<string> {
    const response = await admin.post('/api/credentials', { name: unique('cred'), ...body });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  }

  /** A child alias of Jira with one active connection signed in as Alpha, already resolved once. */
  async function cachedAlias() {
    const alias = await admin
      .post('/api/aliases', {
        name: unique('Cached').replace(/-/g, '_'),
        parentId: await admin.aliasId('Jira'),
      })
      .expect(201);
    const aliasId = (alias.body as { id: string }).id;
    const aliasName = (alias.body as { name: string }).name;
    const credentialId = await credential({ type: 'bearer', token: 'alpha-token' });
    const connection = await admin.createConnection({
      url: connectionUrl(fake.url, cloudId),
      credentialId,
      aliasId,
    });
    expect(await whoAmI(aliasName)).toBe('Alpha');
    return { aliasId, aliasName, credentialId, connectionId: connection.id as string };
  }

  it('serves repeated executions from the cache', async () => {
    const { aliasName } = await cachedAlias();
    const cache = hub.app.get(ResolutionCache);
    const cached = await cache.resolve(aliasName, () => Promise.reject(new Error('read again')));

    expect(cached.alias.name).toBe(aliasName);
  });

  it('a new token on the credential', async () => {
    const { aliasName, credentialId } = await cachedAlias();

    await admin.patch(`/api/credentials/${credentialId}`, { token: 'beta-token' }).expect(200);

    expect(await whoAmI(aliasName)).toBe('Beta');
  });

  it('another credential on the connection, of another type', async () => {
    const { aliasName, connectionId } = await cachedAlias();
    const gamma = await credential({ username: 'gamma@example.com', apiToken: 'gamma-token' });

    await admin.patch(`/api/connections/${connectionId}`, { credentialId: gamma }).expect(200);

    expect(await whoAmI(aliasName)).toBe('Gamma');
  });

  it('a new connection that takes over as the active one', async () => {
    const { aliasName, aliasId } = await cachedAlias();

    await admin.createConnection({
      url: connectionUrl(fake.url, cloudId),
      credentialId: await credential({ type: 'bearer', token: 'beta-token' }),
      aliasId,
      active: true,
    });

    expect(await whoAmI(aliasName)).toBe('Beta');
  });

  it('another site for the connection', async () => {
    const { aliasName, connectionId } = await cachedAlias();
    const otherCloudId = fake.addSite('other-cache.atlassian.net');

    await admin
      .patch(`/api/connections/${connectionId}`, { url: connectionUrl(fake.url, otherCloudId) })
      .expect(200);
    await whoAmI(aliasName);

    expect(fake.requestsTo('/rest/api/3/myself').at(-1)!.path).toBe(
      `/ex/jira/${otherCloudId}/rest/api/3/myself`,
    );
  });

  it('a connection deactivated or deleted', async () => {
    const deactivated = await cachedAlias();
    const deleted = await cachedAlias();

    await admin
      .patch(`/api/connections/${deactivated.connectionId}`, { active: false })
      .expect(200);
    await admin.delete(`/api/connections/${deleted.connectionId}`).expect(204);

    for (const { aliasName } of [deactivated, deleted]) {
      const response = await admin
        .post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} })
        .expect(409);
      expect(response.body.error).toBe('no_active_connection');
    }
  });

  it('a renamed alias', async () => {
    const { aliasName, aliasId } = await cachedAlias();
    const newName = `${aliasName}_Renamed`;

    await admin.patch(`/api/aliases/${aliasId}`, { name: newName }).expect(200);

    await admin
      .post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} })
      .expect(404);
    expect(await whoAmI(newName)).toBe('Alpha');
  });

  it('key rotation empties the cache, and executions go on with the re-encrypted secrets', async () => {
    const { aliasName } = await cachedAlias();

    await hub.app.get(KeyRotationService).rotate();

    expect(hub.app.get(ResolutionCache).size).toBe(0);
    expect(await whoAmI(aliasName)).toBe('Alpha');
  });

  describe('with a second hub instance on the same database', () => {
    let second: TestHub;

    beforeAll(async () => {
      second = await startTestHub({
        env: {
          ATLASSIAN_API_URL: fake.url,
          HUB_ENCRYPTION_KEY: hub.config.encryptionKey,
          HUB_RESOLUTION_CACHE_TTL_MS: String(TTL_MS),
        },
        database: hub.database,
      });
    });
    afterAll(() => second.close({ keepDatabase: true }));
    afterEach(() => jest.restoreAllMocks());

    it('sees an edit made on the first one once HUB_RESOLUTION_CACHE_TTL_MS has passed', async () => {
      const now = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
      const { aliasName, credentialId } = await cachedAlias();
      const onSecond = new Api(second.http, second.adminToken);
      expect(await whoAmI(aliasName, onSecond)).toBe('Alpha');

      await admin.patch(`/api/credentials/${credentialId}`, { token: 'beta-token' }).expect(200);

      expect(await whoAmI(aliasName)).toBe('Beta');
      // The documented bound: until the TTL has passed, the second instance may use what it read.
      expect(await whoAmI(aliasName, onSecond)).toBe('Alpha');
      clock.mockReturnValue(now + TTL_MS);
      expect(await whoAmI(aliasName, onSecond)).toBe('Beta');
    });
  });
});
