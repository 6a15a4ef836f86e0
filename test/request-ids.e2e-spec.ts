import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { Api, connectedAlias } from './factories/records';
import { createAndSignIn } from './support/console-session';
import { startTestHub, TestHub } from './support/test-hub';

const TOKEN = 'request-id-bearer-token';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type LogEntry = Record<string, unknown> & { msg?: string; requestId?: string };

describe('Request ids', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let aliasName: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded({ users: 2, customers: 2 })).start();
    const cloudId = fake.addSite('request-ids.atlassian.net');
    fake.addAccount({ bearer: TOKEN }, { displayName: 'Request Id Bot' });
    hub = await startTestHub({
      env: {
        ATLASSIAN_API_URL: fake.url,
        // Nothing listens on port 1: a site lookup fails, and the hub logs why.
        ATLASSIAN_SITE_DISCOVERY_URL: 'http://127.0.0.1:1/{site}/_edge/tenant_info',
      },
    });
    admin = new Api(hub.http, hub.adminToken);
    ({ aliasName } = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
    }));
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.stop();
  });

  const entries = (): LogEntry[] => hub.logLines.map((line) => JSON.parse(line) as LogEntry);
  const linesOf = (requestId: string) => entries().filter((e) => e.requestId === requestId);
  const execute = () =>
    admin.post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} });

  it('gives each request a new UUID in X-Request-Id and on its log line', async () => {
    const first = await admin.get('/api/aliases').expect(200);
    const second = await admin.get('/api/aliases').expect(200);

    const ids = [first, second].map((response) => response.headers['x-request-id']);
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
    expect(linesOf(ids[0])).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: expect.stringMatching(/^GET \/api\/aliases 200 \d+ms$/),
        method: 'GET',
        path: '/api/aliases',
        status: 200,
        durationMs: expect.any(Number),
        caller: 'HUB_ADMIN_TOKEN',
      }),
    ]);
  });

  it('keeps a well-formed incoming X-Request-Id and replaces any other', async () => {
    const kept = await admin.get('/api/aliases').set('X-Request-Id', 'proxy-7f3a.42_b:1');
    expect(kept.headers['x-request-id']).toBe('proxy-7f3a.42_b:1');
    expect(linesOf('proxy-7f3a.42_b:1')).toHaveLength(1);

    for (const sent of ['a'.repeat(65), 'has space', 'line\tbreak', '"quoted"', 'ü-umlaut']) {
      const replaced = await admin.get('/api/aliases').set('X-Request-Id', sent).expect(200);
      expect(replaced.headers['x-request-id']).toMatch(UUID);
      expect(hub.logLines.join('\n')).not.toContain(sent);
    }
  });

  it('answers with X-Request-Id on every kind of answer, even before any route', async () => {
    for (const response of [
      await hub.http.get('/api/health'),
      await hub.http.get('/api/aliases'),
      await hub.http.get('/api/docs-json'),
      await hub.http.get('/no/such/page'),
      await hub.http.get('/sign-in'),
    ]) {
      expect(response.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('stores the request id on the execution, shows it in the API and filters by it', async () => {
    const response = await execute().set('X-Request-Id', 'flow-run-1001').expect(200);
    const { executionId } = response.body as { executionId: string };

    const detail = await admin.get(`/api/executions/${executionId}`).expect(200);
    expect(detail.body).toMatchObject({ id: executionId, requestId: 'flow-run-1001' });
    const listed = await admin.get('/api/executions?requestId=flow-run-1001').expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: executionId, requestId: 'flow-run-1001' }),
    ]);
    const other = await execute().expect(200);
    const otherDetail = await admin.get(`/api/executions/${other.body.executionId}`).expect(200);
    expect(otherDetail.body.requestId).toBe(other.headers['x-request-id']);
    const bad = await admin.get('/api/executions?requestId=has%20space').expect(400);
    expect(JSON.stringify(bad.body)).toContain('requestId must be 1 to 64 letters');
  });

  it('stores the request id of an action run from the console and shows it there', async () => {
    const session = await createAndSignIn(hub.http, hub.adminToken, {
      username: 'rid-admin',
      password: 'request id password',
      role: 'admin',
    });
    const run = await hub.http
      .post('/actions/jira.get_myself/run')
      .set('Cookie', session.cookie)
      .set('X-Request-Id', 'console-run-77')
      .type('form')
      .send({ _csrf: session.csrf, alias: aliasName })
      .expect(200);
    expect(run.headers['x-request-id']).toBe('console-run-77');

    const listed = await admin.get('/api/executions?requestId=console-run-77').expect(200);
    expect(listed.body.items).toHaveLength(1);
    const page = await hub.http
      .get(`/executions/${listed.body.items[0].id}`)
      .set('Cookie', session.cookie)
      .expect(200);
    expect(page.text).toContain('<code class="small">console-run-77</code>');
  });

  it('writes the request id on every line a request logs, not only its request line', async () => {
    const response = await admin
      .post('/api/connections/discover', { site: 'nowhere.atlassian.net' })
      .expect(502);
    const requestId = response.headers['x-request-id'];

    const lines = linesOf(requestId);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'Errors',
        msg: expect.stringContaining('Could not reach nowhere.atlassian.net'),
      }),
      expect.objectContaining({ level: 'info', path: '/api/connections/discover', status: 502 }),
    ]);
    // Nothing else was logged while it ran (the lookup is the only thing that failed).
    const others = entries().filter(
      (entry) => entry.requestId === undefined && String(entry.msg).includes('nowhere'),
    );
    expect(others).toEqual([]);
  });
});
