import { connectedAlias } from './factories/records';
import { JSM_MAX_PAGE } from './fake-atlassian/jsm-routes';
import { JsmHub, startJsmHub } from './support/jsm-hub';

const TOKEN = 'connection-attributes-token';
const LIST_TYPES = (desk: string) =>
  `GET /rest/servicedeskapi/servicedesk/${desk}/requesttype?start=0&limit=${JSM_MAX_PAGE}`;

/** One flow, two sites: each child alias's connection carries its own service desk. */
describe('Connection attributes as action inputs', () => {
  let jsm: JsmHub;
  let first: { aliasName: string; connectionId: string };
  let second: { aliasName: string; connectionId: string };

  beforeAll(async () => {
    jsm = await startJsmHub(TOKEN);
    first = await connectedAlias(jsm.admin, jsm.fake.url, jsm.cloudId, {
      token: TOKEN,
      connection: { attributes: { serviceDeskId: '1', projectKey: 'OPS' } },
    });
    second = await connectedAlias(jsm.admin, jsm.fake.url, jsm.cloudId, {
      token: TOKEN,
      connection: { attributes: { serviceDeskId: '2' } },
    });
  });
  afterAll(() => jsm?.close());

  const run = (alias: string, inputs: Record<string, unknown>) =>
    jsm.admin.post('/api/actions/jsm.list_request_types/execute', { alias, inputs });
  const sentPaths = (before: number) =>
    jsm
      .sentSince(before)
      .filter((request) => !request.includes('/oauth/') && !request.includes('/myself'));

  it('runs one action through two child aliases, each with its own serviceDeskId', async () => {
    const inputs = { serviceDeskId: { fromConnection: 'serviceDeskId' } };
    const before = jsm.fake.requests.length;
    const one = await run(first.aliasName, inputs).expect(200);
    const two = await run(second.aliasName, inputs).expect(200);
    expect(sentPaths(before)).toEqual([LIST_TYPES('1'), LIST_TYPES('2')]);
    expect(one.body.outputs.items.map((t: { serviceDeskId: string }) => t.serviceDeskId)).toEqual(
      expect.arrayContaining(['1']),
    );
    expect(two.body.outputs.items.map((t: { serviceDeskId: string }) => t.serviceDeskId)).toEqual(
      expect.arrayContaining(['2']),
    );

    // The history shows the value used, not the reference.
    const recorded = await jsm.admin.get(`/api/executions/${two.body.executionId}`).expect(200);
    expect(recorded.body.inputs).toEqual(expect.objectContaining({ serviceDeskId: '2' }));
  });

  it('fills an input the caller leaves out from the attribute of the same name', async () => {
    const before = jsm.fake.requests.length;
    const filled = await run(second.aliasName, {}).expect(200);
    expect(sentPaths(before)).toEqual([LIST_TYPES('2')]);
    const recorded = await jsm.admin.get(`/api/executions/${filled.body.executionId}`).expect(200);
    expect(recorded.body.inputs).toEqual(expect.objectContaining({ serviceDeskId: '2' }));

    // What the caller gives wins over the attribute.
    const given = jsm.fake.requests.length;
    await run(second.aliasName, { serviceDeskId: '1' }).expect(200);
    expect(sentPaths(given)).toEqual([LIST_TYPES('1')]);
  });

  it('refuses a reference to an attribute the connection lacks, sending nothing', async () => {
    const before = jsm.fake.requests.length;
    const refused = await run(second.aliasName, {
      serviceDeskId: { fromConnection: 'projectKey' },
    }).expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'inputs.serviceDeskId', rule: 'fromConnection' }),
    ]);
    expect(refused.body.message).toContain('"projectKey"');
    expect(jsm.fake.requests.length).toBe(before);
  });

  it("checks the attribute's value against the action's schema", async () => {
    const odd = await connectedAlias(jsm.admin, jsm.fake.url, jsm.cloudId, {
      token: TOKEN,
      connection: { attributes: { serviceDeskId: 'not-a-number' } },
    });
    const before = jsm.fake.requests.length;
    const refused = await run(odd.aliasName, {}).expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'inputs.serviceDeskId', rule: 'pattern' }),
    ]);
    expect(jsm.fake.requests.length).toBe(before);
  });

  it('keeps the scopes on an edit of the attributes alone, and the next run sees the edit', async () => {
    const custom = ['read:servicedesk-request', 'write:servicedesk-request'];
    await jsm.admin.patch(`/api/connections/${first.connectionId}`, { scopes: custom }).expect(200);
    await run(first.aliasName, {}).expect(200); // now cached with serviceDeskId 1

    const edited = await jsm.admin
      .patch(`/api/connections/${first.connectionId}`, { attributes: { serviceDeskId: '2' } })
      .expect(200);
    expect(edited.body).toEqual(
      expect.objectContaining({
        attributes: { serviceDeskId: '2' },
        scopes: custom,
        scopesReset: false,
      }),
    );
    expect(edited.body).not.toHaveProperty('message');

    const before = jsm.fake.requests.length;
    await run(first.aliasName, {}).expect(200);
    expect(sentPaths(before)).toEqual([LIST_TYPES('2')]);

    // Any other field of the record still resets the scopes, attributes sent along or not.
    const renamed = await jsm.admin
      .patch(`/api/connections/${first.connectionId}`, {
        timeoutMs: 20_000,
        attributes: { serviceDeskId: '1' },
      })
      .expect(200);
    expect(renamed.body.scopesReset).toBe(true);
    expect(renamed.body.scopes).not.toEqual(custom);
    expect(renamed.body.attributes).toEqual({ serviceDeskId: '1' });
  });

  it.each([
    [{ '1desk': '1' }, 'attributeName'],
    [{ 'service-desk': '1' }, 'attributeName'],
    [{ ['x'.repeat(65)]: '1' }, 'attributeName'],
    [{ serviceDeskId: 4 }, 'attributeValue'],
    [{ serviceDeskId: '' }, 'attributeValue'],
    [{ serviceDeskId: 'x'.repeat(501) }, 'attributeValue'],
    [Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, 'v'])), 'attributeCount'],
    [['serviceDeskId'], 'attributesObject'],
    [null, 'attributesObject'],
  ])('refuses the attributes %j (%s), saving nothing', async (attributes, rule) => {
    const patched = await jsm.admin
      .patch(`/api/connections/${second.connectionId}`, { attributes })
      .expect(400);
    expect(patched.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'attributes', rule })]),
    );
    const kept = await jsm.admin.get(`/api/connections/${second.connectionId}`).expect(200);
    expect(kept.body.attributes).toEqual({ serviceDeskId: '2' });

    const credential = await jsm.admin.createCredential();
    const created = await jsm.admin
      .post('/api/connections', {
        name: `refused-${rule}`,
        url: `${jsm.fake.url}/ex/jira/${jsm.cloudId}`,
        credentialId: credential.id,
        aliasId: await jsm.admin.aliasId(second.aliasName),
        attributes,
      })
      .expect(400);
    expect(created.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'attributes', rule })]),
    );
    const listed = await jsm.admin.get('/api/connections').expect(200);
    expect(listed.body.map((c: { name: string }) => c.name)).not.toContain(`refused-${rule}`);
  });
});
