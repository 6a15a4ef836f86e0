import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AliasResolverService } from '../src/aliases/alias-resolver.service';
import { DataSource, QueryRunner } from 'typeorm';
import { HubError, HubErrorCode } from '../src/common/hub-error';
import { ResolutionCache } from '../src/resolution-cache/resolution-cache';
import { FakeAtlassian } from './fake-atlassian/fake-atlassian.server';
import { Api, connectionUrl, unique } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

describe('Aliases API and resolver', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let resolver: AliasResolverService;
  let cloudId: string;

  beforeAll(async () => {
    fake = await new FakeAtlassian().start();
    cloudId = fake.addSite('aliases.atlassian.net');
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    admin = new Api(hub.http, hub.adminToken);
    resolver = hub.app.get(AliasResolverService);
  });
  afterAll(async () => {
    await hub.close();
    await fake.stop();
  });

  it("ships each spoke's parent alias from the first start", async () => {
    const response = await admin.get('/api/aliases').expect(200);
    const parents = response.body.filter(
      (alias: { parentId: string | null }) => alias.parentId === null,
    );
    expect(
      parents.map((alias: { name: string; spoke: string }) => [alias.name, alias.spoke]),
    ).toEqual(
      expect.arrayContaining([
        ['Jira', 'jira'],
        ['Jira_SM', 'jsm'],
        ['Atlassian_Admin', 'atlassian-admin'],
      ]),
    );
  });

  it("creates a child alias that inherits its parent's spoke, and shows it under the parent", async () => {
    const parentId = await admin.aliasId('Jira_SM');
    const child = await admin
      .post('/api/aliases', { name: unique('Jira_SM_EU'), parentId })
      .expect(201);
    expect(child.body).toEqual(
      expect.objectContaining({
        spoke: 'jsm',
        parentId,
        parentName: 'Jira_SM',
        connections: [],
        children: [],
      }),
    );
    const parent = await admin.get(`/api/aliases/${parentId}`).expect(200);
    expect(parent.body.children.map((c: { id: string }) => c.id)).toContain(child.body.id);
  });

  it('refuses a child of a child, a spoke that differs from the parent, and a parent without a spoke', async () => {
    const parentId = await admin.aliasId('Jira');
    const child = await admin
      .post('/api/aliases', { name: unique('Jira_child'), parentId })
      .expect(201);
    const grandchild = await admin
      .post('/api/aliases', { name: unique('Jira_grandchild'), parentId: child.body.id })
      .expect(400);
    expect(grandchild.body.errors[0]).toEqual(
      expect.objectContaining({ field: 'parentId', rule: 'parentIsChild' }),
    );
    const otherSpoke = await admin
      .post('/api/aliases', { name: unique('Mixed'), parentId, spoke: 'jsm' })
      .expect(400);
    expect(otherSpoke.body.errors[0].field).toBe('spoke');
    const noSpoke = await admin.post('/api/aliases', { name: unique('Lonely') }).expect(400);
    expect(noSpoke.body.errors[0]).toEqual(
      expect.objectContaining({ field: 'spoke', rule: 'required' }),
    );
    const badName = await admin
      .post('/api/aliases', { name: '1 bad name', spoke: 'jira' })
      .expect(400);
    expect(badName.body.errors[0].field).toBe('name');
    const taken = await admin.post('/api/aliases', { name: 'Jira_SM', spoke: 'jsm' }).expect(409);
    expect(taken.body.errors[0].rule).toBe('unique');
  });

  it('refuses to delete a parent with children (409) and an alias with connections (409)', async () => {
    const parent = await admin
      .post('/api/aliases', { name: unique('Parent'), spoke: 'jira' })
      .expect(201);
    const child = await admin
      .post('/api/aliases', { name: unique('Child'), parentId: parent.body.id })
      .expect(201);
    const refused = await admin.delete(`/api/aliases/${parent.body.id}`).expect(409);
    expect(refused.body.message).toContain(child.body.name);

    const { id: credentialId } = await admin.createCredential();
    const connection = await admin.createConnection({
      url: connectionUrl(fake.url, cloudId),
      credentialId,
      aliasId: child.body.id,
    });
    const withConnections = await admin.delete(`/api/aliases/${child.body.id}`).expect(409);
    expect(withConnections.body.message).toContain(connection.name as string);

    await admin.delete(`/api/connections/${connection.id as string}`).expect(204);
    await admin.delete(`/api/aliases/${child.body.id}`).expect(204);
    await admin.delete(`/api/aliases/${parent.body.id}`).expect(204);
    await admin.get(`/api/aliases/${parent.body.id}`).expect(404);
  });

  it('shows an alias with its connections and which one is active', async () => {
    const alias = await admin
      .post('/api/aliases', { name: unique('Shown'), parentId: await admin.aliasId('Jira_SM') })
      .expect(201);
    const { id: credentialId } = await admin.createCredential();
    const active = await admin.createConnection({
      url: connectionUrl(fake.url, cloudId),
      credentialId,
      aliasId: alias.body.id,
    });
    await admin.createConnection({
      url: connectionUrl(fake.url, cloudId),
      credentialId,
      aliasId: alias.body.id,
    });
    const detail = await admin.get(`/api/aliases/${alias.body.id}`).expect(200);
    expect(detail.body.connections).toHaveLength(2);
    expect(detail.body.activeConnectionId).toBe(active.id);
  });

  describe('resolveAlias', () => {
    async function aliasWithConnection(
      credential: Record<string, unknown>,
      options: { active?: boolean } = {},
    ) {
      const alias = await admin
        .post('/api/aliases', {
          name: unique('Resolved'),
          parentId: await admin.aliasId('Jira_SM'),
        })
        .expect(201);
      const created = await admin
        .post('/api/credentials', { name: unique('cred'), ...credential })
        .expect(201);
      const connection = await admin.createConnection({
        url: connectionUrl(fake.url, cloudId),
        credentialId: created.body.id,
        aliasId: alias.body.id,
        timeoutMs: 7000,
        ...options,
      });
      return { aliasName: alias.body.name as string, connection };
    }

    it('gives an axios client on the connection URL with Basic auth, timeout and User-Agent', async () => {
      fake.addAccount(
        { email: 'resolver@example.com', apiToken: 'resolver-token' },
        { displayName: 'Resolver' },
      );
      const { aliasName, connection } = await aliasWithConnection({
        username: 'resolver@example.com',
        apiToken: 'resolver-token',
      });
      const resolved = await resolver.resolveAlias(aliasName);
      expect(resolved.connection.id).toBe(connection.id);
      expect(resolved.client.defaults.timeout).toBe(7000);
      const { data } = await resolved.client.get<{ displayName: string }>('rest/api/3/myself');
      expect(data.displayName).toBe('Resolver');
      const call = fake.requestsTo('/rest/api/3/myself').at(-1)!;
      expect(call.path).toBe(`/ex/jira/${cloudId}/rest/api/3/myself`);
      expect(call.headers.authorization).toBe(
        `Basic ${Buffer.from('resolver@example.com:resolver-token').toString('base64')}`,
      );
      expect(call.headers['user-agent']).toMatch(/^IntegrationHub\//);
    });

    it('reads alias, active connection and credential in one query when nothing is cached', async () => {
      fake.addAccount({ bearer: 'one-query-token' });
      const { aliasName, connection } = await aliasWithConnection({
        type: 'bearer',
        token: 'one-query-token',
      });
      hub.app.get(ResolutionCache).invalidateAll();
      const probe = hub.app.get(DataSource).createQueryRunner();
      const runnerType = Object.getPrototypeOf(probe) as QueryRunner;
      await probe.release();
      const queries = jest.spyOn(runnerType, 'query');
      try {
        const resolved = await resolver.resolveAlias(aliasName);

        // Scheduled jobs may query other tables meanwhile; only these three count.
        const reads = queries.mock.calls.filter(([sql]) =>
          /\b(aliases|connections|credentials)\b/.test(sql),
        );
        expect(reads).toHaveLength(1);
        expect(resolved.connection).toEqual(
          expect.objectContaining({ id: connection.id, active: true, timeoutMs: 7000 }),
        );
        expect(resolved.connection.scopes).toEqual(expect.any(Array));
        expect(resolved.connection.createdAt).toBeInstanceOf(Date);
        const { data } = await resolved.client.get<{ accountId: string }>('rest/api/3/myself');
        expect(data.accountId).toEqual(expect.any(String));
      } finally {
        queries.mockRestore();
      }
    });

    it('uses Bearer for a bearer credential', async () => {
      fake.addAccount({ bearer: 'org-key' });
      const { aliasName } = await aliasWithConnection({ type: 'bearer', token: 'org-key' });
      await (await resolver.resolveAlias(aliasName)).client.get('rest/api/3/myself');
      expect(fake.requestsTo('/rest/api/3/myself').at(-1)!.headers.authorization).toBe(
        'Bearer org-key',
      );
    });

    it('reports an unknown alias (404) and an alias without an active connection (409)', async () => {
      await expect(resolver.resolveAlias('No_Such_Alias')).rejects.toMatchObject({
        code: HubErrorCode.NotFound,
        message: 'alias "No_Such_Alias" not found',
      });
      const { aliasName } = await aliasWithConnection(
        { type: 'bearer', token: 'x' },
        { active: false },
      );
      await expect(resolver.resolveAlias(aliasName)).rejects.toMatchObject({
        code: HubErrorCode.NoActiveConnection,
      });
    });

    it('follows no redirect: the 3xx comes back as an error and nothing reaches its target', async () => {
      const seen: IncomingHttpHeaders[] = [];
      const elsewhere: Server = createServer((request, response) => {
        seen.push(request.headers);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
      const port = (elsewhere.address() as AddressInfo).port;
      fake.addAccount({ bearer: 'redirected-token' });
      const { aliasName } = await aliasWithConnection({
        type: 'bearer',
        token: 'redirected-token',
      });
      // Even a target on the allow-list (another host, or the same one) is not called.
      const allowing = await startTestHub({
        env: {
          ATLASSIAN_API_URL: fake.url,
          HUB_ALLOWED_HOSTS: `localhost:${port}`,
          HUB_ENCRYPTION_KEY: hub.config.encryptionKey,
        },
        database: hub.database,
      });
      try {
        for (const target of [`http://localhost:${port}/landing`, `${fake.url}/landing`]) {
          fake.redirect('/rest/api/3/moved', target);
          const client = (await allowing.app.get(AliasResolverService).resolveAlias(aliasName))
            .client;
          const refused = await client.get('rest/api/3/moved').catch((e: unknown) => e);

          expect(refused).toMatchObject({ response: { status: 302 } });
        }
        expect(seen).toHaveLength(0);
        expect(fake.requestsTo('/landing')).toHaveLength(0);
      } finally {
        await allowing.close({ keepDatabase: true });
        await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
      }
    });

    it('refuses to call a connection whose host left the allow-list', async () => {
      fake.addAccount({ bearer: 'moved-token' });
      const { aliasName } = await aliasWithConnection({ type: 'bearer', token: 'moved-token' });
      const elsewhere = await startTestHub({
        env: {
          ATLASSIAN_API_URL: 'https://api.atlassian.com',
          HUB_ENCRYPTION_KEY: hub.config.encryptionKey,
        },
        database: hub.database,
      });
      try {
        const error = await elsewhere.app
          .get(AliasResolverService)
          .resolveAlias(aliasName)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(HubError);
        expect((error as HubError).code).toBe(HubErrorCode.HostNotAllowed);
      } finally {
        await elsewhere.close({ keepDatabase: true });
      }
    });
  });
});
