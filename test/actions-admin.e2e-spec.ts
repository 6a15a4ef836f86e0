import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import {
  ADMIN_ORG,
  LEAVER,
  ORG_USERS_PAGE,
  orgAccountId,
  SCIM_DIRECTORY_ID,
  scimUserId,
  TOKEN_OWNER,
} from './fake-atlassian/admin-routes';
import { RecordedRequest } from './fake-atlassian/fake-atlassian.server';
import { Api, connectedAlias } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const API_KEY = 'org-admin-api-key';
// Action outputs are JSON: an object whose fields the assertions check.
type Outputs = Record<string, ReturnType<typeof JSON.parse>>;
const USERS_PATH = `/admin/v1/orgs/${ADMIN_ORG.id}/users`;

describe('Atlassian admin actions', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let cloudId: string;
  let aliasName: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded({ users: 10, customers: 10 })).start();
    cloudId = fake.addSite('admin.atlassian.net');
    fake.addAccount({ bearer: API_KEY }, { displayName: 'Org Admin Key' });
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    admin = new Api(hub.http, hub.adminToken);
    ({ aliasName } = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Atlassian_Admin',
      token: API_KEY,
    }));
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await hub.close();
    await fake.stop();
  });

  const execute = (action: string, inputs: Record<string, unknown>, alias = aliasName) =>
    admin.post(`/api/actions/${action}/execute`, { alias, inputs });
  const success = async (action: string, inputs: Record<string, unknown>): Promise<Outputs> => {
    const response = await execute(action, inputs);
    if (response.status !== 200) {
      throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return (response.body as { outputs: Outputs }).outputs;
  };
  const urlOf = (request: RecordedRequest) => new URL(request.path, 'http://fake');
  const accountIds = (outputs: Outputs): string[] =>
    (outputs.items as Array<{ account_id: string }>).map((item) => item.account_id);

  it('publishes the admin actions without OAuth scopes', async () => {
    const list = await admin.get('/api/actions').expect(200);
    const mine = (list.body as Array<{ name: string; spoke: string; scopes: unknown }>).filter(
      (action) => action.spoke === 'atlassian-admin',
    );
    expect(mine.map((action) => action.name).sort()).toEqual([
      'atlassian-admin.activate_user',
      'atlassian-admin.deactivate_user',
      'atlassian-admin.list_api_tokens',
      'atlassian-admin.list_org_users',
    ]);
    for (const action of mine) expect(action.scopes).toEqual({ classic: [], granular: [] });
  });

  describe('atlassian-admin.list_org_users', () => {
    it('calls the root of the API host, not the Jira gateway, with the bearer key', async () => {
      const outputs = await success('atlassian-admin.list_org_users', { orgId: ADMIN_ORG.id });
      expect(outputs.items).toHaveLength(ORG_USERS_PAGE);
      expect(outputs.items[0]).toEqual(
        expect.objectContaining({ account_id: orgAccountId(0), account_status: 'active' }),
      );
      const call = fake.requestsTo(USERS_PATH).at(-1)!;
      expect(urlOf(call).pathname).toBe(USERS_PATH);
      expect(urlOf(call).search).toBe('');
      expect(call.headers.authorization).toBe(`Bearer ${API_KEY}`);
    });

    it('returns one page with the cursor of the next, and follows it', async () => {
      const first = await success('atlassian-admin.list_org_users', { orgId: ADMIN_ORG.id });
      expect(first.next).toEqual({ cursor: expect.any(String) });
      const second = await success('atlassian-admin.list_org_users', {
        orgId: ADMIN_ORG.id,
        ...first.next,
      });
      expect(urlOf(fake.requestsTo(USERS_PATH).at(-1)!).searchParams.get('cursor')).toBe(
        first.next.cursor,
      );
      expect(accountIds(second)).toEqual(
        Array.from({ length: ORG_USERS_PAGE }, (_, i) => orgAccountId(ORG_USERS_PAGE + i)),
      );
      const third = await success('atlassian-admin.list_org_users', {
        orgId: ADMIN_ORG.id,
        ...second.next,
      });
      expect(third.items).toHaveLength(ADMIN_ORG.users - 2 * ORG_USERS_PAGE);
      expect(third.next).toBeNull();
    });

    it('fetches every page with fetchAll, one request a page', async () => {
      const before = fake.requestsTo(USERS_PATH).length;
      const outputs = await success('atlassian-admin.list_org_users', {
        orgId: ADMIN_ORG.id,
        fetchAll: true,
      });
      expect(fake.requestsTo(USERS_PATH).length - before).toBe(
        Math.ceil(ADMIN_ORG.users / ORG_USERS_PAGE),
      );
      expect(outputs.next).toBeNull();
      expect(new Set(accountIds(outputs)).size).toBe(ADMIN_ORG.users);
    });

    it("carries Atlassian's refusal of an unknown organization over in a 502", async () => {
      const response = await execute('atlassian-admin.list_org_users', { orgId: 'org-nope' });
      expect(response.status).toBe(502);
      expect(response.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 404,
          message: expect.stringContaining('Organization org-nope not found'),
        }),
      );
    });

    it('refuses an orgId that is not an id (400)', async () => {
      const response = await execute('atlassian-admin.list_org_users', { orgId: '../users' });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['inputs.orgId']);
    });
  });

  describe('atlassian-admin.deactivate_user', () => {
    it('sends a SCIM PatchOp and the user is then inactive', async () => {
      const outputs = await success('atlassian-admin.deactivate_user', {
        directoryId: SCIM_DIRECTORY_ID,
        userId: LEAVER.scimUserId,
      });
      expect(outputs).toEqual(expect.objectContaining({ id: LEAVER.scimUserId, active: false }));

      const path = `/scim/directory/${SCIM_DIRECTORY_ID}/Users/${LEAVER.scimUserId}`;
      const call = fake.requestsTo(path).at(-1)!;
      expect(call.method).toBe('PATCH');
      expect(urlOf(call).pathname).toBe(path);
      expect(call.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(call.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(JSON.parse(call.body)).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: false } }],
      });

      // The directory and the organization both show the account inactive afterwards.
      const scim = await fetch(`${fake.url}${path}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      expect(await scim.json()).toEqual(expect.objectContaining({ active: false }));
      const all = await success('atlassian-admin.list_org_users', {
        orgId: ADMIN_ORG.id,
        fetchAll: true,
      });
      const leaver = (all.items as Array<{ account_id: string; account_status: string }>).find(
        (user) => user.account_id === LEAVER.accountId,
      );
      expect(leaver?.account_status).toBe('inactive');
    });

    it('answers 502 with the 404 for a user the directory does not have', async () => {
      const response = await execute('atlassian-admin.deactivate_user', {
        directoryId: SCIM_DIRECTORY_ID,
        userId: scimUserId(9999),
      });
      expect(response.status).toBe(502);
      expect(response.body.error.httpStatus).toBe(404);
    });
  });

  describe('without a SCIM directory: the user management lifecycle', () => {
    const statusOf = async (accountId: string) => {
      const all = await success('atlassian-admin.list_org_users', {
        orgId: ADMIN_ORG.id,
        fetchAll: true,
      });
      return (all.items as Array<{ account_id: string; account_status: string }>).find(
        (user) => user.account_id === accountId,
      )?.account_status;
    };
    const lifecycle = (accountId: string, change: 'disable' | 'enable') =>
      `/users/${encodeURIComponent(accountId)}/manage/lifecycle/${change}`;

    it('deactivate_user with an accountId disables the account, with the message', async () => {
      const accountId = orgAccountId(7);
      const message = 'Left the company on 2026-12-01';
      const before = fake.requests.length;

      const outputs = await success('atlassian-admin.deactivate_user', { accountId, message });

      expect(outputs).toEqual({ accountId, active: false });
      const sent = fake.requests.slice(before);
      expect(sent.map((r) => `${r.method} ${urlOf(r).pathname}`)).toEqual([
        `POST ${lifecycle(accountId, 'disable')}`,
      ]);
      expect(sent[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(sent[0].headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(sent[0].body)).toEqual({ message });
      expect(fake.requestsTo('/Users/' + scimUserId(7))).toEqual([]);
      expect(await statusOf(accountId)).toBe('inactive');
    });

    it("sends no body without a message (Atlassian's default one)", async () => {
      const accountId = orgAccountId(8);
      await success('atlassian-admin.deactivate_user', { accountId });
      const call = fake.requestsTo(lifecycle(accountId, 'disable')).at(-1)!;
      expect(call.body).toBe('');
      expect(await statusOf(accountId)).toBe('inactive');
    });

    it('activate_user with an accountId enables it again', async () => {
      const accountId = orgAccountId(9);
      await success('atlassian-admin.deactivate_user', { accountId });
      expect(await statusOf(accountId)).toBe('inactive');

      expect(await success('atlassian-admin.activate_user', { accountId })).toEqual({
        accountId,
        active: true,
      });
      const call = fake.requestsTo(lifecycle(accountId, 'enable')).at(-1)!;
      expect(call.method).toBe('POST');
      expect(call.body).toBe('');
      expect(await statusOf(accountId)).toBe('active');
    });

    it('activate_user through SCIM replaces active with true', async () => {
      const userId = scimUserId(10);
      await success('atlassian-admin.deactivate_user', { directoryId: SCIM_DIRECTORY_ID, userId });
      const outputs = await success('atlassian-admin.activate_user', {
        directoryId: SCIM_DIRECTORY_ID,
        userId,
      });
      expect(outputs).toEqual(expect.objectContaining({ id: userId, active: true }));
      const call = fake.requestsTo(`/Users/${userId}`).at(-1)!;
      expect(JSON.parse(call.body)).toEqual(
        expect.objectContaining({ Operations: [{ op: 'replace', value: { active: true } }] }),
      );
      expect(await statusOf(orgAccountId(10))).toBe('active');
    });

    it('answers 502 with the 404 for an account the organization does not manage', async () => {
      const response = await execute('atlassian-admin.deactivate_user', {
        accountId: '712020:ffffffff-0000-0000-0000-000000000000',
      });
      expect(response.status).toBe(502);
      expect(response.body.error.httpStatus).toBe(404);
    });

    it.each([
      [
        'both a directory user and an accountId',
        { directoryId: SCIM_DIRECTORY_ID, userId: scimUserId(1), accountId: orgAccountId(1) },
        { field: 'inputs.accountId', rule: 'exclusive' },
      ],
      ['neither', {}, { field: 'inputs.directoryId', rule: 'required' }],
      [
        'half of the SCIM pair beside an accountId',
        { directoryId: SCIM_DIRECTORY_ID, accountId: orgAccountId(1) },
        { rule: 'dependencies' },
      ],
      [
        'a message for SCIM, which cannot carry one',
        { directoryId: SCIM_DIRECTORY_ID, userId: scimUserId(1), message: 'Bye' },
        { rule: 'dependencies' },
      ],
      [
        'a message over 1000 characters',
        { accountId: orgAccountId(1), message: 'x'.repeat(1001) },
        { field: 'inputs.message', rule: 'maxLength' },
      ],
      [
        'an accountId that is not one',
        { accountId: 'a.b' },
        { field: 'inputs.accountId', rule: 'pattern' },
      ],
    ])('refuses %s (400), sending nothing', async (_what, inputs, error) => {
      const before = fake.requests.length;
      const response = await execute('atlassian-admin.deactivate_user', inputs);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining(error)]),
      );
      expect(fake.requests.length).toBe(before);
    });
  });

  describe('atlassian-admin.list_api_tokens', () => {
    it("lists a managed account's tokens", async () => {
      const outputs = await success('atlassian-admin.list_api_tokens', {
        accountId: TOKEN_OWNER.accountId,
      });
      expect(outputs.items).toHaveLength(TOKEN_OWNER.tokens);
      expect(outputs.items[0]).toEqual({
        id: expect.any(String),
        label: 'ci-pipeline',
        createdAt: expect.any(String),
        lastAccess: expect.any(String),
        expiry: expect.any(String),
      });
      const call = fake.requestsTo('/manage/api-tokens').at(-1)!;
      expect(decodeURIComponent(urlOf(call).pathname)).toBe(
        `/users/${TOKEN_OWNER.accountId}/manage/api-tokens`,
      );
    });

    it('answers an empty list for an account without tokens', async () => {
      const outputs = await success('atlassian-admin.list_api_tokens', {
        accountId: orgAccountId(1),
      });
      expect(outputs.items).toEqual([]);
    });
  });

  it('refuses a Jira alias for an admin action (400 wrong spoke)', async () => {
    const jira = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: API_KEY,
    });
    const response = await execute(
      'atlassian-admin.list_org_users',
      { orgId: ADMIN_ORG.id },
      jira.aliasName,
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/needs a atlassian-admin alias/);
  });
});
