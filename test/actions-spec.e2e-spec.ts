import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_SPOKE_ACTIONS } from '../src/spokes';
import { createFakeAtlassian, FakeAtlassian } from './fake-atlassian';
import {
  ADMIN_ORG,
  orgAccountId,
  SCIM_DIRECTORY_ID,
  scimUserId,
} from './fake-atlassian/admin-routes';
import { EXAMPLE_USERS, HSP, JIRA_SOFTWARE_USERS } from './fake-atlassian/jira-routes';
import { EXAMPLE_CUSTOMERS } from './fake-atlassian/jsm-routes';
import { Api, connectedAlias } from './factories/records';
import { JIRA_ISSUE_BRANCHES } from './support/jira-issue-branches';
import { ATLASSIAN_ADMIN_API } from './support/atlassian-admin-api';
import {
  OpenApiDocument,
  OpenApiRequestChecker,
  WireRequest,
} from './support/openapi-request-checker';
import { startTestHub, TestHub } from './support/test-hub';

/**
 * Every request an action sends, run through the hub against the fake, must be one the official
 * OpenAPI descriptions allow (path, method, parameters, headers, body), and each action must
 * declare the scopes those descriptions give its operations. The fake answers whatever it is
 * written to answer; this test keeps the hub honest about what Atlassian itself accepts. It runs
 * each action's example and then the other branches the example does not reach (every page of
 * fetchAll, the other endpoint or selector an input switches to, fallbacks).
 *
 * The Atlassian admin APIs have no OpenAPI description in ../shared: their requests are checked
 * against a hand transcription of Atlassian's reference pages instead (test/support/
 * atlassian-admin-api.ts), and their scopes are not checked (docs/decisions.md).
 */

const SPEC_DIR = resolve(__dirname, '../../shared/atlassian-openapi');
const readSpec = (file: string) =>
  JSON.parse(readFileSync(resolve(SPEC_DIR, file), 'utf8')) as OpenApiDocument;

/** Atlassian's own descriptions: unmodified copies in ../shared/atlassian-openapi. */
const official = new OpenApiRequestChecker([
  { api: 'jira-platform', document: readSpec('jira-platform-v3.json'), mount: 'site' },
  {
    api: 'jira-servicedesk',
    document: readSpec('jira-servicedesk.json'),
    mount: 'site',
    experimentalNeedsOptIn: true,
  },
]);
/** Our transcription of the admin APIs' reference pages. */
const transcribed = new OpenApiRequestChecker([
  { api: 'atlassian-admin', document: ATLASSIAN_ADMIN_API, mount: 'root' },
]);

/** The actions all of whose operations are on the described APIs, or all on the admin APIs. */
const actionsEntirelyOn = (apis: 'described' | 'admin') =>
  ALL_SPOKE_ACTIONS.filter((action) =>
    action.operations.every(
      (operation) => (operation.api === 'atlassian-admin') === (apis === 'admin'),
    ),
  ).map((action) => action.name);
const DESCRIBED = actionsEntirelyOn('described');
const ADMIN = actionsEntirelyOn('admin');
const checkerFor = (name: string) => (ADMIN.includes(name) ? transcribed : official);

interface ActionDetail {
  name: string;
  spoke: string;
  scopes: { classic: string[]; granular: string[] };
  operations: Array<{ api: string; method: string; path: string }>;
  example: Record<string, unknown>;
}

/** A run of an action beyond its example, and the operations that show it took that branch. */
interface Branch {
  action: string;
  what: string;
  inputs: Record<string, unknown>;
  /** `METHOD /template` (as in the description) and how many requests, at least, it must get. */
  sends: Record<string, number>;
}

// Every seeded HSP issue by key: longer than the GET form of jira.search_issues takes.
const LONG_JQL = `project = HSP AND key in (${Array.from(
  { length: HSP.issues },
  (_, i) => `HSP-${i + 1}`,
).join(', ')}) ORDER BY key`;

const BRANCHES: Branch[] = [
  {
    action: 'jira.search_users',
    // 1111 matches, capped at 1000: one page of 1000 holds every match a query can get.
    what: 'fetchAll with a query reads /user/search up to its 1000th match',
    inputs: { query: 'user1', maxResults: 200, fetchAll: true },
    sends: { 'GET /rest/api/3/user/search': 1 },
  },
  {
    action: 'jira.search_users',
    what: 'without a query, lists accounts with /users/search',
    inputs: { maxResults: 10 },
    sends: { 'GET /rest/api/3/users/search': 1 },
  },
  {
    action: 'jira.search_users',
    what: 'without a query, fetchAll follows every page of /users/search',
    inputs: { fetchAll: true },
    sends: { 'GET /rest/api/3/users/search': 4 },
  },
  {
    action: 'jira.get_group_members',
    what: 'names the group by groupId',
    inputs: { groupId: JIRA_SOFTWARE_USERS.groupId },
    sends: { 'GET /rest/api/3/group/member': 1 },
  },
  {
    action: 'jira.get_group_members',
    what: 'by groupname, inactive users too, fetchAll follows every page',
    inputs: { groupname: JIRA_SOFTWARE_USERS.name, includeInactiveUsers: true, fetchAll: true },
    sends: { 'GET /rest/api/3/group/member': 3 },
  },
  {
    action: 'jira.search_projects',
    what: 'without a query, ordered, fetchAll follows every page',
    inputs: { orderBy: '-name', fetchAll: true },
    sends: { 'GET /rest/api/3/project/search': 3 },
  },
  {
    // fetchAll asks for 5000; with more fields than id and key the fake serves 100 a page.
    action: 'jira.search_issues',
    what: 'fetchAll follows nextPageToken over every page',
    inputs: { jql: 'project = HSP ORDER BY key', maxResults: 100, fetchAll: true },
    sends: { 'GET /rest/api/3/search/jql': 3 },
  },
  {
    // Past SEARCH_JQL_GET_LIMIT the search goes as POST, its parameters in the body.
    action: 'jira.search_issues',
    what: 'a long query goes as POST; fetchAll follows nextPageToken in the body',
    inputs: { jql: LONG_JQL, maxResults: 100, fetchAll: true },
    sends: { 'POST /rest/api/3/search/jql': 3 },
  },
  {
    action: 'jira.search_issues',
    what: 'reconcileIssues on GET, as repeated query parameters',
    inputs: { jql: 'project = HSP ORDER BY key', reconcileIssues: ['20000', '20001'] },
    sends: { 'GET /rest/api/3/search/jql': 1 },
  },
  {
    action: 'jira.search_issues',
    what: 'reconcileIssues on POST, as integers in the body',
    inputs: { jql: LONG_JQL, fields: ['key'], reconcileIssues: ['20000', '20001'] },
    sends: { 'POST /rest/api/3/search/jql': 1 },
  },
  {
    action: 'jira.create_issue',
    what: 'with issueTypeId and labels, without a description',
    inputs: {
      projectKey: 'HSP',
      issueTypeId: '10002',
      summary: 'Badge for the new starter',
      labels: ['onboarding', 'access'],
    },
    sends: { 'POST /rest/api/3/issue': 1 },
  },
  {
    action: 'jira.add_user_to_group',
    what: 'names the group by groupId',
    inputs: {
      groupId: '0b7e2c44-6a1d-4f0e-b3a8-7d9c1e5f6a33',
      accountId: EXAMPLE_USERS.emma.accountId,
    },
    sends: { 'POST /rest/api/3/group/user': 1 },
  },
  {
    action: 'jira.remove_user_from_group',
    what: 'names the group by groupId',
    inputs: {
      groupId: '0b7e2c44-6a1d-4f0e-b3a8-7d9c1e5f6a33',
      accountId: EXAMPLE_USERS.emma.accountId,
    },
    sends: { 'DELETE /rest/api/3/group/user': 1 },
  },
  {
    action: 'jira.get_user',
    what: 'without expand',
    inputs: { accountId: EXAMPLE_USERS.mia.accountId },
    sends: { 'GET /rest/api/3/user': 1 },
  },
  {
    action: 'jira.get_issue',
    what: 'without fields',
    inputs: { issueIdOrKey: 'HSP-2' },
    sends: { 'GET /rest/api/3/issue/{issueIdOrKey}': 1 },
  },
  {
    action: 'jira.find_groups',
    what: 'case-sensitive, excluding a group by id',
    inputs: {
      query: 'jira',
      caseInsensitive: false,
      excludeGroupIds: [JIRA_SOFTWARE_USERS.groupId],
    },
    sends: { 'GET /rest/api/3/groups/picker': 1 },
  },
  {
    action: 'jsm.provision_customer',
    what: 'an address with an account: falls back to the Jira user search',
    inputs: { email: 'customer7@example.org', displayName: 'Customer 7', serviceDeskId: '2' },
    sends: {
      'POST /rest/servicedeskapi/customer': 1,
      'GET /rest/api/3/user/search': 1,
      'POST /rest/servicedeskapi/servicedesk/{serviceDeskId}/customer': 1,
    },
  },
  {
    action: 'jsm.list_service_desks',
    // Three service desks fit in one page of the largest size, which fetchAll asks for.
    what: 'fetchAll asks for the largest page',
    inputs: { limit: 1, fetchAll: true },
    sends: { 'GET /rest/servicedeskapi/servicedesk': 1 },
  },
  {
    action: 'jsm.get_service_desk_customers',
    what: 'without a query, fetchAll follows every page',
    inputs: { serviceDeskId: '1', fetchAll: true },
    sends: { 'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/customer': 12 },
  },
  {
    action: 'jsm.add_customers_to_service_desk',
    what: 'one account, to another desk',
    inputs: { serviceDeskId: '2', accountIds: [EXAMPLE_CUSTOMERS[1].accountId] },
    sends: { 'POST /rest/servicedeskapi/servicedesk/{serviceDeskId}/customer': 1 },
  },
  {
    action: 'jsm.remove_customers_from_service_desk',
    what: 'one account, from another desk',
    inputs: { serviceDeskId: '2', accountIds: [EXAMPLE_CUSTOMERS[1].accountId] },
    sends: { 'DELETE /rest/servicedeskapi/servicedesk/{serviceDeskId}/customer': 1 },
  },
  {
    action: 'jsm.create_request',
    what: 'with participants, not on behalf of anyone',
    inputs: {
      serviceDeskId: '1',
      requestTypeId: '2',
      requestFieldValues: { summary: 'New starter needs a laptop' },
      requestParticipants: [EXAMPLE_CUSTOMERS[0].accountId],
    },
    sends: { 'POST /rest/servicedeskapi/request': 1 },
  },
  {
    action: 'jsm.get_request',
    what: 'with expand',
    inputs: { issueIdOrKey: 'SD-1', expand: ['participant', 'status'] },
    sends: { 'GET /rest/servicedeskapi/request/{issueIdOrKey}': 1 },
  },
  {
    action: 'jsm.create_request',
    what: 'without checking the fields first',
    inputs: {
      serviceDeskId: '1',
      requestTypeId: '1',
      requestFieldValues: { summary: 'Unchecked' },
      checkFields: false,
    },
    sends: { 'POST /rest/servicedeskapi/request': 1 },
  },
  {
    action: 'jsm.list_request_types',
    what: 'by group, fetchAll asks for the largest page',
    inputs: { serviceDeskId: '1', groupId: '1', limit: 1, fetchAll: true },
    sends: { 'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype': 1 },
  },
  {
    action: 'jsm.get_request_type_fields',
    what: 'with hidden fields',
    inputs: { serviceDeskId: '1', requestTypeId: '2', includeHidden: true },
    sends: {
      'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field': 1,
    },
  },
  {
    action: 'jsm.list_requests',
    what: "a desk's requests of one type, any status, fetchAll",
    inputs: {
      serviceDeskId: '1',
      requestTypeId: '1',
      requestOwnership: ['ALL_REQUESTS'],
      requestStatus: 'ALL_REQUESTS',
      searchTerm: 'laptop',
      fetchAll: true,
    },
    sends: { 'GET /rest/servicedeskapi/request': 1 },
  },
  {
    action: 'jsm.list_requests',
    what: "without filters: the caller's own",
    inputs: {},
    sends: { 'GET /rest/servicedeskapi/request': 1 },
  },
  ...[
    ['jsm.get_request_status_history', 'status'],
    ['jsm.list_request_transitions', 'transition'],
    ['jsm.list_request_participants', 'participant'],
    ['jsm.list_request_approvals', 'approval'],
    ['jsm.get_request_sla', 'sla'],
    ['jsm.list_request_comments', 'comment'],
  ].map(([action, resource]) => ({
    action,
    what: 'fetchAll asks for the largest page',
    inputs: { issueIdOrKey: 'SD-1', limit: 1, fetchAll: true },
    sends: { [`GET /rest/servicedeskapi/request/{issueIdOrKey}/${resource}`]: 1 },
  })),
  {
    action: 'jsm.add_request_comment',
    what: 'an internal comment',
    inputs: { issueIdOrKey: 'SD-1', body: 'Battery ordered.', public: false },
    sends: { 'POST /rest/servicedeskapi/request/{issueIdOrKey}/comment': 1 },
  },
  {
    // The example resolved SD-1; Reopen is what Resolved offers.
    action: 'jsm.transition_request',
    what: 'without a comment',
    inputs: { issueIdOrKey: 'SD-1', transitionId: '901' },
    sends: { 'POST /rest/servicedeskapi/request/{issueIdOrKey}/transition': 1 },
  },
  {
    action: 'jsm.add_request_participants',
    what: 'to another request',
    inputs: { issueIdOrKey: 'SD-2', accountIds: [EXAMPLE_CUSTOMERS[1].accountId] },
    sends: { 'POST /rest/servicedeskapi/request/{issueIdOrKey}/participant': 1 },
  },
  {
    action: 'jsm.remove_request_participants',
    what: 'from another request',
    inputs: { issueIdOrKey: 'SD-2', accountIds: [EXAMPLE_CUSTOMERS[1].accountId] },
    sends: { 'DELETE /rest/servicedeskapi/request/{issueIdOrKey}/participant': 1 },
  },
  {
    action: 'jsm.answer_approval',
    what: 'declines',
    inputs: { issueIdOrKey: 'HR-1', approvalId: '2', decision: 'decline' },
    sends: { 'POST /rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}': 1 },
  },
  {
    action: 'jsm.list_queues',
    what: 'without counts, fetchAll asks for the largest page',
    inputs: { serviceDeskId: '2', limit: 1, fetchAll: true },
    sends: { 'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue': 1 },
  },
  {
    action: 'jsm.list_queue_issues',
    what: 'fetchAll asks for the largest page',
    inputs: { serviceDeskId: '1', queueId: '11', limit: 1, fetchAll: true },
    sends: { 'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue/{queueId}/issue': 1 },
  },
  {
    // 154 organizations: two pages of the largest size.
    action: 'jsm.list_organizations',
    what: 'fetchAll follows every page',
    inputs: { limit: 1, fetchAll: true },
    sends: { 'GET /rest/servicedeskapi/organization': 2 },
  },
  {
    action: 'jsm.list_organizations',
    what: "a service desk's, of one member",
    inputs: { serviceDeskId: '1', accountId: EXAMPLE_CUSTOMERS[0].accountId },
    sends: { 'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/organization': 1 },
  },
  {
    action: 'jsm.list_organization_users',
    what: 'fetchAll follows every page',
    inputs: { organizationId: '4', fetchAll: true },
    sends: { 'GET /rest/servicedeskapi/organization/{organizationId}/user': 2 },
  },
  {
    action: 'atlassian-admin.deactivate_user',
    what: 'without a directory, disables the account through the lifecycle API with a message',
    inputs: { accountId: orgAccountId(5), message: 'Left the company' },
    sends: { 'POST /users/{account_id}/manage/lifecycle/disable': 1 },
  },
  {
    action: 'atlassian-admin.deactivate_user',
    what: 'without a directory or a message',
    inputs: { accountId: orgAccountId(6) },
    sends: { 'POST /users/{account_id}/manage/lifecycle/disable': 1 },
  },
  {
    action: 'atlassian-admin.activate_user',
    what: 'through a SCIM directory',
    inputs: { directoryId: SCIM_DIRECTORY_ID, userId: scimUserId(6) },
    sends: { 'PATCH /scim/directory/{directoryId}/Users/{userId}': 1 },
  },
  {
    action: 'atlassian-admin.list_org_users',
    what: 'fetchAll follows every cursor',
    inputs: { orgId: ADMIN_ORG.id, fetchAll: true },
    sends: { 'GET /admin/v1/orgs/{orgId}/users': 3 },
  },
  ...JIRA_ISSUE_BRANCHES,
];

const TOKEN = 'spec-bearer-token';
const PARENT_ALIASES: Record<string, string> = {
  jira: 'Jira',
  jsm: 'Jira_SM',
  'atlassian-admin': 'Atlassian_Admin',
};

/**
 * The requests an action sent, each checked once by its checker: what is wrong with them (empty
 * when nothing is) and how many went to each operation, as `METHOD /template`.
 */
function checkSent(
  sent: WireRequest[],
  action: ActionDetail,
): { problems: string[]; counts: Record<string, number> } {
  const problems: string[] = [];
  const counts: Record<string, number> = {};
  for (const request of sent) {
    const check = checkerFor(action.name).check(request);
    problems.push(...check.problems);
    const { operation } = check;
    const listed = action.operations.some(
      (o) => o.api === operation?.api && o.method === operation.method && o.path === operation.path,
    );
    if (operation && !listed) {
      problems.push(
        `${operation.method} ${operation.path} (${operation.api}) is not listed in the action's operations`,
      );
    }
    const key = operation ? `${operation.method} ${operation.path}` : `unknown ${request.path}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { problems, counts };
}

/** The scopes the spec gives the action's operations: Current ones are classic, Beta granular. */
function specScopes(action: ActionDetail): { classic: string[]; granular: string[] } {
  const classic = new Set<string>();
  const granular = new Set<string>();
  for (const ref of action.operations) {
    const operation = official.operation(ref.api, ref.method, ref.path);
    for (const entry of operation?.['x-atlassian-oauth2-scopes'] ?? []) {
      const into = entry.state === 'Current' ? classic : entry.state === 'Beta' ? granular : null;
      for (const scope of entry.scopes) into?.add(scope);
    }
  }
  return { classic: [...classic].sort(), granular: [...granular].sort() };
}

describe('The request checker', () => {
  const site = '/ex/jira/11223344-a1b2-3b33-c444-def123456789';
  const json = { 'content-type': 'application/json' };
  const request = (
    method: string,
    path: string,
    body: unknown = undefined,
    headers: Record<string, string> = body === undefined ? {} : json,
  ): WireRequest => ({
    method,
    path,
    headers,
    body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const problems = (checker: OpenApiRequestChecker, wire: WireRequest) =>
    checker.check(wire).problems;

  it('finds nothing wrong with a request the description allows', () => {
    expect(
      official.check(request('GET', `${site}/rest/api/3/user/search?query=jane&maxResults=10`)),
    ).toEqual({
      operation: { api: 'jira-platform', method: 'GET', path: '/rest/api/3/user/search' },
      problems: [],
    });
    const remove = request(
      'DELETE',
      `${site}/rest/servicedeskapi/servicedesk/1/customer`,
      { accountIds: ['qm:1'] },
      { ...json, 'x-experimentalapi': 'opt-in' },
    );
    expect(problems(official, remove)).toEqual([]);
  });

  it.each([
    ['an unknown path', request('GET', `${site}/rest/api/3/users/find`), /no operation/],
    ['a method the path lacks', request('PUT', `${site}/rest/api/3/user/search`), /no operation/],
    ['a site path at the root', request('GET', '/rest/api/3/myself'), /no operation/],
    [
      'an undeclared query parameter',
      request('GET', `${site}/rest/api/3/user/search?query=a&limit=10`),
      /query parameter limit is not one the operation declares/,
    ],
    [
      'a query value of the wrong type',
      request('GET', `${site}/rest/api/3/user/search?query=a&maxResults=ten`),
      /maxResults=ten: \/value must be integer/,
    ],
    [
      'a missing required query parameter',
      request('DELETE', `${site}/rest/api/3/group/user?groupname=admins`),
      /required query parameter accountId missing/,
    ],
    [
      'a path parameter of the wrong type',
      request('GET', `${site}/rest/servicedeskapi/organization/acme`),
      /path parameter organizationId=acme: \/value must be integer/,
    ],
    [
      'an experimental operation without the opt-in header',
      request('DELETE', `${site}/rest/servicedeskapi/servicedesk/1/customer`, {
        accountIds: ['qm:1'],
      }),
      /needs the header X-ExperimentalApi: opt-in/,
    ],
    [
      'a missing required header',
      request('PUT', `${site}/rest/atlassian-connect/1/migration/field`, { updateValueList: [] }),
      /required header Atlassian-Transfer-Id missing/,
    ],
    [
      'a body property the schema does not allow',
      request(
        'DELETE',
        `${site}/rest/servicedeskapi/servicedesk/1/customer`,
        { accountId: ['qm:1'] },
        { ...json, 'x-experimentalapi': 'opt-in' },
      ),
      /body \/ must NOT have additional properties/,
    ],
    [
      'a body value of the wrong type',
      request('POST', `${site}/rest/api/3/issue`, { fields: 'summary' }),
      /body \/fields must be object/,
    ],
    [
      'a missing required body',
      request('POST', `${site}/rest/servicedeskapi/customer`),
      /the request body is required/,
    ],
    [
      'a body in a media type the operation does not take',
      request('POST', `${site}/rest/servicedeskapi/customer`, 'email=a@example.com', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      /body sent as application\/x-www-form-urlencoded/,
    ],
    [
      'a body the operation takes none of',
      request('GET', `${site}/rest/api/3/myself`, { me: true }),
      /takes none/,
    ],
  ])('finds %s', (_what, wire, expected) => {
    expect(problems(official, wire)).toEqual(
      expect.arrayContaining([expect.stringMatching(expected)]),
    );
  });

  it('checks the admin APIs against their transcription, not as site paths', () => {
    const patch = (body: unknown, type = 'application/scim+json') =>
      request('PATCH', '/scim/directory/dir-1/Users/u-1', body, { 'content-type': type });
    const deactivate = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    };
    expect(problems(transcribed, patch(deactivate))).toEqual([]);
    expect(problems(transcribed, patch({ ...deactivate, Operations: [{ op: 'remove' }] }))).toEqual(
      [expect.stringMatching(/body/)],
    );
    expect(problems(transcribed, patch({ Operations: deactivate.Operations }))).toEqual([
      expect.stringMatching(/must have required property 'schemas'/),
    ]);
    expect(problems(transcribed, patch(deactivate, 'text/plain'))).toEqual([
      expect.stringMatching(/body sent as text\/plain/),
    ]);
    expect(problems(transcribed, request('GET', '/users/a.b/manage/api-tokens'))).toEqual([
      expect.stringMatching(/path parameter account_id=a\.b/),
    ]);
    expect(problems(transcribed, request('GET', '/admin/v1/orgs/o-1/users?limit=100'))).toEqual([
      expect.stringMatching(/query parameter limit is not one the operation declares/),
    ]);
    expect(problems(transcribed, request('GET', `${site}/admin/v1/orgs/o-1/users`))).toEqual([
      expect.stringMatching(/no operation/),
    ]);
  });
});

describe('Action requests against the official OpenAPI descriptions', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let api: Api;
  const aliases: Record<string, string> = {};
  const details = new Map<string, ActionDetail>();

  const run = async (name: string, inputs: Record<string, unknown>) => {
    const before = fake.requests.length;
    const response = await api.post(`/api/actions/${name}/execute`, {
      alias: aliases[details.get(name)!.spoke],
      inputs,
    });
    return {
      outcome: { status: response.status, body: response.body as Record<string, unknown> },
      sent: fake.requests.slice(before),
    };
  };
  // The whole answer shows in the diff when it fails: Atlassian's message says why.
  const succeeded = {
    status: 200,
    body: expect.objectContaining({ status: 'success' }) as unknown,
  };
  const runExampleAndCheck = async (name: string) => {
    const { outcome, sent } = await run(name, details.get(name)!.example);
    expect(outcome).toEqual(succeeded);
    expect(sent.length).toBeGreaterThan(0);
    expect(checkSent(sent, details.get(name)!).problems).toEqual([]);
  };

  beforeAll(async () => {
    fake = await createFakeAtlassian().start();
    const cloudId = fake.addSite('spec.atlassian.net');
    fake.addAccount(
      { bearer: TOKEN },
      { displayName: 'Spec Bot', emailAddress: 'spec-bot@example.com' },
    );
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    api = new Api(hub.http, hub.adminToken);
    for (const [spoke, parentAlias] of Object.entries(PARENT_ALIASES)) {
      ({ aliasName: aliases[spoke] } = await connectedAlias(api, fake.url, cloudId, {
        parentAlias,
        token: TOKEN,
      }));
    }
    for (const { name } of ALL_SPOKE_ACTIONS) {
      details.set(name, (await api.get(`/api/actions/${name}`).expect(200)).body as ActionDetail);
    }
  }, 30_000);
  afterAll(async () => {
    await hub?.close();
    await fake?.stop();
  });

  it('publishes the whole catalog, each action calling either described or admin APIs', async () => {
    const list = await api.get('/api/actions').expect(200);
    const names = ALL_SPOKE_ACTIONS.map((a) => a.name).sort();
    expect((list.body as Array<{ name: string }>).map((a) => a.name).sort()).toEqual(names);
    expect([...DESCRIBED, ...ADMIN].sort()).toEqual(names);
  });

  it('finds every declared operation in the descriptions', () => {
    const missing = ALL_SPOKE_ACTIONS.flatMap(({ name }) =>
      details
        .get(name)!
        .operations.filter((ref) => !checkerFor(name).operation(ref.api, ref.method, ref.path))
        .map((ref) => `${name}: ${ref.method} ${ref.path} (${ref.api})`),
    );
    expect(missing).toEqual([]);
  });

  it('runs every paged action with fetchAll below', () => {
    const paged = ALL_SPOKE_ACTIONS.filter(
      (action) => (action.inputSchema.properties as Record<string, unknown>).fetchAll,
    ).map((action) => action.name);
    const covered = BRANCHES.filter((branch) => branch.inputs.fetchAll === true).map(
      (branch) => branch.action,
    );
    expect(paged.filter((name) => !covered.includes(name))).toEqual([]);
  });

  describe.each(DESCRIBED)('%s', (name) => {
    it('runs its example, sending only requests the official description allows', async () => {
      await runExampleAndCheck(name);
    });

    it("declares the scopes of its operations' x-atlassian-oauth2-scopes", () => {
      const action = details.get(name)!;
      expect({
        classic: [...action.scopes.classic].sort(),
        granular: [...action.scopes.granular].sort(),
      }).toEqual(specScopes(action));
    });
  });

  // No OpenAPI description of these in ../shared (docs/decisions.md): checked against the
  // transcription of Atlassian's reference pages, scopes not checked.
  describe.each(ADMIN)('%s', (name) => {
    it("runs its example, sending only requests the admin APIs' reference pages describe", async () => {
      await runExampleAndCheck(name);
    });
  });

  // After the examples: some branches change what the examples left (group members, customers).
  describe('other branches', () => {
    it.each(BRANCHES.map((branch) => [`${branch.action}: ${branch.what}`, branch] as const))(
      '%s',
      async (_title, branch) => {
        const { outcome, sent } = await run(branch.action, branch.inputs);
        expect(outcome).toEqual(succeeded);
        const { problems, counts } = checkSent(sent, details.get(branch.action)!);
        expect(problems).toEqual([]);
        // The run took the branch: each operation got at least as many requests as it should.
        const short = Object.entries(branch.sends)
          .filter(([operation, least]) => (counts[operation] ?? 0) < least)
          .map(([operation, least]) => `${operation}: ${counts[operation] ?? 0} of ${least}`);
        expect(short).toEqual([]);
      },
    );
  });
});
