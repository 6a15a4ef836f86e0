import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JIRA_ACTIONS } from '../src/spokes/jira';
import { SEARCH_JQL_GET_LIMIT } from '../src/spokes/jira/search-issues.action';
import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { RecordedRequest } from './fake-atlassian/fake-atlassian.server';
import {
  EXAMPLE_USERS,
  GROUP_MEMBERS_MAX_PAGE,
  HSP,
  JIRA_SOFTWARE_USERS,
  PROJECT_COUNT,
  JQL_MAX_PAGE_FIELDS,
  JQL_MAX_PAGE_IDS,
  PROJECT_SEARCH_MAX_PAGE,
  USER_SEARCH_MAX_PAGE,
} from './fake-atlassian/jira-routes';
import { Api, connectedAlias } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const TOKEN = 'jira-bearer-token';
// ../shared sits beside the repository, wherever it is cloned (CI clones elsewhere).
const SPEC_PATH = resolve(__dirname, '../../shared/atlassian-openapi/jira-platform-v3.json');

interface SpecOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  'x-atlassian-oauth2-scopes'?: Array<{ scopes: string[]; state: string }>;
}
type Spec = { paths: Record<string, Record<string, SpecOperation>> };
// Outputs are untyped JSON; the assertions are what check them.
type Outputs = Record<string, ReturnType<typeof JSON.parse>>;

describe('Jira platform actions', () => {
  let data: FakeData;
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let cloudId: string;
  let aliasName: string;

  beforeAll(async () => {
    data = FakeData.seeded();
    fake = await createFakeAtlassian(data).start();
    cloudId = fake.addSite('jira.atlassian.net');
    fake.addAccount(
      { bearer: TOKEN },
      { displayName: 'Jira Bot', emailAddress: 'bot@example.com' },
    );
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    admin = new Api(hub.http, hub.adminToken);
    ({ aliasName } = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
      connection: { maxRetries: 2, maxRetryWaitSeconds: 5 },
    }));
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await hub.close();
    await fake.stop();
  });

  const execute = (action: string, inputs: Record<string, unknown>) =>
    admin.post(`/api/actions/${action}/execute`, { alias: aliasName, inputs });
  const success = async (action: string, inputs: Record<string, unknown>): Promise<Outputs> => {
    const response = await execute(action, inputs);
    if (response.status !== 200) {
      throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return (response.body as { outputs: Outputs }).outputs;
  };
  const last = (suffix: string): RecordedRequest => fake.requestsTo(suffix).at(-1)!;
  const queryOf = (request: RecordedRequest) =>
    Object.fromEntries(new URL(request.path, 'http://fake').searchParams);
  const countRequests = async (suffix: string, run: () => Promise<unknown>) => {
    const before = fake.requestsTo(suffix).length;
    await run();
    return fake.requestsTo(suffix).length - before;
  };
  /** The maxResults of each request to `suffix` that `run` caused, in order. */
  const pageSizesAsked = async (suffix: string, run: () => Promise<unknown>) => {
    const before = fake.requestsTo(suffix).length;
    await run();
    return fake
      .requestsTo(suffix)
      .slice(before)
      .map((request) => queryOf(request).maxResults);
  };
  const ids = (outputs: Outputs): string[] =>
    (outputs.items as Array<{ accountId: string }>).map((user) => user.accountId);
  const groupMembers = async (inputs: Record<string, unknown>): Promise<string[]> =>
    ids(await success('jira.get_group_members', { ...inputs, fetchAll: true }));

  // First, while the fake is as seeded: the same examples the catalog publishes.
  it.each(JIRA_ACTIONS.map((action) => [action.name, action.example] as const))(
    'runs the published example of %s against the seeded fake',
    async (name, example) => {
      await success(name, example);
    },
  );

  it('publishes every Jira action with exactly the scopes of its operations in the spec', async () => {
    const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
    const list = await admin.get('/api/actions').expect(200);
    const names = list.body.map((a: { name: string }) => a.name);
    for (const action of JIRA_ACTIONS) {
      expect(names).toContain(action.name);
      const classic = new Set<string>();
      const granular = new Set<string>();
      for (const op of action.operations) {
        const operation = spec.paths[op.path]?.[op.method.toLowerCase()];
        expect({ action: action.name, op, found: operation !== undefined }).toEqual({
          action: action.name,
          op,
          found: true,
        });
        for (const entry of operation['x-atlassian-oauth2-scopes'] ?? []) {
          const into = entry.state === 'Current' ? classic : granular;
          entry.scopes.forEach((scope) => into.add(scope));
        }
      }
      expect({ action: action.name, classic: [...action.scopes.classic].sort() }).toEqual({
        action: action.name,
        classic: [...classic].sort(),
      });
      expect({ action: action.name, granular: [...action.scopes.granular].sort() }).toEqual({
        action: action.name,
        granular: [...granular].sort(),
      });
    }
  });

  describe('jira.get_user', () => {
    it('gets a user by account ID, with groups when asked', async () => {
      const user = await success('jira.get_user', {
        accountId: EXAMPLE_USERS.mia.accountId,
        expand: ['groups'],
      });
      expect(user).toEqual(
        expect.objectContaining({
          accountId: EXAMPLE_USERS.mia.accountId,
          displayName: 'Mia Krystof',
          groups: expect.objectContaining({
            items: expect.arrayContaining([
              expect.objectContaining({ name: JIRA_SOFTWARE_USERS.name }),
            ]),
          }),
        }),
      );
      const request = last('/rest/api/3/user');
      expect(new URL(request.path, 'http://fake').pathname).toBe(
        `/ex/jira/${cloudId}/rest/api/3/user`,
      );
      expect(queryOf(request)).toEqual({
        accountId: EXAMPLE_USERS.mia.accountId,
        expand: 'groups',
      });
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });

    it("answers 502 with Atlassian's message for an unknown account", async () => {
      const response = await execute('jira.get_user', { accountId: 'no-such-account' }).expect(502);
      expect(response.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 404,
          message: expect.stringContaining(
            'Specified user does not exist or you do not have required permissions',
          ),
        }),
      );
    });
  });

  describe('jira.search_users', () => {
    it('searches with a query on /user/search, one page of 1000 by default', async () => {
      const page = await success('jira.search_users', { query: 'user1' });
      // User 1, User 10..19, User 100..199, User 1000..1999: 1111 matches, capped at 1000.
      expect(page.items).toHaveLength(USER_SEARCH_MAX_PAGE);
      expect(page.items[0]).toEqual(expect.objectContaining({ displayName: 'User 1' }));
      // The 1000th match is the last a query can get: no next page to ask for.
      expect(page.next).toBeNull();
      expect(queryOf(last('/rest/api/3/user/search'))).toEqual({
        query: 'user1',
        startAt: '0',
        maxResults: String(USER_SEARCH_MAX_PAGE),
      });
      const small = await success('jira.search_users', { query: 'user2', maxResults: 5 });
      expect(small.items.map((u: { displayName: string }) => u.displayName)).toEqual([
        'User 2',
        'User 20',
        'User 21',
        'User 22',
        'User 23',
      ]);
      expect(small.next).toEqual({ startAt: 5 });
    });

    it('stops at the 1000th match: Atlassian never returns more for a query', async () => {
      // 1111 users match, Atlassian returns the first 1000: one full page is all there is, and
      // asking for page 2 could only come back empty.
      let all: Outputs = {};
      const requests = await countRequests('/rest/api/3/user/search', async () => {
        all = await success('jira.search_users', { query: 'user1', fetchAll: true });
      });
      expect(all.items).toHaveLength(1000);
      expect(all.next).toBeNull();
      expect(requests).toBe(1);
      const page = await success('jira.search_users', { query: 'user1', maxResults: 600 });
      const rest = await success('jira.search_users', { query: 'user1', ...page.next });
      expect(rest.items).toHaveLength(400);
      expect(rest.next).toBeNull();
    });

    it('lists every account on /users/search without a query, one page with next', async () => {
      const page = await success('jira.search_users', { maxResults: 100 });
      expect(page.items).toHaveLength(100);
      expect(page.next).toEqual({ startAt: 100 });
      expect(queryOf(last('/rest/api/3/users/search'))).toEqual({
        startAt: '0',
        maxResults: '100',
      });
      const end = await success('jira.search_users', {
        startAt: data.users.length - 10,
        maxResults: 100,
      });
      expect(end.items).toHaveLength(10);
      expect(end.next).toBeNull();
    });

    // A plain array has no total: a page shorter than maxResults is the last. With N accounts
    // and pages of 1000 that is ceil(N / 1000) requests when the last page is short, and one
    // more (an empty page) when N is an exact multiple of 1000: floor(N / 1000) + 1 either way.
    // fetchAll ignores maxResults: a small one would only multiply the requests.
    it.each([
      ['left out', undefined],
      ['10', 10],
      ['999', 999],
    ])(
      'fetches all N accounts in ceil(N / 1000) requests of 1000, maxResults %s',
      async (_label, maxResults) => {
        const n = data.users.length;
        expect(n % USER_SEARCH_MAX_PAGE).not.toBe(0);
        let all: Outputs = {};
        const asked = await pageSizesAsked('/rest/api/3/users/search', async () => {
          all = await success('jira.search_users', { maxResults, fetchAll: true });
        });
        expect(all.items).toHaveLength(n);
        expect(new Set(ids(all)).size).toBe(n);
        expect(all.next).toBeNull();
        expect(asked).toEqual(
          Array(Math.ceil(n / USER_SEARCH_MAX_PAGE)).fill(String(USER_SEARCH_MAX_PAGE)),
        );
      },
    );

    it('keeps a large output in the execution history only as a truncated preview', async () => {
      const response = await execute('jira.search_users', { fetchAll: true }).expect(200);
      const answered = JSON.stringify(response.body.outputs);

      const execution = await admin.get(`/api/executions/${response.body.executionId}`).expect(200);

      expect(execution.body.outputs).toEqual({
        truncated: true,
        originalLength: answered.length,
        preview: answered.slice(0, 8192),
      });
    });

    it('needs one more, empty, page when N is an exact multiple of 1000', async () => {
      while (data.users.length % USER_SEARCH_MAX_PAGE !== 0) {
        data.addUser({
          displayName: `Padding ${data.users.length}`,
          emailAddress: `padding${data.users.length}@example.net`,
        });
      }
      const n = data.users.length;
      let all: Outputs = {};
      const requests = await countRequests('/rest/api/3/users/search', async () => {
        all = await success('jira.search_users', { fetchAll: true });
      });
      expect(all.items).toHaveLength(n);
      expect(requests).toBe(n / USER_SEARCH_MAX_PAGE + 1);
    });

    it('refuses a page larger than Atlassian allows', async () => {
      const response = await execute('jira.search_users', { maxResults: 1001 }).expect(400);
      expect(response.body.errors).toContainEqual(
        expect.objectContaining({ field: 'inputs.maxResults', rule: 'maximum' }),
      );
    });
  });

  describe('jira.get_group_members', () => {
    it('returns one page of 50 by default, with next', async () => {
      const page = await success('jira.get_group_members', {
        groupname: JIRA_SOFTWARE_USERS.name,
      });
      expect(page.items).toHaveLength(GROUP_MEMBERS_MAX_PAGE);
      expect(page.items[0]).toEqual(
        expect.objectContaining({ accountId: EXAMPLE_USERS.mia.accountId, active: true }),
      );
      expect(page.next).toEqual({ startAt: GROUP_MEMBERS_MAX_PAGE });
      expect(queryOf(last('/rest/api/3/group/member'))).toEqual({
        groupname: JIRA_SOFTWARE_USERS.name,
        includeInactiveUsers: 'false',
        startAt: '0',
        maxResults: String(GROUP_MEMBERS_MAX_PAGE),
      });
    });

    it('fetches every member by groupId in ceil(N / 50) requests, inactive ones when asked', async () => {
      let members: string[] = [];
      const requests = await countRequests('/rest/api/3/group/member', async () => {
        members = await groupMembers({ groupId: JIRA_SOFTWARE_USERS.groupId });
      });
      const n = members.length;
      expect(n).toBeGreaterThanOrEqual(JIRA_SOFTWARE_USERS.activeMembers - 1);
      expect(requests).toBe(Math.ceil(n / GROUP_MEMBERS_MAX_PAGE));
      expect(members).not.toContain(EXAMPLE_USERS.former.accountId);
      const withInactive = await groupMembers({
        groupId: JIRA_SOFTWARE_USERS.groupId,
        includeInactiveUsers: true,
      });
      expect(withInactive).toHaveLength(n + 1);
      expect(withInactive).toContain(EXAMPLE_USERS.former.accountId);
    });

    it('with fetchAll asks for pages of 50 even when maxResults is smaller', async () => {
      let members: string[] = [];
      const asked = await pageSizesAsked('/rest/api/3/group/member', async () => {
        members = await groupMembers({ groupname: JIRA_SOFTWARE_USERS.name, maxResults: 5 });
      });
      expect(members.length).toBeGreaterThan(GROUP_MEMBERS_MAX_PAGE);
      expect(asked).toEqual(
        Array(Math.ceil(members.length / GROUP_MEMBERS_MAX_PAGE)).fill(
          String(GROUP_MEMBERS_MAX_PAGE),
        ),
      );
      const page = await success('jira.get_group_members', {
        groupname: JIRA_SOFTWARE_USERS.name,
        maxResults: 5,
      });
      expect(ids(page)).toEqual(members.slice(0, 5));
      expect(page.next).toEqual({ startAt: 5 });
    });

    it('needs exactly one of groupname and groupId, and says which rule was broken', async () => {
      const before = fake.requestsTo('/rest/api/3/group/member').length;
      const neither = await execute('jira.get_group_members', {}).expect(400);
      expect(neither.body).toEqual(
        expect.objectContaining({
          error: 'invalid_input',
          errors: [
            {
              field: 'inputs.groupname',
              rule: 'required',
              message: 'exactly one of inputs.groupname or inputs.groupId is required',
            },
          ],
        }),
      );
      const both = await execute('jira.get_group_members', {
        groupname: JIRA_SOFTWARE_USERS.name,
        groupId: JIRA_SOFTWARE_USERS.groupId,
      }).expect(400);
      expect(both.body.errors).toEqual([
        {
          field: 'inputs.groupId',
          rule: 'exclusive',
          message: 'give exactly one of inputs.groupname or inputs.groupId, not both',
        },
      ]);
      const tooLarge = await execute('jira.get_group_members', {
        groupname: 'x',
        maxResults: 51,
      }).expect(400);
      expect(tooLarge.body.errors).toEqual([
        expect.objectContaining({ field: 'inputs.maxResults', rule: 'maximum' }),
      ]);
      expect(fake.requestsTo('/rest/api/3/group/member')).toHaveLength(before);
    });

    it("answers 502 with Atlassian's 404 for an unknown group", async () => {
      const response = await execute('jira.get_group_members', { groupname: 'no-such' }).expect(
        502,
      );
      expect(response.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 404,
          message: expect.stringContaining("Group with name 'no-such' does not exist."),
        }),
      );
    });
  });

  describe('jira.find_groups', () => {
    it('finds groups by part of their name, case-insensitively by default', async () => {
      const found = await success('jira.find_groups', { query: 'JIRA' });
      expect(found.groups.map((g: { name: string }) => g.name)).toEqual([
        'jira-administrators',
        'jira-servicemanagement-users',
        JIRA_SOFTWARE_USERS.name,
      ]);
      expect(found.total).toBe(3);
      expect(found.groups[2].groupId).toBe(JIRA_SOFTWARE_USERS.groupId);
      expect(queryOf(last('/rest/api/3/groups/picker'))).toEqual({
        query: 'JIRA',
        caseInsensitive: 'true',
      });
      const exact = await success('jira.find_groups', {
        query: 'JIRA',
        caseInsensitive: false,
      });
      expect(exact.groups).toEqual([]);
    });

    it('leaves out excluded groups, sending excludeId once per group', async () => {
      const found = await success('jira.find_groups', {
        query: 'jira',
        excludeGroupIds: [JIRA_SOFTWARE_USERS.groupId],
        maxResults: 1,
      });
      expect(found.groups.map((g: { name: string }) => g.name)).toEqual(['jira-administrators']);
      expect(found.total).toBe(2);
      const url = new URL(last('/rest/api/3/groups/picker').path, 'http://fake');
      expect(url.searchParams.getAll('excludeId')).toEqual([JIRA_SOFTWARE_USERS.groupId]);
    });
  });

  describe('jira.add_user_to_group and jira.remove_user_from_group', () => {
    it('adds and removes a member, as get_group_members then shows', async () => {
      const newcomer = data.users.find((u) => u.displayName === 'User 2000')!;
      const group = { groupId: JIRA_SOFTWARE_USERS.groupId };
      expect(await groupMembers(group)).not.toContain(newcomer.accountId);

      const added = await success('jira.add_user_to_group', {
        ...group,
        accountId: newcomer.accountId,
      });
      expect(added).toEqual(
        expect.objectContaining({
          name: JIRA_SOFTWARE_USERS.name,
          groupId: JIRA_SOFTWARE_USERS.groupId,
        }),
      );
      const post = last('/rest/api/3/group/user');
      expect(post.method).toBe('POST');
      expect(queryOf(post)).toEqual(group);
      expect(JSON.parse(post.body)).toEqual({ accountId: newcomer.accountId });
      expect(await groupMembers(group)).toContain(newcomer.accountId);

      const again = await execute('jira.add_user_to_group', {
        ...group,
        accountId: newcomer.accountId,
      }).expect(502);
      expect(again.body.error.httpStatus).toBe(400);
      expect(again.body.error.message).toContain('already a member');

      const removed = await success('jira.remove_user_from_group', {
        groupname: JIRA_SOFTWARE_USERS.name,
        accountId: newcomer.accountId,
      });
      expect(removed).toEqual({
        groupname: JIRA_SOFTWARE_USERS.name,
        accountId: newcomer.accountId,
        removed: true,
      });
      const del = last('/rest/api/3/group/user');
      expect(del.method).toBe('DELETE');
      expect(queryOf(del)).toEqual({
        groupname: JIRA_SOFTWARE_USERS.name,
        accountId: newcomer.accountId,
      });
      expect(await groupMembers(group)).not.toContain(newcomer.accountId);
    });

    it("answers 502 with Atlassian's 404 for an unknown user", async () => {
      const response = await execute('jira.add_user_to_group', {
        groupname: JIRA_SOFTWARE_USERS.name,
        accountId: 'no-such-account',
      }).expect(502);
      expect(response.body.error.httpStatus).toBe(404);
      expect(response.body.error.details.errorMessages).toEqual([
        "User with accountId 'no-such-account' does not exist.",
      ]);
    });

    it.each(['jira.add_user_to_group', 'jira.remove_user_from_group'])(
      '%s refuses no group and two groups, naming the field, before calling Atlassian',
      async (action) => {
        const accountId = EXAMPLE_USERS.mia.accountId;
        const before = fake.requestsTo('/rest/api/3/group/user').length;
        const neither = await execute(action, { accountId }).expect(400);
        expect(neither.body.errors).toEqual([
          {
            field: 'inputs.groupname',
            rule: 'required',
            message: 'exactly one of inputs.groupname or inputs.groupId is required',
          },
        ]);
        const both = await execute(action, {
          groupname: JIRA_SOFTWARE_USERS.name,
          groupId: JIRA_SOFTWARE_USERS.groupId,
          accountId,
        }).expect(400);
        expect(both.body.errors).toEqual([
          {
            field: 'inputs.groupId',
            rule: 'exclusive',
            message: 'give exactly one of inputs.groupname or inputs.groupId, not both',
          },
        ]);
        expect(fake.requestsTo('/rest/api/3/group/user')).toHaveLength(before);
      },
    );
  });

  describe('jira.create_issue and jira.get_issue', () => {
    it('creates an issue with an ADF description, then reads it back', async () => {
      const created = await success('jira.create_issue', {
        projectKey: HSP.key,
        issueType: 'Bug',
        summary: 'Printer on floor 3 is jammed',
        description: 'Paper tray 2.\nSince Monday.\n\nReported by reception.',
        labels: ['hardware'],
      });
      expect(created).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          key: expect.stringMatching(/^HSP-\d+$/),
        }),
      );
      const body = JSON.parse(last('/rest/api/3/issue').body);
      expect(body).toEqual({
        fields: {
          project: { key: HSP.key },
          summary: 'Printer on floor 3 is jammed',
          issuetype: { name: 'Bug' },
          labels: ['hardware'],
          description: {
            type: 'doc',
            version: 1,
            content: [
              {
                type: 'paragraph',
                content: [
                  { type: 'text', text: 'Paper tray 2.' },
                  { type: 'hardBreak' },
                  { type: 'text', text: 'Since Monday.' },
                ],
              },
              { type: 'paragraph', content: [{ type: 'text', text: 'Reported by reception.' }] },
            ],
          },
        },
      });

      const issue = await success('jira.get_issue', {
        issueIdOrKey: created.key,
        fields: ['summary', 'issuetype', 'labels'],
      });
      expect(issue).toEqual(
        expect.objectContaining({
          id: created.id,
          key: created.key,
          fields: {
            summary: 'Printer on floor 3 is jammed',
            issuetype: expect.objectContaining({ name: 'Bug' }),
            labels: ['hardware'],
          },
        }),
      );
      const get = last(`/rest/api/3/issue/${created.key}`);
      expect(queryOf(get)).toEqual({ fields: 'summary,issuetype,labels' });
      const byId = await success('jira.get_issue', { issueIdOrKey: created.id });
      expect(byId.fields.description.type).toBe('doc');
    });

    it('takes an issue type by ID, and needs exactly one of issueType and issueTypeId', async () => {
      const created = await success('jira.create_issue', {
        projectKey: HSP.key,
        issueTypeId: '10001',
        summary: 'By type ID',
      });
      expect(JSON.parse(last('/rest/api/3/issue').body).fields.issuetype).toEqual({ id: '10001' });
      expect(created.key).toMatch(/^HSP-/);
      const neither = await execute('jira.create_issue', { projectKey: HSP.key, summary: 'x' });
      expect(neither.status).toBe(400);
      expect(neither.body.errors).toEqual([
        {
          field: 'inputs.issueType',
          rule: 'required',
          message: 'exactly one of inputs.issueType or inputs.issueTypeId is required',
        },
      ]);
      const both = await execute('jira.create_issue', {
        projectKey: HSP.key,
        summary: 'x',
        issueType: 'Task',
        issueTypeId: '10001',
      });
      expect(both.status).toBe(400);
      expect(both.body.errors).toEqual([
        {
          field: 'inputs.issueTypeId',
          rule: 'exclusive',
          message: 'give exactly one of inputs.issueType or inputs.issueTypeId, not both',
        },
      ]);
    });

    it("carries Atlassian's field errors over in a 502", async () => {
      const response = await execute('jira.create_issue', {
        projectKey: 'NOPE',
        issueType: 'Task',
        summary: 'Nowhere',
      }).expect(502);
      expect(response.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 400,
          // From the create metadata, which create_issue reads before creating.
          message: expect.stringContaining("No project could be found with key 'NOPE'."),
        }),
      );
    });

    it("answers 502 with Atlassian's message for an unknown issue (404)", async () => {
      const response = await execute('jira.get_issue', { issueIdOrKey: 'HSP-99999' }).expect(502);
      expect(response.body).toEqual({
        status: 'error',
        executionId: expect.any(String),
        error: {
          httpStatus: 404,
          message: expect.stringContaining(
            'Issue does not exist or you do not have permission to see it.',
          ),
          details: expect.objectContaining({
            errorMessages: ['Issue does not exist or you do not have permission to see it.'],
          }),
        },
      });
    });
  });

  describe('jira.search_issues', () => {
    it('returns one page with the token of the next, and continues from it', async () => {
      const first = await success('jira.search_issues', {
        jql: 'project = HSP ORDER BY key',
        maxResults: 10,
      });
      expect(first.items.map((i: { key: string }) => i.key)).toEqual(
        Array.from({ length: 10 }, (_, i) => `HSP-${i + 1}`),
      );
      expect(first.items[0].fields).toEqual(
        expect.objectContaining({ summary: 'Hospital systems task 1' }),
      );
      expect(first.next).toEqual({ nextPageToken: expect.any(String) });
      expect(queryOf(last('/rest/api/3/search/jql'))).toEqual({
        jql: 'project = HSP ORDER BY key',
        fields: 'summary,status,issuetype,assignee,created,updated',
        maxResults: '10',
      });
      const second = await success('jira.search_issues', {
        jql: 'project = HSP ORDER BY key',
        maxResults: 10,
        ...first.next,
      });
      expect(second.items[0].key).toBe('HSP-11');
      expect(queryOf(last('/rest/api/3/search/jql')).nextPageToken).toBe(first.next.nextPageToken);
    });

    // fetchAll asks for 5000 whatever maxResults says; Atlassian serves that many only for ids
    // or keys, and fewer (100 at the fake) with other fields, ending with no nextPageToken.
    it('with fetchAll and only keys, gets every issue in one request of 5000', async () => {
      let all: Outputs = {};
      const asked = await pageSizesAsked('/rest/api/3/search/jql', async () => {
        all = await success('jira.search_issues', {
          jql: 'project = HSP ORDER BY key',
          fields: ['key'],
          maxResults: 10,
          fetchAll: true,
        });
      });
      // The seeded issues, and any the examples above created.
      const keys = all.items.map((i: { key: string }) => i.key);
      expect(keys.slice(0, HSP.issues)).toEqual(
        Array.from({ length: HSP.issues }, (_, i) => `HSP-${i + 1}`),
      );
      expect(new Set(keys).size).toBe(keys.length);
      expect(all.next).toBeNull();
      expect(asked).toEqual([String(JQL_MAX_PAGE_IDS)]);
    });

    it('with fetchAll and more fields, follows the shorter pages Atlassian serves to the end', async () => {
      let all: Outputs = {};
      const asked = await pageSizesAsked('/rest/api/3/search/jql', async () => {
        all = await success('jira.search_issues', {
          jql: 'project = HSP ORDER BY key',
          maxResults: 10,
          fetchAll: true,
        });
      });
      // The seeded issues, and any the examples above created.
      const keys = all.items.map((i: { key: string }) => i.key);
      expect(keys.slice(0, HSP.issues)).toEqual(
        Array.from({ length: HSP.issues }, (_, i) => `HSP-${i + 1}`),
      );
      expect(new Set(keys).size).toBe(keys.length);
      expect(all.items[0].fields).toEqual(
        expect.objectContaining({ summary: 'Hospital systems task 1' }),
      );
      expect(all.next).toBeNull();
      expect(keys.length).toBeGreaterThan(2 * JQL_MAX_PAGE_FIELDS);
      expect(asked).toEqual(
        Array(Math.ceil(keys.length / JQL_MAX_PAGE_FIELDS)).fill(String(JQL_MAX_PAGE_IDS)),
      );
    });

    it('gets up to 5000 a page when only ids are asked for, 100 otherwise', async () => {
      const idsOnly = await success('jira.search_issues', {
        jql: 'project = HSP',
        fields: ['id'],
        maxResults: 5000,
      });
      expect(idsOnly.items.length).toBeGreaterThanOrEqual(HSP.issues);
      expect(idsOnly.next).toBeNull();
      const withFields = await success('jira.search_issues', {
        jql: 'project = HSP',
        maxResults: 5000,
      });
      expect(withFields.items).toHaveLength(100);
      expect(withFields.next).toEqual({ nextPageToken: expect.any(String) });
    });

    // Every seeded HSP issue by key: a query of some 2,400 characters, 3,000 percent-encoded.
    const LONG_JQL = `project = HSP AND key in (${Array.from(
      { length: HSP.issues },
      (_, i) => `HSP-${i + 1}`,
    ).join(', ')}) ORDER BY key`;
    const bodyOf = (request: RecordedRequest) =>
      JSON.parse(request.body) as Record<string, unknown>;
    /** The requests to search/jql that `run` caused. */
    const searchesDuring = async (run: () => Promise<unknown>) => {
      const before = fake.requestsTo('/rest/api/3/search/jql').length;
      await run();
      return fake.requestsTo('/rest/api/3/search/jql').slice(before);
    };

    it(`sends a query longer than ${SEARCH_JQL_GET_LIMIT} encoded characters as POST, every page of fetchAll too`, async () => {
      let all: Outputs = {};
      const sent = await searchesDuring(async () => {
        all = await success('jira.search_issues', { jql: LONG_JQL, fetchAll: true });
      });

      expect(all.items.map((i: { key: string }) => i.key)).toEqual(
        Array.from({ length: HSP.issues }, (_, i) => `HSP-${i + 1}`),
      );
      expect(all.next).toBeNull();
      expect(sent.map((request) => request.method)).toEqual(
        Array(Math.ceil(HSP.issues / JQL_MAX_PAGE_FIELDS)).fill('POST'),
      );
      // No query string: everything is in the body, and each page names the one before's token.
      expect(sent.every((request) => !request.path.includes('?'))).toBe(true);
      expect(bodyOf(sent[0])).toEqual({
        jql: LONG_JQL,
        fields: ['summary', 'status', 'issuetype', 'assignee', 'created', 'updated'],
        maxResults: JQL_MAX_PAGE_IDS,
      });
      expect(bodyOf(sent[1]).nextPageToken).toEqual(expect.any(String));
      expect(bodyOf(sent[2]).nextPageToken).not.toBe(bodyOf(sent[1]).nextPageToken);
    });

    it('pages a long query by hand: the next token goes back in the POST body', async () => {
      const first = await success('jira.search_issues', { jql: LONG_JQL, maxResults: 10 });
      expect(first.next).toEqual({ nextPageToken: expect.any(String) });
      const [sent] = await searchesDuring(async () => {
        const second = await success('jira.search_issues', {
          jql: LONG_JQL,
          maxResults: 10,
          ...first.next,
        });
        expect(second.items[0].key).toBe('HSP-11');
      });
      expect(sent.method).toBe('POST');
      expect(bodyOf(sent)).toMatchObject({ maxResults: 10, ...first.next });
    });

    it('keeps a short query on GET', async () => {
      const sent = await searchesDuring(() =>
        success('jira.search_issues', { jql: 'project = HSP AND key in (HSP-1, HSP-2)' }),
      );
      expect(sent.map((request) => request.method)).toEqual(['GET']);
    });

    it('finds an issue the index has not caught up with only when reconcileIssues names it', async () => {
      data.searchIndexLag = true;
      try {
        const summary = `Reconcile me ${Date.now()}`;
        const created = await success('jira.create_issue', {
          projectKey: HSP.key,
          issueType: 'Task',
          summary,
        });
        const jql = `project = HSP AND summary ~ "${summary}"`;

        expect((await success('jira.search_issues', { jql })).items).toEqual([]);

        const [get] = await searchesDuring(async () => {
          const found = await success('jira.search_issues', {
            jql,
            reconcileIssues: [created.id],
          });
          expect(found.items.map((i: { key: string }) => i.key)).toEqual([created.key]);
        });
        expect(get.method).toBe('GET');
        expect(new URL(get.path, 'http://fake').searchParams.getAll('reconcileIssues')).toEqual([
          created.id,
        ]);

        // The long form sends them in its body, as the integers the schema asks for.
        const [post] = await searchesDuring(async () => {
          const found = await success('jira.search_issues', {
            jql: `${jql} AND key in (${Array.from({ length: 300 }, (_, i) => `HSP-${i + 1}`).join(', ')}, ${created.key})`,
            reconcileIssues: [created.id],
          });
          expect(found.items.map((i: { key: string }) => i.key)).toEqual([created.key]);
        });
        expect(post.method).toBe('POST');
        expect(bodyOf(post).reconcileIssues).toEqual([Number(created.id)]);
      } finally {
        data.searchIndexLag = false;
      }
    });

    it('refuses reconcileIssues that are not issue ids, or more than 50', async () => {
      const keys = await execute('jira.search_issues', {
        jql: 'project = HSP',
        reconcileIssues: ['HSP-1'],
      }).expect(400);
      expect(keys.body.errors).toEqual([
        expect.objectContaining({ field: 'inputs.reconcileIssues.0', rule: 'pattern' }),
      ]);
      const many = await execute('jira.search_issues', {
        jql: 'project = HSP',
        reconcileIssues: Array.from({ length: 51 }, (_, i) => String(10000 + i)),
      }).expect(400);
      expect(many.body.errors).toEqual([
        expect.objectContaining({ field: 'inputs.reconcileIssues', rule: 'maxItems' }),
      ]);
    });

    it("answers 502 with Atlassian's message for an unbounded query", async () => {
      const response = await execute('jira.search_issues', { jql: 'order by key' }).expect(502);
      expect(response.body.error.httpStatus).toBe(400);
      expect(response.body.error.message).toContain('Unbounded JQL queries are not allowed here');
    });
  });

  describe('jira.search_projects', () => {
    it('returns one page of 100 by default with next, and all pages with fetchAll', async () => {
      const page = await success('jira.search_projects', {});
      expect(page.items).toHaveLength(PROJECT_SEARCH_MAX_PAGE);
      expect(page.next).toEqual({ startAt: PROJECT_SEARCH_MAX_PAGE });
      expect(queryOf(last('/rest/api/3/project/search'))).toEqual({
        startAt: '0',
        maxResults: String(PROJECT_SEARCH_MAX_PAGE),
      });
      let all: Outputs = {};
      const requests = await countRequests('/rest/api/3/project/search', async () => {
        all = await success('jira.search_projects', { fetchAll: true });
      });
      expect(all.items).toHaveLength(PROJECT_COUNT);
      expect(all.next).toBeNull();
      expect(requests).toBe(Math.ceil(PROJECT_COUNT / PROJECT_SEARCH_MAX_PAGE));
    });

    it('with fetchAll asks for pages of 100 even when maxResults is smaller', async () => {
      let all: Outputs = {};
      const asked = await pageSizesAsked('/rest/api/3/project/search', async () => {
        all = await success('jira.search_projects', { maxResults: 10, fetchAll: true });
      });
      expect(all.items).toHaveLength(PROJECT_COUNT);
      expect(asked).toEqual(
        Array(Math.ceil(PROJECT_COUNT / PROJECT_SEARCH_MAX_PAGE)).fill(
          String(PROJECT_SEARCH_MAX_PAGE),
        ),
      );
    });

    it('filters by key or name', async () => {
      const found = await success('jira.search_projects', { query: 'hsp' });
      expect(found.items).toEqual([expect.objectContaining({ id: HSP.id, key: HSP.key })]);
      expect(found.next).toBeNull();
      await execute('jira.search_projects', { maxResults: 101 }).expect(400);
    });
  });

  describe('jira.get_project_roles', () => {
    it('turns the map of role URLs into a list with role IDs', async () => {
      const { roles } = await success('jira.get_project_roles', { projectIdOrKey: HSP.key });
      expect(roles).toEqual([
        { name: 'Administrators', id: '10002', url: expect.stringMatching(/\/role\/10002$/) },
        { name: 'Developers', id: '10000', url: expect.stringMatching(/\/role\/10000$/) },
        { name: 'Users', id: '10001', url: expect.stringMatching(/\/role\/10001$/) },
      ]);
      expect(last('/role').path).toBe(`/ex/jira/${cloudId}/rest/api/3/project/HSP/role`);
    });

    it("answers 502 with Atlassian's 404 for an unknown project", async () => {
      const response = await execute('jira.get_project_roles', { projectIdOrKey: 'NOPE' }).expect(
        502,
      );
      expect(response.body.error.httpStatus).toBe(404);
      expect(response.body.error.message).toContain("No project could be found with key 'NOPE'.");
    });
  });

  // Last: every request the tests above made must be one the published spec describes.
  it('sent only requests the OpenAPI description allows', () => {
    const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
    const templates = Object.keys(spec.paths).map((path) => ({
      path,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
    const sent = fake.requests.filter((r) => r.path.includes('/rest/api/3/'));
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      const url = new URL(request.path, 'http://fake');
      const resource = url.pathname.replace(/^\/ex\/jira\/[^/]+/, '');
      const template = templates.find(
        (t) =>
          t.pattern.test(resource) &&
          spec.paths[t.path][request.method.toLowerCase()] !== undefined,
      );
      expect({ request: `${request.method} ${resource}`, known: template !== undefined }).toEqual({
        request: `${request.method} ${resource}`,
        known: true,
      });
      const operation = spec.paths[template!.path][request.method.toLowerCase()];
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'query');
      const names = [...new Set(url.searchParams.keys())];
      expect({
        request: request.path,
        unknown: names.filter((n) => !declared.some((p) => p.name === n)),
      }).toEqual({
        request: request.path,
        unknown: [],
      });
      const missing = declared.filter((p) => p.required && !url.searchParams.has(p.name));
      expect({ request: request.path, missing: missing.map((p) => p.name) }).toEqual({
        request: request.path,
        missing: [],
      });
    }
  });
});
