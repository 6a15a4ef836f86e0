import { Api, basicCredentialInput, connectionUrl, unique } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const DAY = 24 * 60 * 60 * 1000;

describe('Credentials API', () => {
  let hub: TestHub;
  let admin: Api;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = new Api(hub.http, hub.adminToken);
  });
  afterAll(() => hub.close());

  it('creates a basic credential and answers with "set" in place of the API token', async () => {
    const input = basicCredentialInput();
    const response = await admin.post('/api/credentials', input).expect(201);
    expect(response.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        name: input.name,
        type: 'basic',
        username: 'automation@example.com',
        apiToken: 'set',
        expiresAt: null,
        expiresInDays: null,
        expiringSoon: false,
      }),
    );
    expect(JSON.stringify(response.body)).not.toContain(input.apiToken as string);
    const fetched = await admin.get(`/api/credentials/${response.body.id}`).expect(200);
    expect(JSON.stringify(fetched.body)).not.toContain(input.apiToken as string);
    const listed = await admin.get('/api/credentials').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(input.apiToken as string);
  });

  it("creates an oauth2 credential with Atlassian's authorization and token URLs by default", async () => {
    const response = await admin
      .post('/api/credentials', {
        name: unique('oauth'),
        type: 'oauth2',
        clientId: 'client-1',
        clientSecret: 's3cr3t-client',
      })
      .expect(201);
    expect(response.body).toEqual(
      expect.objectContaining({
        type: 'oauth2',
        clientId: 'client-1',
        clientSecret: 'set',
        authorizationUrl: 'https://auth.atlassian.com/authorize',
        tokenUrl: 'https://auth.atlassian.com/oauth/token',
      }),
    );
  });

  it('refuses OAuth URLs on hosts off the allow-list, naming each field', async () => {
    const before = (await admin.get('/api/credentials').expect(200)).body.length;
    const response = await admin
      .post('/api/credentials', {
        name: unique('oauth'),
        type: 'oauth2',
        clientId: 'client-2',
        clientSecret: 's3cr3t-client',
        authorizationUrl: 'https://login.evil.example/authorize',
        tokenUrl: 'https://login.evil.example/oauth/token',
      })
      .expect(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'authorizationUrl', rule: 'allowedHost' }),
      expect.objectContaining({ field: 'tokenUrl', rule: 'allowedHost' }),
    ]);
    expect((await admin.get('/api/credentials').expect(200)).body.length).toBe(before);
  });

  it('creates a bearer credential for a service-account token or org-admin API key', async () => {
    const response = await admin
      .post('/api/credentials', {
        name: unique('bearer'),
        type: 'bearer',
        token: 'org-admin-key-123',
      })
      .expect(201);
    expect(response.body).toEqual(expect.objectContaining({ type: 'bearer', token: 'set' }));
    expect(response.body.username).toBeUndefined();
  });

  it('infers the type: a username with @ means basic, a clientId means oauth2', async () => {
    const basic = await admin
      .post('/api/credentials', {
        name: unique('inferred'),
        username: 'me@example.com',
        apiToken: 't',
      })
      .expect(201);
    expect(basic.body.type).toBe('basic');
    const oauth = await admin
      .post('/api/credentials', { name: unique('inferred'), clientId: 'c', clientSecret: 's' })
      .expect(201);
    expect(oauth.body.type).toBe('oauth2');
    const neither = await admin.post('/api/credentials', { name: unique('inferred') }).expect(400);
    expect(neither.body.errors[0]).toEqual(
      expect.objectContaining({ field: 'type', rule: 'required' }),
    );
  });

  it('names each missing or misplaced field of the type', async () => {
    const missing = await admin
      .post('/api/credentials', { name: unique('x'), type: 'basic' })
      .expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'apiToken',
      'username',
    ]);
    const misplaced = await admin
      .post('/api/credentials', {
        name: unique('x'),
        type: 'bearer',
        token: 't',
        clientSecret: 's',
      })
      .expect(400);
    expect(misplaced.body.errors).toEqual([
      expect.objectContaining({
        field: 'clientSecret',
        rule: 'notForType',
        message: 'clientSecret does not apply to a bearer credential',
      }),
    ]);
  });

  it('refuses unknown fields, wrong types and a non-email username with 400s naming the field', async () => {
    const response = await admin
      .post('/api/credentials', {
        name: 42,
        type: 'basic',
        username: 'not-an-email',
        apiToken: 't',
        color: 'red',
      })
      .expect(400);
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'username', 'color']));
    expect(response.body.message).toMatch(/username must be the Atlassian account email address/);
  });

  it('answers 400, not 500, to malformed JSON and a bad id', async () => {
    const malformed = await hub.http
      .post('/api/credentials')
      .set('Authorization', `Bearer ${hub.adminToken}`)
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(malformed.status).toBe(400);
    const badId = await admin.get('/api/credentials/not-a-uuid').expect(400);
    expect(badId.body.errors[0].field).toBe('id');
    await admin.get('/api/credentials/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('keeps a secret that a PATCH leaves out and replaces one it names', async () => {
    const { id } = await admin.createCredential();
    const renamed = await admin
      .patch(`/api/credentials/${id}`, { name: unique('renamed') })
      .expect(200);
    expect(renamed.body.apiToken).toBe('set');
    const changedType = await admin.patch(`/api/credentials/${id}`, { type: 'bearer' }).expect(400);
    expect(changedType.body.errors[0]).toEqual(
      expect.objectContaining({ field: 'type', rule: 'immutable' }),
    );
    await admin.patch(`/api/credentials/${id}`, { apiToken: 'replaced-token' }).expect(200);
    const resolved = await hub.app
      .get((await import('../src/credentials/credentials.service')).CredentialsService)
      .revealSecrets(id);
    expect(resolved.secret('apiToken')).toBe('replaced-token');
  });

  it('reports expiry in days and flags credentials expiring within 30 days', async () => {
    const soon = new Date(Date.now() + 10 * DAY + 60_000).toISOString();
    const later = new Date(Date.now() + 200 * DAY + 60_000).toISOString();
    const expiring = await admin.createCredential({ expiresAt: soon });
    const fetched = await admin.get(`/api/credentials/${expiring.id}`).expect(200);
    expect(fetched.body).toEqual(
      expect.objectContaining({ expiresAt: soon, expiresInDays: 10, expiringSoon: true }),
    );

    const updated = await admin
      .patch(`/api/credentials/${expiring.id}`, { expiresAt: later })
      .expect(200);
    expect(updated.body).toEqual(
      expect.objectContaining({ expiresInDays: 200, expiringSoon: false }),
    );
    const cleared = await admin
      .patch(`/api/credentials/${expiring.id}`, { expiresAt: null })
      .expect(200);
    expect(cleared.body).toEqual(
      expect.objectContaining({ expiresAt: null, expiresInDays: null, expiringSoon: false }),
    );

    const bad = await admin
      .post('/api/credentials', basicCredentialInput({ expiresAt: 'next year' }))
      .expect(400);
    expect(bad.body.errors[0].field).toBe('expiresAt');
    // ISO 8601 week dates are ISO, but no Date can hold them: refused, not stored as Invalid Date.
    const week = await admin
      .post('/api/credentials', basicCredentialInput({ expiresAt: '2027-W01' }))
      .expect(400);
    expect(week.body.errors).toEqual([
      expect.objectContaining({ field: 'expiresAt', rule: 'isDateTime' }),
    ]);
  });

  it('refuses a second credential with the same name (409, nothing saved)', async () => {
    const { input } = await admin.createCredential();
    const before = (await admin.get('/api/credentials').expect(200)).body.length;
    const response = await admin
      .post('/api/credentials', basicCredentialInput({ name: input.name }))
      .expect(409);
    expect(response.body.errors[0]).toEqual(
      expect.objectContaining({ field: 'name', rule: 'unique' }),
    );
    expect((await admin.get('/api/credentials').expect(200)).body.length).toBe(before);
  });

  it('refuses to delete a credential still used by a connection, naming the connections', async () => {
    const { id } = await admin.createCredential();
    const aliasId = await admin.aliasId('Jira_SM');
    const connectionName = unique('uses-credential');
    await admin.createConnection({
      name: connectionName,
      url: connectionUrl(hub.config.atlassianApiUrl),
      credentialId: id,
      aliasId,
      active: false,
    });
    const refused = await admin.delete(`/api/credentials/${id}`).expect(409);
    expect(refused.body.message).toContain(connectionName);
    expect(refused.body.connections).toEqual([expect.objectContaining({ name: connectionName })]);
    await admin.get(`/api/credentials/${id}`).expect(200);

    const unused = await admin.createCredential();
    await admin.delete(`/api/credentials/${unused.id}`).expect(204);
    await admin.get(`/api/credentials/${unused.id}`).expect(404);
  });
});
