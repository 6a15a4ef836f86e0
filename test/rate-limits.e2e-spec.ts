import { RateLimitGate } from '../src/actions/runtime/rate-limit-gate';
import { Api, connectedAlias } from './factories/records';
import { FakeGrantedSite } from './fake-atlassian/fake-atlassian.server';
import {
  consent,
  oauthConnection,
  OAuthWorld,
  PUBLIC_URL,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';
import { TestHub } from './support/test-hub';

const BEARER = 'rate-limits-bearer-token';
const HOUR_MS = 60 * 60 * 1000;

interface ExecutionAnswer {
  status: string;
  executionId: string;
  error?: { httpStatus: number | null; message: string; details: Record<string, unknown> | null };
}

describe('Rate limits by reason: each holds back exactly its scope', () => {
  let world: OAuthWorld;
  let hub: TestHub;
  let admin: Api;

  beforeAll(async () => {
    world = await startOAuthWorld();
    world.fake.addAccount({ bearer: BEARER }, { displayName: 'Limits Bot' });
    hub = await startOAuthHub(world);
    admin = new Api(hub.http, hub.adminToken);
  });
  afterEach(() => world.fake.clearFaults());
  afterAll(async () => {
    await hub.close();
    await world.stop();
  });

  /** A bearer connection that gives up on any wait longer than 5 s, so a hold shows at once. */
  const bearerSite = (site: FakeGrantedSite = world.sites.acme) =>
    connectedAlias(admin, world.fake.url, site.id, {
      parentAlias: 'Jira',
      token: BEARER,
      connection: { maxRetries: 2, maxRetryWaitSeconds: 5 },
    });
  const run = async (action: string, aliasName: string, inputs: Record<string, unknown> = {}) => {
    const response = await admin.post(`/api/actions/${action}/execute`, {
      alias: aliasName,
      inputs,
    });
    return { status: response.status, body: response.body as ExecutionAnswer };
  };
  const sentTo = (suffix: string) => world.fake.requestsTo(suffix).length;
  const limitHeaders = (reason: string, resetInMs = 30_000) => ({
    'RateLimit-Reason': reason,
    'X-RateLimit-Limit': '100',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': new Date(Date.now() + resetInMs).toISOString(),
  });

  it('a per-issue write limit holds back writes to that issue, nothing else', async () => {
    const { aliasName } = await bearerSite();
    const other = await bearerSite();
    world.fake.rateLimit(30, /\/issue\/HSP-1$/, {
      reason: 'jira-per-issue-on-write',
      method: 'PUT',
    });

    const limited = await run('jira.update_issue', aliasName, {
      issueIdOrKey: 'HSP-1',
      summary: 'Edited',
    });
    expect(limited.status).toBe(502);
    expect(limited.body.error).toMatchObject({
      httpStatus: 429,
      message: expect.stringContaining('writes to issue HSP-1 (jira-per-issue-on-write)'),
      details: {
        rateLimit: {
          reason: 'jira-per-issue-on-write',
          scope: 'issue',
          issue: 'HSP-1',
          retryAfterSeconds: expect.any(Number),
          resetAt: expect.any(String),
        },
      },
    });

    // Held back: another write to HSP-1, on this connection or another to the same site, is not sent.
    const before = sentTo('/issue/HSP-1');
    for (const alias of [aliasName, other.aliasName]) {
      const held = await run('jira.update_issue', alias, {
        issueIdOrKey: 'HSP-1',
        summary: 'Edited',
      });
      expect(held.status).toBe(502);
      expect(held.body.error!.details).toMatchObject({ rateLimit: { scope: 'issue' } });
    }
    expect(sentTo('/issue/HSP-1')).toBe(before);
    // Not held back: another issue, and a read of the same one.
    expect(
      (await run('jira.update_issue', aliasName, { issueIdOrKey: 'HSP-2', summary: 'Edited' }))
        .status,
    ).toBe(200);
    expect((await run('jira.get_issue', aliasName, { issueIdOrKey: 'HSP-1' })).status).toBe(200);

    // The execution history says which limit stopped it.
    const history = await admin.get(`/api/executions/${limited.body.executionId}`).expect(200);
    expect(history.body.error.details.rateLimit).toMatchObject({
      reason: 'jira-per-issue-on-write',
      scope: 'issue',
      issue: 'HSP-1',
    });
    expect(history.body.upstream).toEqual([
      expect.objectContaining({ status: 429, rateLimitReason: 'jira-per-issue-on-write' }),
    ]);
  });

  it('a burst limit holds back that endpoint and method on the connection, nothing else', async () => {
    const { aliasName } = await bearerSite();
    const other = await bearerSite();
    world.fake.injectFaults({
      kind: 'status',
      status: 429,
      retryAfter: '30',
      headers: limitHeaders('jira-burst-based'),
      path: /\/issue\/HSP-3$/,
    });

    const limited = await run('jira.get_issue', aliasName, { issueIdOrKey: 'HSP-3' });
    expect(limited.status).toBe(502);
    expect(limited.body.error!.details).toMatchObject({
      rateLimit: {
        reason: 'jira-burst-based',
        scope: 'endpoint',
        endpoint: 'GET /rest/api/3/issue/{issueIdOrKey}',
      },
    });

    // The same operation on another issue is the same endpoint: held back, not sent.
    const before = sentTo('/issue/HSP-4');
    const held = await run('jira.get_issue', aliasName, { issueIdOrKey: 'HSP-4' });
    expect(held.status).toBe(502);
    expect(held.body.error!.message).toContain(
      'GET /rest/api/3/issue/{issueIdOrKey} on this connection (jira-burst-based)',
    );
    expect(sentTo('/issue/HSP-4')).toBe(before);
    // Another endpoint, another method on the same path, another connection: all go through.
    expect((await run('jira.get_myself', aliasName)).status).toBe(200);
    expect(
      (await run('jira.update_issue', aliasName, { issueIdOrKey: 'HSP-4', summary: 'Edited' }))
        .status,
    ).toBe(200);
    expect((await run('jira.get_issue', other.aliasName, { issueIdOrKey: 'HSP-4' })).status).toBe(
      200,
    );
  });

  describe('quota limits, by OAuth app', () => {
    /** An OAuth connection of `client` to `site`, with its token. */
    const oauthSite = async (
      client: { clientId: string; clientSecret: string },
      site: FakeGrantedSite,
    ) => {
      const saved = world.client;
      world.client = client;
      try {
        const made = await oauthConnection(admin, world, site.id);
        const { page } = await consent(hub, admin, world, made.connectionId, { sites: [site] });
        expect(page.status).toBe(200);
        return made;
      } finally {
        world.client = saved;
      }
    };
    const newApp = () => world.authServer.addClient(`${PUBLIC_URL}/oauth/callback`);

    it('a global quota holds back every connection of the OAuth app, on every site, until its reset', async () => {
      const app = newApp();
      const first = await oauthSite(app, world.sites.acme);
      const sameApp = await oauthSite(app, world.sites.acme);
      const sameAppElsewhere = await oauthSite(app, world.sites.beta);
      const otherApp = await oauthSite(newApp(), world.sites.acme);
      world.fake.injectFaults({
        kind: 'status',
        status: 429,
        retryAfter: '3600',
        headers: limitHeaders('jira-quota-global-based', HOUR_MS),
        path: /\/myself$/,
      });

      const limited = await run('jira.get_myself', first.aliasName);
      expect(limited.status).toBe(502);
      expect(limited.body.error).toMatchObject({
        httpStatus: 429,
        message: expect.stringContaining(
          "this OAuth app's requests on every site (jira-quota-global-based)",
        ),
        details: {
          rateLimit: {
            reason: 'jira-quota-global-based',
            scope: 'app',
            resetAt: expect.any(String),
          },
        },
      });
      const before = sentTo('/myself');
      for (const held of [first, sameApp, sameAppElsewhere]) {
        const answer = await run('jira.get_myself', held.aliasName);
        expect(answer.status).toBe(502);
        expect(answer.body.error!.details).toMatchObject({
          rateLimit: { reason: 'jira-quota-global-based', scope: 'app' },
        });
      }
      expect(sentTo('/myself')).toBe(before);
      expect((await run('jira.get_myself', otherApp.aliasName)).status).toBe(200);
      expect(sentTo('/myself')).toBe(before + 1);
    });

    it('a tenant quota holds back the OAuth app on that site only', async () => {
      const app = newApp();
      const first = await oauthSite(app, world.sites.acme);
      const sameSite = await oauthSite(app, world.sites.acme);
      const otherSite = await oauthSite(app, world.sites.beta);
      world.fake.injectFaults({
        kind: 'status',
        status: 429,
        retryAfter: '600',
        headers: limitHeaders('jira-quota-tenant-based', 10 * 60_000),
        path: /\/myself$/,
      });

      expect((await run('jira.get_myself', first.aliasName)).body.error!.details).toMatchObject({
        rateLimit: { reason: 'jira-quota-tenant-based', scope: 'app-site' },
      });
      const before = sentTo('/myself');
      expect((await run('jira.get_myself', sameSite.aliasName)).status).toBe(502);
      expect(sentTo('/myself')).toBe(before);
      expect((await run('jira.get_myself', otherSite.aliasName)).status).toBe(200);
    });
  });

  it('paces a connection whose answers say it is near its limit, before any 429', async () => {
    const paced = await bearerSite();
    const calm = await bearerSite();
    const gate = hub.app.get(RateLimitGate);
    world.fake.sendWithEveryAnswer({ 'X-RateLimit-NearLimit': 'true' });
    const first = sentTo('/myself');
    expect((await run('jira.get_myself', paced.aliasName)).status).toBe(200);
    const nearLimitAnsweredAfter = world.fake.requestsTo('/myself')[first].receivedAt;
    expect(gate.isPaced(paced.connectionId)).toBe(true);
    expect(gate.isPaced(calm.connectionId)).toBe(false);

    const answers = await Promise.all([1, 2, 3].map(() => run('jira.get_myself', paced.aliasName)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const arrivals = world.fake
      .requestsTo('/myself')
      .slice(first + 1)
      .map((request) => request.receivedAt)
      .sort((a, b) => a - b);
    // Each took its own turn, 250 ms after the one before, counted from the near-limit answer
    // (timers never fire early; 1 ms for the clock's rounding).
    expect(arrivals).toHaveLength(3);
    arrivals.forEach((arrival, k) =>
      expect(arrival - nearLimitAnsweredAfter).toBeGreaterThanOrEqual((k + 1) * 250 - 1),
    );

    // An answer that says the pressure is over ends the pacing.
    world.fake.sendWithEveryAnswer({ 'X-RateLimit-NearLimit': 'false' });
    expect((await run('jira.get_myself', paced.aliasName)).status).toBe(200);
    expect(gate.isPaced(paced.connectionId)).toBe(false);
  });

  it('waits out the Retry-After of a 503 before trying a GET again', async () => {
    const { aliasName } = await bearerSite();
    world.fake.injectFaults({ kind: 'status', status: 503, retryAfter: '1', path: /\/myself$/ });
    const before = sentTo('/myself');

    const answer = await run('jira.get_myself', aliasName);

    expect(answer.status).toBe(200);
    const [refused, retried] = world.fake.requestsTo('/myself').slice(before);
    expect(retried.receivedAt - refused.receivedAt).toBeGreaterThanOrEqual(999);
    const history = await admin.get(`/api/executions/${answer.body.executionId}`).expect(200);
    expect(history.body.upstream.map((call: { status: number }) => call.status)).toEqual([
      503, 200,
    ]);
  });
});
