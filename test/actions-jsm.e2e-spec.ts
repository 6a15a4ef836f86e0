import { JSM_ACTIONS } from '../src/spokes/jsm';
import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { RecordedRequest } from './fake-atlassian/fake-atlassian.server';
import { DESK_1_CUSTOMERS, JSM_MAX_PAGE } from './fake-atlassian/jsm-routes';
import { Api, connectedAlias, unique } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const TOKEN = 'jsm-bearer-token';
// Action outputs are JSON: an object whose fields the assertions check.
type Outputs = Record<string, ReturnType<typeof JSON.parse>>;
const CUSTOMERS_PATH = (id: string) => `/rest/servicedeskapi/servicedesk/${id}/customer`;

describe('Jira Service Management actions', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let cloudId: string;
  let aliasName: string;
  let bot: { accountId: string };

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded()).start();
    cloudId = fake.addSite('jsm.atlassian.net');
    bot = fake.addAccount(
      { bearer: TOKEN },
      { displayName: 'JSM Bot', emailAddress: 'jsm-bot@example.com' },
    );
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    admin = new Api(hub.http, hub.adminToken);
    ({ aliasName } = await connectedAlias(admin, fake.url, cloudId, {
      token: TOKEN,
      connection: { maxRetries: 2, maxRetryWaitSeconds: 5 },
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
  const last = (suffix: string): RecordedRequest => fake.requestsTo(suffix).at(-1)!;
  const urlOf = (request: RecordedRequest) => new URL(request.path, 'http://fake');
  const pageIds = (outputs: Outputs): string[] =>
    (outputs.items as Array<{ accountId: string }>).map((item) => item.accountId);
  const desk1Ids = async (): Promise<string[]> =>
    pageIds(await success('jsm.get_service_desk_customers', { serviceDeskId: '1', limit: 5 }));

  it('publishes every JSM action with its scopes and operations', async () => {
    const list = await admin.get('/api/actions').expect(200);
    const names = list.body.map((a: { name: string }) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'jsm.list_service_desks',
        'jsm.add_customers_to_service_desk',
        'jsm.remove_customers_from_service_desk',
        'jsm.get_service_desk_customers',
        'jsm.create_request',
        'jsm.get_request',
        'jsm.provision_customer',
      ]),
    );
    const detail = await admin.get('/api/actions/jsm.provision_customer').expect(200);
    expect(detail.body.scopes.classic).toEqual(['manage:servicedesk-customer', 'read:jira-user']);
    expect(detail.body.operations).toContainEqual({
      api: 'jira-platform',
      method: 'GET',
      path: '/rest/api/3/user/search',
    });
  });

  describe('jsm.list_service_desks', () => {
    it('returns one page by default, the largest one, and says where the next starts', async () => {
      const all = await success('jsm.list_service_desks', {});
      expect(all.items.map((d: { id: string }) => d.id)).toEqual(['1', '2', '3']);
      expect(all.items[0]).toEqual(
        expect.objectContaining({ id: '1', projectKey: 'SD', projectId: '10000' }),
      );
      expect(all.next).toBeNull();
      const request = last('/rest/servicedeskapi/servicedesk');
      expect(request.method).toBe('GET');
      expect(urlOf(request).pathname).toBe(`/ex/jira/${cloudId}/rest/servicedeskapi/servicedesk`);
      expect(Object.fromEntries(urlOf(request).searchParams)).toEqual({
        start: '0',
        limit: String(JSM_MAX_PAGE),
      });
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);

      const first = await success('jsm.list_service_desks', { limit: 2 });
      expect(first.items.map((d: { id: string }) => d.id)).toEqual(['1', '2']);
      expect(first.next).toEqual({ start: 2 });
      const second = await success('jsm.list_service_desks', { limit: 2, ...first.next });
      expect(second.items.map((d: { id: string }) => d.id)).toEqual(['3']);
      expect(second.next).toBeNull();
    });

    it('with fetchAll asks for the largest page whatever limit says: 3 desks, 1 request', async () => {
      const before = fake.requestsTo('/rest/servicedeskapi/servicedesk').length;
      const all = await success('jsm.list_service_desks', { limit: 1, fetchAll: true });
      expect(all.items.map((d: { id: string }) => d.id)).toEqual(['1', '2', '3']);
      expect(all.next).toBeNull();
      const sent = fake.requestsTo('/rest/servicedeskapi/servicedesk').slice(before);
      expect(sent.map((request) => urlOf(request).searchParams.get('limit'))).toEqual([
        String(JSM_MAX_PAGE),
      ]);
    });

    it('refuses a page larger than Atlassian allows', async () => {
      const response = await execute('jsm.list_service_desks', { limit: 500 }).expect(400);
      expect(response.body.errors).toContainEqual(
        expect.objectContaining({ field: 'inputs.limit', rule: 'maximum' }),
      );
    });
  });

  describe('jsm.get_service_desk_customers', () => {
    it('returns the first page with next, opting in to the experimental API', async () => {
      const page = await success('jsm.get_service_desk_customers', { serviceDeskId: '1' });
      expect(page.items).toHaveLength(JSM_MAX_PAGE);
      expect(page.items[0]).toEqual(
        expect.objectContaining({ accountId: expect.any(String), displayName: 'Customer 0' }),
      );
      expect(page.next).toEqual({ start: JSM_MAX_PAGE });
      const request = last(CUSTOMERS_PATH('1'));
      expect(request.method).toBe('GET');
      expect(request.headers['x-experimentalapi']).toBe('opt-in');
      expect(Object.fromEntries(urlOf(request).searchParams)).toEqual({
        start: '0',
        limit: String(JSM_MAX_PAGE),
      });
    });

    // fetchAll ignores limit: every page is the largest Atlassian serves, so N customers cost
    // ceil(N / 100) requests whether limit is left out, small or an odd size.
    it.each([
      ['left out', undefined],
      ['1', 1],
      ['50', 50],
      ['70', 70],
      [String(JSM_MAX_PAGE), JSM_MAX_PAGE],
    ])(
      'fetches all customers with limit %s in exactly ceil(N / 100) requests of 100',
      async (_label, limit) => {
        const before = fake.requestsTo(CUSTOMERS_PATH('1')).length;
        const all = await success('jsm.get_service_desk_customers', {
          serviceDeskId: '1',
          ...(limit === undefined ? {} : { limit }),
          fetchAll: true,
        });
        expect(all.next).toBeNull();
        expect(pageIds(all)).toHaveLength(DESK_1_CUSTOMERS);
        expect(new Set(pageIds(all)).size).toBe(DESK_1_CUSTOMERS);
        const sent = fake.requestsTo(CUSTOMERS_PATH('1')).slice(before);
        expect(sent).toHaveLength(Math.ceil(DESK_1_CUSTOMERS / JSM_MAX_PAGE));
        expect(new Set(sent.map((request) => urlOf(request).searchParams.get('limit')))).toEqual(
          new Set([String(JSM_MAX_PAGE)]),
        );
      },
    );

    it('without fetchAll, answers one page of the limit asked and where the next starts', async () => {
      const page = await success('jsm.get_service_desk_customers', {
        serviceDeskId: '1',
        limit: 70,
        start: 70,
      });
      expect(page.items).toHaveLength(70);
      expect(page.items[0]).toEqual(expect.objectContaining({ displayName: 'Customer 70' }));
      expect(page.next).toEqual({ start: 140 });
      expect(urlOf(last(CUSTOMERS_PATH('1'))).searchParams.get('limit')).toBe('70');
    });

    it('filters by query and continues from a given start', async () => {
      const filtered = await success('jsm.get_service_desk_customers', {
        serviceDeskId: '1',
        query: 'Customer 119',
      });
      expect(filtered.items.map((c: { displayName: string }) => c.displayName).sort()).toEqual(
        ['Customer 119', ...Array.from({ length: 10 }, (_, i) => `Customer 119${i}`)].sort(),
      );
      expect(urlOf(last(CUSTOMERS_PATH('1'))).searchParams.get('query')).toBe('Customer 119');
      const tail = await success('jsm.get_service_desk_customers', {
        serviceDeskId: '1',
        start: DESK_1_CUSTOMERS - 3,
      });
      expect(tail.items).toHaveLength(3);
      expect(tail.next).toBeNull();
    });

    it("turns Atlassian's 404 for an unknown service desk into a 502 with its message", async () => {
      const response = await execute('jsm.get_service_desk_customers', {
        serviceDeskId: '999',
      }).expect(502);
      expect(response.body).toEqual({
        status: 'error',
        executionId: expect.any(String),
        error: {
          httpStatus: 404,
          message: expect.stringContaining('Service Desk with id 999 does not exist'),
          details: expect.objectContaining({
            errorMessages: ['Service Desk with id 999 does not exist'],
          }),
        },
      });
    });

    it('refuses a service desk id that is not a number', async () => {
      const response = await execute('jsm.get_service_desk_customers', {
        serviceDeskId: '1/../2',
      }).expect(400);
      expect(response.body.errors).toContainEqual(
        expect.objectContaining({ field: 'inputs.serviceDeskId', rule: 'pattern' }),
      );
    });
  });

  describe('adding and removing customers', () => {
    it('adds customers (again harmlessly), lists them and removes one', async () => {
      const [a, b] = await desk1Ids();
      const added = await success('jsm.add_customers_to_service_desk', {
        serviceDeskId: '2',
        accountIds: [a, b],
      });
      expect(added).toEqual({ serviceDeskId: '2', added: [a, b] });
      const post = last(CUSTOMERS_PATH('2'));
      expect(post.method).toBe('POST');
      expect(urlOf(post).pathname).toBe(`/ex/jira/${cloudId}${CUSTOMERS_PATH('2')}`);
      expect(JSON.parse(post.body)).toEqual({ accountIds: [a, b] });
      expect(post.headers['content-type']).toMatch(/^application\/json/);

      await success('jsm.add_customers_to_service_desk', { serviceDeskId: '2', accountIds: [a] });
      const listed = await success('jsm.get_service_desk_customers', { serviceDeskId: '2' });
      expect(pageIds(listed)).toEqual([a, b]);

      const removed = await success('jsm.remove_customers_from_service_desk', {
        serviceDeskId: '2',
        accountIds: [a],
      });
      expect(removed).toEqual({ serviceDeskId: '2', removed: [a] });
      const del = last(CUSTOMERS_PATH('2'));
      expect(del.method).toBe('DELETE');
      expect(JSON.parse(del.body)).toEqual({ accountIds: [a] });
      expect(del.headers['x-experimentalapi']).toBe('opt-in');
      const after = await success('jsm.get_service_desk_customers', { serviceDeskId: '2' });
      expect(pageIds(after)).toEqual([b]);
    });

    it("carries Atlassian's 400 for an unknown account and for an open-access desk", async () => {
      const unknown = await execute('jsm.add_customers_to_service_desk', {
        serviceDeskId: '2',
        accountIds: ['qm:no-such-account'],
      }).expect(502);
      expect(unknown.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 400,
          message: expect.stringContaining('The following users do not exist: qm:no-such-account'),
        }),
      );
      const [a] = await desk1Ids();
      const open = await execute('jsm.remove_customers_from_service_desk', {
        serviceDeskId: '3',
        accountIds: [a],
      }).expect(502);
      expect(open.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 400,
          message: expect.stringContaining('public signup or open access'),
        }),
      );
    });

    it('refuses an empty or repeated account list', async () => {
      const empty = await execute('jsm.add_customers_to_service_desk', {
        serviceDeskId: '1',
        accountIds: [],
      }).expect(400);
      expect(empty.body.errors).toContainEqual(
        expect.objectContaining({ field: 'inputs.accountIds', rule: 'minItems' }),
      );
      const twice = await execute('jsm.remove_customers_from_service_desk', {
        serviceDeskId: '1',
        accountIds: ['x', 'x'],
      }).expect(400);
      expect(twice.body.errors).toContainEqual(
        expect.objectContaining({ field: 'inputs.accountIds', rule: 'uniqueItems' }),
      );
    });
  });

  describe('customer requests', () => {
    it('creates a request on behalf of a customer and reads it back by key and id', async () => {
      const [customer] = await desk1Ids();
      const inputs = {
        serviceDeskId: '1',
        requestTypeId: '2',
        requestFieldValues: { summary: 'Printer on fire', description: 'Third floor' },
        raiseOnBehalfOf: customer,
      };
      const created = await success('jsm.create_request', inputs);
      expect(created).toEqual(
        expect.objectContaining({
          issueKey: expect.stringMatching(/^SD-\d+$/),
          issueId: expect.any(String),
          serviceDeskId: '1',
          requestTypeId: '2',
          reporter: expect.objectContaining({ accountId: customer }),
        }),
      );
      expect(created.requestFieldValues).toContainEqual(
        expect.objectContaining({ fieldId: 'summary', value: 'Printer on fire' }),
      );
      const post = last('/rest/servicedeskapi/request');
      expect(post.method).toBe('POST');
      expect(JSON.parse(post.body)).toEqual(inputs);

      const byKey = await success('jsm.get_request', { issueIdOrKey: created.issueKey });
      expect(byKey).toEqual(created);
      expect(urlOf(last(`/request/${created.issueKey}`)).pathname).toBe(
        `/ex/jira/${cloudId}/rest/servicedeskapi/request/${created.issueKey}`,
      );
      const byId = await success('jsm.get_request', { issueIdOrKey: created.issueId });
      expect(byId.issueKey).toBe(created.issueKey);
    });

    it('raises a request as the connection account when no customer is named', async () => {
      const created = await success('jsm.create_request', {
        serviceDeskId: '2',
        requestTypeId: '3',
        requestFieldValues: { summary: 'New starter', customfield_10010: 'Berlin' },
      });
      expect(created.issueKey).toMatch(/^HR-\d+$/);
      expect(created.reporter.accountId).toBe(bot.accountId);
      expect(JSON.parse(last('/rest/servicedeskapi/request').body)).toEqual({
        serviceDeskId: '2',
        requestTypeId: '3',
        requestFieldValues: { summary: 'New starter', customfield_10010: 'Berlin' },
      });
    });

    it('reads the seeded request SD-1 with expand', async () => {
      const request = await success('jsm.get_request', {
        issueIdOrKey: 'SD-1',
        expand: ['participant', 'sla'],
      });
      expect(request).toEqual(
        expect.objectContaining({ issueKey: 'SD-1', summary: 'Laptop does not start' }),
      );
      expect(urlOf(last('/request/SD-1')).searchParams.getAll('expand')).toEqual([
        'participant',
        'sla',
      ]);
    });

    it("carries Atlassian's 404 for an unknown request and for a request type of another desk", async () => {
      const missing = await execute('jsm.get_request', { issueIdOrKey: 'SD-99999' }).expect(502);
      expect(missing.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 404,
          message: expect.stringContaining('Request does not exist'),
        }),
      );
      const posts = fake.requestsTo('/rest/servicedeskapi/request').length;
      const badType = await execute('jsm.create_request', {
        serviceDeskId: '1',
        requestTypeId: '3',
        requestFieldValues: { summary: 'Wrong desk' },
      }).expect(502);
      expect(badType.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 404,
          message: expect.stringContaining('The request type 3 does not exist'),
        }),
      );
      // The lookup of the type's fields failed: nothing was created.
      expect(fake.requestsTo('/rest/servicedeskapi/request')).toHaveLength(posts);
    });

    it('refuses a request without a summary before calling Atlassian', async () => {
      const before = fake.requests.length;
      const response = await execute('jsm.create_request', {
        serviceDeskId: '1',
        requestTypeId: '1',
        requestFieldValues: { description: 'no summary' },
      }).expect(400);
      expect(response.body.errors).toContainEqual(
        expect.objectContaining({ field: 'inputs.requestFieldValues.summary', rule: 'required' }),
      );
      expect(fake.requests.length).toBe(before);
    });
  });

  describe('jsm.provision_customer', () => {
    it('creates and adds a new customer; running it again is harmless', async () => {
      const inputs = {
        email: `${unique('provisioned')}@example.net`,
        displayName: 'Pat Provisioned',
        serviceDeskId: '2',
      };
      const first = await success('jsm.provision_customer', inputs);
      expect(first).toEqual({ accountId: expect.any(String), created: true, serviceDeskId: '2' });
      expect(JSON.parse(last(CUSTOMERS_PATH('2')).body)).toEqual({
        accountIds: [first.accountId],
      });

      const before = fake.requests.length;
      const second = await execute('jsm.provision_customer', inputs).expect(200);
      expect(second.body.outputs).toEqual({ ...first, created: false });
      const calls = fake.requests.slice(before).map((r) => `${r.method} ${urlOf(r).pathname}`);
      const prefix = `/ex/jira/${cloudId}`;
      expect(calls).toEqual([
        `POST ${prefix}/rest/servicedeskapi/customer`,
        `GET ${prefix}/rest/api/3/user/search`,
        `POST ${prefix}${CUSTOMERS_PATH('2')}`,
      ]);
      expect(urlOf(fake.requests[before + 1]).searchParams.get('query')).toBe(inputs.email);
      const execution = await admin.get(`/api/executions/${second.body.executionId}`).expect(200);
      expect(execution.body.upstream.map((c: { status: number }) => c.status)).toEqual([
        400, 200, 204,
      ]);

      const members = await success('jsm.get_service_desk_customers', {
        serviceDeskId: '2',
        query: inputs.email,
      });
      expect(pageIds(members)).toEqual([first.accountId]);
    });

    it('finds an existing Jira account by its exact e-mail address', async () => {
      const outputs = await success('jsm.provision_customer', {
        email: 'USER1@example.com',
        displayName: 'User 1',
        serviceDeskId: '2',
      });
      expect(outputs).toEqual({
        accountId: expect.any(String),
        created: false,
        serviceDeskId: '2',
      });
      const members = await success('jsm.get_service_desk_customers', {
        serviceDeskId: '2',
        query: 'user1@',
      });
      expect(members.items).toEqual([
        expect.objectContaining({
          accountId: outputs.accountId,
          emailAddress: 'user1@example.com',
        }),
      ]);
    });

    it('carries a 400 it cannot resolve (a new address that Atlassian still refuses)', async () => {
      fake.injectFaults({
        kind: 'status',
        status: 400,
        path: /servicedeskapi\/customer$/,
        body: { errorMessages: ['Email address is invalid'], errors: {} },
      });
      const response = await execute('jsm.provision_customer', {
        email: `${unique('nobody')}@example.net`,
        displayName: 'Nobody',
        serviceDeskId: '1',
      }).expect(502);
      expect(response.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 400,
          message: expect.stringContaining('Email address is invalid'),
        }),
      );
    });

    it('needs the scopes of all three operations on an OAuth connection', async () => {
      const oauth = await connectedAlias(admin, fake.url, cloudId, {
        credential: { clientId: 'app', clientSecret: 'secret' },
        connection: { scopes: ['manage:servicedesk-customer', 'offline_access'] },
      });
      const response = await execute(
        'jsm.provision_customer',
        { email: 'x@example.net', displayName: 'X', serviceDeskId: '1' },
        oauth.aliasName,
      ).expect(409);
      expect(response.body.missingScopes).toEqual(['read:jira-user']);
    });
  });

  // Last: the examples change the fake's state (they add and remove customers of desk 1).
  it("runs every JSM action's published example against the seeded fake", async () => {
    for (const action of JSM_ACTIONS) {
      const detail = await admin.get(`/api/actions/${action.name}`).expect(200);
      expect(detail.body.example).toEqual(action.example);
      await success(action.name, action.example);
    }
  });
});
