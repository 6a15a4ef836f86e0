import { randomUUID } from 'node:crypto';
import { Api, basicCredentialInput, connectionUrl, unique } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

/** POST /api/aliases/:id/connections: ServiceNow's "Add Connection", all or nothing. */
describe('Add Connection (child alias, credential and connection in one transaction)', () => {
  let hub: TestHub;
  let admin: Api;
  let jsmAliasId: string;
  const apiUrl = 'http://127.0.0.1:9';

  beforeAll(async () => {
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: apiUrl } });
    admin = new Api(hub.http, hub.adminToken);
    jsmAliasId = await admin.aliasId('Jira_SM');
  });
  afterAll(() => hub.close());

  const names = async (path: string) =>
    ((await admin.get(path).expect(200)).body as Array<{ name: string }>).map((row) => row.name);

  it('creates the child alias, a new credential and the active connection together', async () => {
    const childName = unique('Jira_SM_EU').replace(/-/g, '_');
    const credential = basicCredentialInput();

    const response = await admin
      .post(`/api/aliases/${jsmAliasId}/connections`, {
        childAlias: { name: childName },
        credential,
        connection: { name: unique('eu'), url: connectionUrl(apiUrl) },
      })
      .expect(201);

    expect(response.body.alias).toEqual(
      expect.objectContaining({ name: childName, parentId: jsmAliasId, spoke: 'jsm' }),
    );
    expect(response.body.connection).toEqual(
      expect.objectContaining({ aliasName: childName, active: true, spoke: 'jsm' }),
    );
    expect(response.body.alias.activeConnectionId).toBe(response.body.connection.id);
    const stored = await admin.get(`/api/credentials/${response.body.connection.credentialId}`);
    expect(stored.body).toEqual(
      expect.objectContaining({ name: credential.name, apiToken: 'set' }),
    );
  });

  it('adds a connection with an existing credential to the alias itself', async () => {
    const { id: credentialId } = await admin.createCredential();
    const aliasId = await admin.aliasId('Jira');

    const response = await admin
      .post(`/api/aliases/${aliasId}/connections`, {
        connection: { name: unique('jira'), url: connectionUrl(apiUrl), credentialId },
      })
      .expect(201);

    expect(response.body.connection.aliasId).toBe(aliasId);
  });

  it('saves nothing when the connection is refused, naming the field by its part', async () => {
    const childName = unique('Jira_SM_BAD').replace(/-/g, '_');
    const credential = basicCredentialInput();

    const response = await admin
      .post(`/api/aliases/${jsmAliasId}/connections`, {
        childAlias: { name: childName },
        credential,
        connection: { name: unique('bad'), url: 'https://your-team.atlassian.net' },
      })
      .expect(400);

    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'connection.url', rule: 'connectionUrl' }),
    ]);
    expect(await names('/api/aliases')).not.toContain(childName);
    expect(await names('/api/credentials')).not.toContain(credential.name);
  });

  it('saves nothing when the credential is refused', async () => {
    const childName = unique('Jira_SM_BAD').replace(/-/g, '_');
    const response = await admin
      .post(`/api/aliases/${jsmAliasId}/connections`, {
        childAlias: { name: childName },
        credential: { name: unique('no-token'), type: 'basic', username: 'a@example.com' },
        connection: { name: unique('c'), url: connectionUrl(apiUrl) },
      })
      .expect(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'credential.apiToken', rule: 'required' }),
    ]);
    expect(await names('/api/aliases')).not.toContain(childName);
  });

  it('checks every part with the DTOs first, and wants exactly one of credentialId and credential', async () => {
    const invalid = await admin
      .post(`/api/aliases/${jsmAliasId}/connections`, {
        childAlias: { name: '1 bad name' },
        credential: { name: 'x', type: 'basic', username: 'not-an-email', apiToken: 't' },
        connection: { name: 'n', url: connectionUrl(apiUrl), maxRetries: 99, extra: true },
      })
      .expect(400);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'childAlias.name',
      'connection.extra',
      'connection.maxRetries',
      'credential.username',
    ]);

    const neither = await admin
      .post(`/api/aliases/${jsmAliasId}/connections`, {
        connection: { name: unique('n'), url: connectionUrl(apiUrl) },
      })
      .expect(400);
    expect(neither.body.errors[0].field).toBe('connection.credentialId');
  });

  it('refuses a child of a child alias, and answers 404 for an unknown alias', async () => {
    const child = await admin
      .post('/api/aliases', { name: unique('Child').replace(/-/g, '_'), parentId: jsmAliasId })
      .expect(201);
    const { id: credentialId } = await admin.createCredential();
    const nested = await admin
      .post(`/api/aliases/${child.body.id}/connections`, {
        childAlias: { name: unique('Grandchild').replace(/-/g, '_') },
        connection: { name: unique('n'), url: connectionUrl(apiUrl), credentialId },
      })
      .expect(400);
    expect(nested.body.errors[0]).toEqual(
      expect.objectContaining({ field: 'childAlias.parentId', rule: 'parentIsChild' }),
    );

    await admin
      .post(`/api/aliases/${randomUUID()}/connections`, {
        connection: { name: unique('n'), url: connectionUrl(apiUrl), credentialId },
      })
      .expect(404);
  });
});
