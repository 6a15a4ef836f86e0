import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeAtlassian } from './fake-atlassian/fake-atlassian.server';
import { Api, connectionUrl, unique } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const JSM_DEFAULTS = [
  'read:jira-user',
  'read:servicedesk-request',
  'write:servicedesk-request',
  'manage:servicedesk-customer',
  'read:jira-work',
  'read:me',
  'read:account',
  'offline_access',
];

describe('Connections API', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let jsmAliasId: string;
  let credentialId: string;

  beforeAll(async () => {
    fake = await new FakeAtlassian().start();
    hub = await startTestHub({
      env: { ATLASSIAN_API_URL: fake.url, ATLASSIAN_SITE_DISCOVERY_URL: fake.siteDiscoveryUrl },
    });
    admin = new Api(hub.http, hub.adminToken);
    jsmAliasId = await admin.aliasId('Jira_SM');
    credentialId = (await admin.createCredential()).id;
  });
  afterAll(async () => {
    await hub.close();
    await fake.stop();
  });

  async function newChildAlias(): Promise<string> {
    const response = await admin
      .post('/api/aliases', { name: unique('Jira_SM_site'), parentId: jsmAliasId })
      .expect(201);
    return response.body.id as string;
  }

  describe('URL', () => {
    it('derives the cloud id and normalises a trailing slash away', async () => {
      const cloudId = randomUUID().toUpperCase();
      const connection = await admin.createConnection({
        url: `${fake.url}/ex/jira/${cloudId}/`,
        credentialId,
        aliasId: await newChildAlias(),
      });
      expect(connection.url).toBe(`${fake.url}/ex/jira/${cloudId.toLowerCase()}`);
      expect(connection.cloudId).toBe(cloudId.toLowerCase());
    });

    it.each([
      ['a site URL', 'https://your-team.atlassian.net'],
      ['another gateway product', (base: string) => `${base}/ex/confluence/${randomUUID()}`],
      ['a cloud id that is not a UUID', (base: string) => `${base}/ex/jira/not-a-uuid`],
      ['another host', `https://evil.example.com/ex/jira/${randomUUID()}`],
    ])('refuses %s with 400 showing the expected form', async (_case, url) => {
      const response = await admin
        .post('/api/connections', {
          name: unique('bad-url'),
          url: typeof url === 'function' ? url(fake.url) : url,
          credentialId,
          aliasId: jsmAliasId,
        })
        .expect(400);
      expect(response.body.errors[0]).toEqual(
        expect.objectContaining({ field: 'url', rule: 'connectionUrl' }),
      );
      expect(response.body.message).toContain(`${fake.url}/ex/jira/<cloud-id>`);
    });
  });

  it('refuses references to a missing alias or credential, and unknown fields, saving nothing', async () => {
    const before = (await admin.get('/api/connections').expect(200)).body.length;
    const missingAlias = await admin
      .post('/api/connections', {
        name: unique('c'),
        url: connectionUrl(fake.url),
        credentialId,
        aliasId: randomUUID(),
      })
      .expect(400);
    expect(missingAlias.body.errors[0].field).toBe('aliasId');
    const missingCredential = await admin
      .post('/api/connections', {
        name: unique('c'),
        url: connectionUrl(fake.url),
        credentialId: randomUUID(),
        aliasId: jsmAliasId,
      })
      .expect(400);
    expect(missingCredential.body.errors[0].field).toBe('credentialId');
    const unknown = await admin
      .post('/api/connections', {
        name: unique('c'),
        url: connectionUrl(fake.url),
        credentialId,
        aliasId: jsmAliasId,
        password: 'x',
        timeoutMs: 5,
      })
      .expect(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['password', 'timeoutMs']),
    );
    expect((await admin.get('/api/connections').expect(200)).body.length).toBe(before);
  });

  it('refuses a duplicate name with 409', async () => {
    const aliasId = await newChildAlias();
    const first = await admin.createConnection({
      url: connectionUrl(fake.url),
      credentialId,
      aliasId,
    });
    const response = await admin
      .post('/api/connections', {
        name: first.name,
        url: connectionUrl(fake.url),
        credentialId,
        aliasId,
      })
      .expect(409);
    expect(response.body.errors[0]).toEqual(
      expect.objectContaining({ field: 'name', rule: 'unique' }),
    );
  });

  describe('scopes', () => {
    it("gets the spoke's default scopes on create", async () => {
      const connection = await admin.createConnection({
        url: connectionUrl(fake.url),
        credentialId,
        aliasId: await newChildAlias(),
      });
      expect(connection.scopes).toEqual(JSM_DEFAULTS);
      expect(connection.spoke).toBe('jsm');
    });

    it('resets scopes to the defaults on every edit that does not name them, and says so', async () => {
      const custom = ['read:jira-user', 'offline_access'];
      const connection = await admin.createConnection({
        url: connectionUrl(fake.url),
        credentialId,
        aliasId: await newChildAlias(),
        scopes: custom,
      });
      expect(connection.scopes).toEqual(custom);

      const setAgain = await admin
        .patch(`/api/connections/${connection.id}`, { scopes: [...custom, 'read:me'] })
        .expect(200);
      expect(setAgain.body).toEqual(
        expect.objectContaining({ scopes: [...custom, 'read:me'], scopesReset: false }),
      );
      expect(setAgain.body.message).toBeUndefined();

      const edited = await admin
        .patch(`/api/connections/${connection.id}`, { timeoutMs: 5000 })
        .expect(200);
      expect(edited.body).toEqual(
        expect.objectContaining({ timeoutMs: 5000, scopes: JSM_DEFAULTS, scopesReset: true }),
      );
      expect(edited.body.message).toMatch(/Scopes were reset to the jsm spoke's defaults/);
      expect(
        (await admin.get(`/api/connections/${connection.id}`).expect(200)).body.scopes,
      ).toEqual(JSM_DEFAULTS);
    });

    it("uses the Jira spoke's own defaults for a Jira alias", async () => {
      const connection = await admin.createConnection({
        url: connectionUrl(fake.url),
        credentialId,
        aliasId: await admin.aliasId('Jira'),
        active: false,
      });
      expect(connection.scopes).toEqual(
        expect.arrayContaining(['read:jira-work', 'write:jira-work', 'manage:jira-configuration']),
      );
      expect(connection.scopes).not.toContain('manage:servicedesk-customer');
    });
  });

  describe('one active connection per alias', () => {
    it('makes the first connection of an alias active and later ones inactive by default', async () => {
      const aliasId = await newChildAlias();
      const first = await admin.createConnection({
        url: connectionUrl(fake.url),
        credentialId,
        aliasId,
      });
      const second = await admin.createConnection({
        url: connectionUrl(fake.url),
        credentialId,
        aliasId,
      });
      expect([first.active, second.active]).toEqual([true, false]);
    });

    it('deactivates the other connection when one is activated', async () => {
      const aliasId = await newChildAlias();
      const first = await admin.createConnection({
        url: connectionUrl(fake.url),
        credentialId,
        aliasId,
      });
      const second = await admin.createConnection({
        url: connectionUrl(fake.url),
        credentialId,
        aliasId,
        active: true,
      });
      expect(second.active).toBe(true);
      expect(
        (await admin.get(`/api/connections/${first.id as string}`).expect(200)).body.active,
      ).toBe(false);

      await admin.patch(`/api/connections/${first.id as string}`, { active: true }).expect(200);
      const listed = await admin.get(`/api/connections?aliasId=${aliasId}`).expect(200);
      expect(
        listed.body.filter((c: { active: boolean }) => c.active).map((c: { id: string }) => c.id),
      ).toEqual([first.id]);
    });

    it('keeps exactly one active when many activations race', async () => {
      const aliasId = await newChildAlias();
      const connections = [];
      for (let i = 0; i < 6; i++) {
        connections.push(
          await admin.createConnection({
            url: connectionUrl(fake.url),
            credentialId,
            aliasId,
            active: false,
          }),
        );
      }
      const answers = await Promise.all(
        connections.map((c) => admin.patch(`/api/connections/${c.id as string}`, { active: true })),
      );
      for (const answer of answers) expect([200, 409]).toContain(answer.status);
      const listed = await admin.get(`/api/connections?aliasId=${aliasId}`).expect(200);
      expect(listed.body.filter((c: { active: boolean }) => c.active)).toHaveLength(1);
    });
  });

  describe('test', () => {
    let cloudId: string;
    beforeAll(() => {
      cloudId = fake.addSite('tested.atlassian.net');
    });

    async function connectionWith(
      credential: Record<string, unknown>,
      options: { cloudId?: string; timeoutMs?: number } = {},
    ) {
      const created = await admin
        .post('/api/credentials', { name: unique('cred'), ...credential })
        .expect(201);
      return admin.createConnection({
        url: connectionUrl(fake.url, options.cloudId ?? cloudId),
        credentialId: created.body.id,
        aliasId: await newChildAlias(),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
    }

    it('signs in through the connection with Basic auth and shows who the hub is at Atlassian', async () => {
      const account = fake.addAccount(
        { email: 'bot@example.com', apiToken: 'good-token' },
        { displayName: 'Service Bot', accountType: 'app' },
      );
      const connection = await connectionWith({
        username: 'bot@example.com',
        apiToken: 'good-token',
      });
      const response = await admin
        .post(`/api/connections/${connection.id as string}/test`)
        .expect(200);
      expect(response.body).toEqual({
        ok: true,
        accountId: account.accountId,
        displayName: 'Service Bot',
        accountType: 'app',
      });

      const call = fake.requestsTo('/rest/api/3/myself').at(-1)!;
      expect(call.path).toBe(`/ex/jira/${cloudId}/rest/api/3/myself`);
      expect(call.headers.authorization).toBe(
        `Basic ${Buffer.from('bot@example.com:good-token').toString('base64')}`,
      );
      expect(call.headers['user-agent']).toMatch(/^IntegrationHub\//);

      const stored = await admin.get(`/api/connections/${connection.id as string}`).expect(200);
      expect(stored.body.lastTest).toEqual(
        expect.objectContaining({ ok: true, message: expect.stringContaining('Service Bot') }),
      );
    });

    it('signs in with a bearer token (service-account scoped token)', async () => {
      fake.addAccount({ bearer: 'scoped-token-1' }, { displayName: 'Scoped Bot' });
      const connection = await connectionWith({ type: 'bearer', token: 'scoped-token-1' });
      const response = await admin
        .post(`/api/connections/${connection.id as string}/test`)
        .expect(200);
      expect(response.body).toEqual(
        expect.objectContaining({ ok: true, displayName: 'Scoped Bot' }),
      );
      expect(fake.requestsTo('/rest/api/3/myself').at(-1)!.headers.authorization).toBe(
        'Bearer scoped-token-1',
      );
    });

    it('explains a 401: the token is wrong, expired or revoked', async () => {
      const connection = await connectionWith({ username: 'bot@example.com', apiToken: 'revoked' });
      const response = await admin
        .post(`/api/connections/${connection.id as string}/test`)
        .expect(200);
      expect(response.body).toEqual({
        ok: false,
        httpStatus: 401,
        message: expect.stringMatching(/wrong, expired or revoked/),
      });
      const stored = await admin.get(`/api/connections/${connection.id as string}`).expect(200);
      expect(stored.body.lastTest).toEqual(expect.objectContaining({ ok: false }));
    });

    it('explains a 403: a missing scope or permission', async () => {
      fake.addAccount({ bearer: 'narrow-token' }, { scopes: ['read:jira-work'] });
      const connection = await connectionWith({ type: 'bearer', token: 'narrow-token' });
      const response = await admin
        .post(`/api/connections/${connection.id as string}/test`)
        .expect(200);
      expect(response.body).toEqual({
        ok: false,
        httpStatus: 403,
        message: expect.stringMatching(/lacks a scope/),
      });
    });

    it('explains a 404: an unknown cloud id', async () => {
      fake.addAccount({ bearer: 'fine-token' });
      const unknownCloudId = randomUUID();
      const connection = await connectionWith(
        { type: 'bearer', token: 'fine-token' },
        { cloudId: unknownCloudId },
      );
      const response = await admin
        .post(`/api/connections/${connection.id as string}/test`)
        .expect(200);
      expect(response.body).toEqual({
        ok: false,
        httpStatus: 404,
        message: expect.stringContaining(unknownCloudId),
      });
    });

    it('explains a network error without leaking the credential', async () => {
      const silent: Server = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as AddressInfo).port;
      const offline = await startTestHub({
        env: { ATLASSIAN_API_URL: `http://127.0.0.1:${port}` },
      });
      try {
        const offlineAdmin = new Api(offline.http, offline.adminToken);
        const { id } = await offlineAdmin.createCredential({ apiToken: 'never-shown-token' });
        const connection = await offlineAdmin.createConnection({
          url: connectionUrl(`http://127.0.0.1:${port}`),
          credentialId: id,
          aliasId: await offlineAdmin.aliasId('Jira_SM'),
          timeoutMs: 1000,
        });
        const timedOut = await offlineAdmin
          .post(`/api/connections/${connection.id as string}/test`)
          .expect(200);
        expect(timedOut.body).toEqual({
          ok: false,
          httpStatus: null,
          message: expect.stringMatching(
            /Could not reach 127\.0\.0\.1:\d+: it did not answer in time/,
          ),
        });
        silent.closeAllConnections();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
        const refused = await offlineAdmin
          .post(`/api/connections/${connection.id as string}/test`)
          .expect(200);
        expect(refused.body.message).toMatch(/ECONNREFUSED/);
        expect(
          JSON.stringify([timedOut.body, refused.body]) + offline.logLines.join(''),
        ).not.toContain('never-shown-token');
      } finally {
        await offline.close();
      }
    });

    it('tells an OAuth connection without a token to get one first', async () => {
      const connection = await connectionWith({ clientId: 'app', clientSecret: 'secret' });
      const response = await admin
        .post(`/api/connections/${connection.id as string}/test`)
        .expect(200);
      expect(response.body).toEqual({
        ok: false,
        httpStatus: null,
        message: expect.stringMatching(/Save and Get OAuth Token/),
      });
    });
  });

  describe('discover', () => {
    it('finds the cloud id of an atlassian.net site and the connection URL', async () => {
      const cloudId = fake.addSite('your-team.atlassian.net');
      const response = await admin
        .post('/api/connections/discover', { site: 'https://Your-Team.atlassian.net/' })
        .expect(200);
      expect(response.body).toEqual({ cloudId, url: `${fake.url}/ex/jira/${cloudId}` });
      const lookup = fake.requestsTo('/_edge/tenant_info').at(-1)!;
      expect(lookup.path).toBe('/_sites/your-team.atlassian.net/_edge/tenant_info');
      expect(lookup.headers.authorization).toBeUndefined();
    });

    it('refuses sites outside atlassian.net', async () => {
      for (const site of [
        'example.com',
        'evil.atlassian.net.example.com',
        '127.0.0.1',
        'a..atlassian.net',
      ]) {
        const response = await admin.post('/api/connections/discover', { site }).expect(400);
        expect(response.body.errors[0].field).toBe('site');
      }
    });

    it('answers 404 for a site Atlassian does not know', async () => {
      const response = await admin
        .post('/api/connections/discover', { site: 'nobody-here.atlassian.net' })
        .expect(404);
      expect(response.body.message).toMatch(/nobody-here\.atlassian\.net not found/);
    });
  });

  it('deletes a connection', async () => {
    const connection = await admin.createConnection({
      url: connectionUrl(fake.url),
      credentialId,
      aliasId: await newChildAlias(),
    });
    await admin.delete(`/api/connections/${connection.id as string}`).expect(204);
    await admin.get(`/api/connections/${connection.id as string}`).expect(404);
  });
});
