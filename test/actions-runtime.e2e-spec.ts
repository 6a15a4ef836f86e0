import { RateLimitGate } from '../src/actions/runtime/rate-limit-gate';
import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { Api, connectedAlias } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const TOKEN = 'runtime-bearer-token';

describe('Action execution runtime', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let designer: Api;
  let cloudId: string;
  let aliasName: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded({ users: 10, customers: 10 })).start();
    cloudId = fake.addSite('runtime.atlassian.net');
    fake.addAccount({ bearer: TOKEN }, { displayName: 'Runtime Bot' });
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    admin = new Api(hub.http, hub.adminToken);
    designer = new Api(hub.http, await hub.tokenFor('designer'));
    ({ aliasName } = await connectedAlias(admin, fake.url, cloudId, {
      token: TOKEN,
      connection: { maxRetries: 3, maxRetryWaitSeconds: 10 },
    }));
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await hub.close();
    await fake.stop();
  });

  const execute = (
    api: Api,
    inputs: Record<string, unknown>,
    alias = aliasName,
    action = 'jsm.create_customer',
  ) => api.post(`/api/actions/${action}/execute`, { alias, inputs });
  let n = 0;
  const newCustomer = () => ({ email: `new${n++}@example.net`, displayName: `New ${n}` });

  it('lists the catalog and shows an action with its JSON Schemas', async () => {
    const list = await designer.get('/api/actions').expect(200);
    expect(list.body.map((a: { name: string }) => a.name)).toContain('jsm.create_customer');
    const detail = await designer.get('/api/actions/jsm.create_customer').expect(200);
    expect(detail.body).toEqual(
      expect.objectContaining({
        spoke: 'jsm',
        scopes: expect.objectContaining({ classic: ['manage:servicedesk-customer'] }),
        inputSchema: expect.objectContaining({ required: ['email', 'displayName'] }),
        outputSchema: expect.objectContaining({ type: 'object' }),
      }),
    );
    await designer.get('/api/actions/jsm.no_such_action').expect(404);
  });

  it('runs an action for a designer and records the execution', async () => {
    const inputs = newCustomer();
    const response = await execute(designer, inputs).expect(200);
    expect(response.body).toEqual({
      status: 'success',
      executionId: expect.any(String),
      outputs: expect.objectContaining({
        emailAddress: inputs.email,
        accountId: expect.any(String),
      }),
    });
    const call = fake.requestsTo('/rest/servicedeskapi/customer').at(-1)!;
    expect(call.path).toBe(`/ex/jira/${cloudId}/rest/servicedeskapi/customer`);
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(call.body)).toEqual({ email: inputs.email, displayName: inputs.displayName });

    const execution = await designer
      .get(`/api/executions/${response.body.executionId}`)
      .expect(200);
    expect(execution.body).toEqual(
      expect.objectContaining({
        action: 'jsm.create_customer',
        alias: aliasName,
        status: 'success',
        inputs,
        upstream: [expect.objectContaining({ method: 'POST', status: 201, attempt: 1 })],
      }),
    );
    expect(JSON.stringify(execution.body)).not.toContain(TOKEN);
  });

  it('names every bad input field (400) and refuses unknown ones', async () => {
    const response = await execute(admin, { email: 'not-an-email', colour: 'red' }).expect(400);
    expect(
      response.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]),
    ).toEqual(
      expect.arrayContaining([
        ['inputs.email', 'format'],
        ['inputs.displayName', 'required'],
        ['inputs.colour', 'unknownField'],
      ]),
    );
  });

  it('answers 404 for an unknown action or alias, and 400 for an alias of another spoke', async () => {
    await execute(admin, newCustomer(), aliasName, 'jsm.nope').expect(404);
    const unknownAlias = await execute(admin, newCustomer(), 'No_Such_Alias').expect(404);
    expect(unknownAlias.body.message).toBe('alias "No_Such_Alias" not found');
    const jiraAlias = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
    });
    const wrongSpoke = await execute(admin, newCustomer(), jiraAlias.aliasName).expect(400);
    expect(wrongSpoke.body.message).toMatch(/needs a jsm alias/);
  });

  it("carries Atlassian's error over in a 502 with the execution id", async () => {
    const inputs = newCustomer();
    await execute(admin, inputs).expect(200);
    const response = await execute(admin, inputs).expect(502);
    expect(response.body).toEqual({
      status: 'error',
      executionId: expect.any(String),
      error: {
        httpStatus: 400,
        message: expect.stringContaining('An account already exists for this email'),
        details: expect.objectContaining({
          errorMessages: ['An account already exists for this email'],
        }),
      },
    });
    const listed = await admin.get(`/api/executions?status=error&alias=${aliasName}`).expect(200);
    expect(listed.body.items.map((e: { id: string }) => e.id)).toContain(response.body.executionId);
  });

  // How long the hub waits is checked with a fake clock in upstream-client.spec.ts.
  it('waits for Retry-After on a 429 and then succeeds', async () => {
    fake.injectFaults({ kind: 'status', status: 429, retryAfter: '1', path: /customer$/ });
    const response = await execute(admin, newCustomer()).expect(200);
    const execution = await admin.get(`/api/executions/${response.body.executionId}`).expect(200);
    expect(execution.body.upstream.map((c: { status: number }) => c.status)).toEqual([429, 201]);
  });

  // Of the catalog's inputs, only create_request's requestFieldValues (any field of the request
  // type) can hold a secret-named field: the one way a secret input can reach the history.
  it('masks secret-named fields in the recorded inputs and error details, yet sends Atlassian the value', async () => {
    fake.injectFaults({
      kind: 'status',
      status: 400,
      path: /servicedeskapi\/request$/,
      body: { errorMessages: ['Invalid request'], errors: { token: 'sk-echoed-by-upstream' } },
    });
    const inputs = {
      serviceDeskId: '1',
      requestTypeId: '1',
      requestFieldValues: { summary: 'Door code for the new office', doorPassword: 'sk-typed-in' },
      // No request type has such a field: sent unchecked, as a flow may.
      checkFields: false,
    };

    const failed = await execute(admin, inputs, aliasName, 'jsm.create_request').expect(502);
    const execution = await admin.get(`/api/executions/${failed.body.executionId}`).expect(200);

    expect(execution.body.inputs).toEqual({
      ...inputs,
      requestFieldValues: { summary: 'Door code for the new office', doorPassword: '[redacted]' },
    });
    expect(execution.body.error.details).toEqual({
      errorMessages: ['Invalid request'],
      errors: { token: '[redacted]' },
    });
    expect(JSON.stringify(execution.body)).not.toContain('sk-typed-in');
    const sent = fake.requestsTo('/rest/servicedeskapi/request').at(-1)!;
    expect(JSON.parse(sent.body).requestFieldValues.doorPassword).toBe('sk-typed-in');
  });

  it('does not repeat a POST after a 500 (it may have been applied), but explains the failure', async () => {
    fake.injectFaults({ kind: 'status', status: 500, path: /customer$/ });
    const before = fake.requestsTo('/rest/servicedeskapi/customer').length;
    const response = await execute(admin, newCustomer()).expect(502);
    expect(response.body.error.httpStatus).toBe(500);
    expect(fake.requestsTo('/rest/servicedeskapi/customer').length - before).toBe(1);
  });

  it('answers a 502 with details null when the error body is not JSON (a proxy page, nothing)', async () => {
    fake.injectFaults(
      {
        kind: 'status',
        status: 502,
        path: /customer$/,
        raw: {
          contentType: 'text/html; charset=utf-8',
          text: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
        },
      },
      {
        kind: 'status',
        status: 500,
        path: /customer$/,
        raw: { contentType: 'text/plain', text: '' },
      },
    );

    const proxyPage = await execute(admin, newCustomer()).expect(502);
    const empty = await execute(admin, newCustomer()).expect(502);

    expect(proxyPage.body).toEqual({
      status: 'error',
      executionId: expect.any(String),
      error: {
        httpStatus: 502,
        message: expect.stringContaining('Atlassian answered 502 to POST'),
        details: null,
      },
    });
    expect(empty.body.error).toEqual({
      httpStatus: 500,
      message: expect.stringContaining('Atlassian answered 500 to POST'),
      details: null,
    });
    const recorded = await admin.get(`/api/executions/${proxyPage.body.executionId}`).expect(200);
    expect(recorded.body.error).toEqual(proxyPage.body.error);
  });

  it('answers a 403 with the scopes the action needs, and a 401 with what to replace', async () => {
    fake.injectFaults(
      { kind: 'status', status: 403, path: /customer$/ },
      { kind: 'status', status: 401, path: /customer$/ },
    );

    const forbidden = await execute(admin, newCustomer()).expect(502);
    const refused = await execute(admin, newCustomer()).expect(502);

    expect(forbidden.body.error.httpStatus).toBe(403);
    expect(forbidden.body.error.message).toContain(
      'jsm.create_customer needs the scopes manage:servicedesk-customer',
    );
    expect(refused.body.error.httpStatus).toBe(401);
    expect(refused.body.error.message).toContain(
      'the API token or access token is wrong, expired or revoked',
    );
  });

  it('masks a token Atlassian echoes in an error, in the answer and in the history', async () => {
    fake.injectFaults(
      {
        kind: 'status',
        status: 400,
        path: /customer$/,
        raw: { contentType: 'text/plain', text: `received Authorization: Bearer ${TOKEN}` },
      },
      {
        kind: 'status',
        status: 400,
        path: /customer$/,
        body: { errorMessages: [`Bad header: Bearer ${TOKEN}`], errors: {} },
      },
    );

    for (const shape of ['text', 'json']) {
      const answer = await execute(admin, newCustomer()).expect(502);
      const recorded = await admin.get(`/api/executions/${answer.body.executionId}`).expect(200);
      for (const text of [JSON.stringify(answer.body), JSON.stringify(recorded.body)]) {
        expect({ shape, leaked: text.includes(TOKEN) }).toEqual({ shape, leaked: false });
        expect(text).toContain('Bearer [redacted]');
      }
    }
  });

  it('describes the 502 answer, details included, in the OpenAPI description', async () => {
    const { body: document } = await admin.get('/api/docs-json').expect(200);
    const responses = document.paths['/api/actions/{name}/execute'].post.responses;
    expect(responses['502'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ActionFailureDto',
    });
    const failure = document.components.schemas.UpstreamFailureDto;
    expect(failure.required).toEqual(expect.arrayContaining(['httpStatus', 'message', 'details']));
    expect(failure.properties.details).toEqual(expect.objectContaining({ nullable: true }));
  });

  it('answers a 502 whose details name the network error when Atlassian was not reached', async () => {
    fake.injectFaults({ kind: 'drop', path: /customer$/ });
    const response = await execute(admin, newCustomer()).expect(502);
    expect(response.body.error).toEqual({
      httpStatus: null,
      message: expect.stringContaining('Could not reach Atlassian for POST'),
      details: { code: 'ECONNRESET' },
    });
  });

  it('retries a safe GET after a 500 and a dropped connection', async () => {
    fake.injectFaults(
      { kind: 'status', status: 503, path: /myself$/ },
      { kind: 'drop', path: /myself$/ },
    );
    const jira = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
    });
    const response = await execute(admin, {}, jira.aliasName, 'jira.get_myself').expect(200);
    expect(response.body.outputs.displayName).toBe('Runtime Bot');
    const execution = await admin.get(`/api/executions/${response.body.executionId}`).expect(200);
    expect(execution.body.upstream.map((c: { status: number | null }) => c.status)).toEqual([
      503,
      null,
      200,
    ]);
  });

  it('gives up on an answer slower than the connection timeout, retrying only a GET', async () => {
    const impatient = await connectedAlias(admin, fake.url, cloudId, {
      token: TOKEN,
      connection: { maxRetries: 1, timeoutMs: 1000 },
    });
    const jira = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
      connection: { maxRetries: 1, timeoutMs: 1000 },
    });
    // Thirty times the timeout: only a hub that stopped waiting can answer before it.
    fake.injectFaults({ kind: 'slow', delayMs: 30_000, path: /myself$/ });
    const retried = await execute(admin, {}, jira.aliasName, 'jira.get_myself').expect(200);
    const execution = await admin.get(`/api/executions/${retried.body.executionId}`).expect(200);
    expect(execution.body.upstream).toEqual([
      expect.objectContaining({ status: null, error: 'ECONNABORTED', attempt: 1 }),
      expect.objectContaining({ status: 200, attempt: 2 }),
    ]);

    fake.injectFaults({ kind: 'slow', delayMs: 30_000, path: /customer$/ });
    const failed = await execute(admin, newCustomer(), impatient.aliasName).expect(502);
    expect(failed.body.error).toEqual(
      expect.objectContaining({
        httpStatus: null,
        message: expect.stringMatching(/no answer within the connection timeout/),
      }),
    );
  });

  it('never waits longer than the retry policy allows', async () => {
    const strict = await connectedAlias(admin, fake.url, cloudId, {
      token: TOKEN,
      connection: { maxRetries: 5, maxRetryWaitSeconds: 2 },
    });
    fake.injectFaults({ kind: 'status', status: 429, retryAfter: '30', path: /customer$/ });
    const before = fake.requestsTo('/rest/servicedeskapi/customer').length;
    const response = await execute(admin, newCustomer(), strict.aliasName).expect(502);
    // Waiting 30 s would break its 2 s budget: it gives up at once instead of sending again.
    expect(fake.requestsTo('/rest/servicedeskapi/customer').length - before).toBe(1);
    expect(response.body.error).toEqual(
      expect.objectContaining({ httpStatus: 429, message: expect.stringMatching(/rate limiting/) }),
    );
  });

  it('makes every execution on a connection wait after a 429, not only the one that got it', async () => {
    const shared = await connectedAlias(admin, fake.url, cloudId, {
      token: TOKEN,
      connection: { maxRetries: 2, maxRetryWaitSeconds: 10 },
    });
    // Atlassian refuses every request until the second it names has passed.
    fake.rateLimit(1, /customer$/);
    // supertest sends on then(), so start each request explicitly.
    const first = execute(admin, newCustomer(), shared.aliasName).then((r) => r);
    const gate = hub.app.get(RateLimitGate);
    const anyRequest = {
      connectionId: shared.connectionId,
      site: '',
      app: '',
      method: 'GET',
      endpoint: '',
    };
    while (!gate.heldBy(anyRequest)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    // Started while the connection is told to wait: they send only once it may, so none of them
    // meets a 429 of its own.
    const others = [1, 2, 3].map(() =>
      execute(admin, newCustomer(), shared.aliasName).then((r) => r),
    );
    const answers = await Promise.all([first, ...others]);

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const upstream = await Promise.all(
      answers.map(async (answer) => {
        const execution = await admin.get(`/api/executions/${answer.body.executionId}`).expect(200);
        const { upstream: calls } = execution.body as { upstream: Array<{ status: number }> };
        return calls.map((call) => call.status);
      }),
    );
    expect(upstream).toEqual([[429, 201], [201], [201], [201]]);
  });

  it('fails fast, before calling, when an OAuth connection lacks the action scopes', async () => {
    const before = fake.requests.length;
    const oauth = await connectedAlias(admin, fake.url, cloudId, {
      credential: { clientId: 'app', clientSecret: 'secret' },
      connection: { scopes: ['read:jira-user', 'offline_access'] },
    });
    const response = await execute(admin, newCustomer(), oauth.aliasName).expect(409);
    expect(response.body).toEqual(
      expect.objectContaining({
        error: 'missing_scopes',
        missingScopes: ['manage:servicedesk-customer'],
        executionId: expect.any(String),
      }),
    );
    expect(fake.requests.length).toBe(before);
  });

  it('filters and pages the execution history', async () => {
    const page = await admin
      .get(`/api/executions?action=jsm.create_customer&limit=2&offset=0`)
      .expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    expect(
      page.body.items.every((e: { action: string }) => e.action === 'jsm.create_customer'),
    ).toBe(true);
    const future = await admin
      .get(`/api/executions?from=${new Date(Date.now() + 60_000).toISOString()}`)
      .expect(200);
    expect(future.body.items).toEqual([]);
    const bad = await admin.get('/api/executions?status=maybe&limit=1000').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'limit',
      'status',
    ]);
  });
});
