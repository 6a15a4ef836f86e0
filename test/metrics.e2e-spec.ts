import { randomBytes } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { OAuthKeepAliveService } from '../src/oauth/oauth-keep-alive.service';
import { Api, connectedAlias } from './factories/records';
import {
  consent,
  oauthConnection,
  OAuthWorld,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';
import { startTestHub, TestHub } from './support/test-hub';

const BEARER = 'metrics-bearer-token';
const METRICS_TOKEN = `scrape-${randomBytes(24).toString('hex')}`;
const DAY_MS = 24 * 60 * 60 * 1000;

/** One sample per line: `name{a="1",b="2"} value`, keyed by name and labels sorted by name. */
function samplesOf(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`Not a Prometheus sample line: ${line}`);
    const labels = [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, name, value]) => `${name}=${value}`)
      .sort();
    samples.set(`${match[1]}{${labels.join(',')}}`, Number(match[3]));
  }
  return samples;
}

/** The key of a sample in `samplesOf`'s map. */
function sample(name: string, labels: Record<string, string> = {}): string {
  const sorted = Object.entries(labels)
    .map(([label, value]) => `${label}=${value}`)
    .sort();
  return `${name}{${sorted.join(',')}}`;
}

describe('Prometheus metrics (GET /api/metrics)', () => {
  let world: OAuthWorld;
  let hub: TestHub;
  let admin: Api;
  let designer: Api;
  let aliasName: string;
  let connectionId: string;

  beforeAll(async () => {
    world = await startOAuthWorld();
    world.fake.addAccount({ bearer: BEARER }, { displayName: 'Metrics Bot' });
    // Long enough that a finished execution is still waiting to be written when scraped.
    hub = await startOAuthHub(world, {
      env: { HUB_METRICS_TOKEN: METRICS_TOKEN, HUB_EXECUTION_WRITE_DELAY_MS: '10000' },
    });
    admin = new Api(hub.http, hub.adminToken);
    designer = new Api(hub.http, await hub.tokenFor('designer'));
    ({ aliasName, connectionId } = await connectedAlias(
      admin,
      world.fake.url,
      world.sites.acme.id,
      { token: BEARER, connection: { maxRetries: 3, maxRetryWaitSeconds: 10 } },
    ));
  }, 60_000);
  afterEach(() => world.fake.clearFaults());
  afterAll(async () => {
    await hub?.close();
    await world?.stop();
  });

  const scrape = async (token = METRICS_TOKEN) => {
    const response = await hub.http
      .get('/api/metrics')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    // Prometheus's text format; Express puts its charset parameter first.
    expect(response.headers['content-type']).toMatch(/^text\/plain;/);
    expect(response.headers['content-type']).toContain('version=0.0.4');
    return samplesOf(response.text);
  };

  it('counts executions, times the calls to Atlassian and counts 429s and retries', async () => {
    world.fake.injectFaults({ kind: 'status', status: 429, retryAfter: '1', path: /customer$/ });
    await admin
      .post('/api/actions/jsm.create_customer/execute', {
        alias: aliasName,
        inputs: { email: 'metrics@example.net', displayName: 'Metrics' },
      })
      .expect(200);
    await admin
      .post('/api/actions/jira.get_myself/execute', { alias: 'No_Such_Alias', inputs: {} })
      .expect(404);

    const samples = await scrape();

    expect(samples.get(sample('hub_executions_total', { action: 'jsm.create_customer', spoke: 'jsm', status: 'success' }))).toBe(1); // prettier-ignore
    expect(samples.get(sample('hub_executions_total', { action: 'jira.get_myself', spoke: 'jira', status: 'error' }))).toBe(1); // prettier-ignore
    const post = { spoke: 'jsm', method: 'POST' };
    expect(samples.get(sample('hub_upstream_request_duration_seconds_count', { ...post, status_class: '4xx' }))).toBe(1); // prettier-ignore
    expect(samples.get(sample('hub_upstream_request_duration_seconds_count', { ...post, status_class: '2xx' }))).toBe(1); // prettier-ignore
    expect(samples.get(sample('hub_upstream_request_duration_seconds_bucket', { ...post, status_class: '2xx', le: '+Inf' }))).toBe(1); // prettier-ignore
    expect(samples.get(sample('hub_upstream_request_duration_seconds_bucket', { ...post, status_class: '2xx', le: '30' }))).toBe(1); // prettier-ignore
    expect(samples.get(sample('hub_upstream_request_duration_seconds_sum', { ...post, status_class: '2xx' }))).toBeGreaterThan(0); // prettier-ignore
    expect(samples.get(sample('hub_upstream_rate_limited_total', { connection: connectionId }))).toBe(1); // prettier-ignore
    expect(samples.get(sample('hub_upstream_retries_total', { connection: connectionId }))).toBe(1);
    // Node's own figures, from prom-client's default metrics.
    expect(samples.get(sample('process_cpu_user_seconds_total'))).toBeGreaterThan(0);
    expect(samples.get(sample('nodejs_heap_size_used_bytes'))).toBeGreaterThan(0);
  });

  it("reports the execution writer's queue depth: empty once executions are answered", async () => {
    // Answers wait for the commit of their execution (decision 46), so a scrape after the answers
    // finds nothing waiting; the gauge must be there and read the writer's count.
    await Promise.all(
      [1, 2, 3].map((n) =>
        admin
          .post('/api/actions/jsm.create_customer/execute', {
            alias: aliasName,
            inputs: { email: `queued-${n}@example.net`, displayName: `Queued ${n}` },
          })
          .expect(200),
      ),
    );
    expect((await scrape()).get(sample('hub_execution_write_queue_depth'))).toBe(0);
  });

  it('counts OAuth token refreshes by outcome', async () => {
    const oauth = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(hub, admin, world, oauth.connectionId)).page.status).toBe(200);
    const before = (await scrape()).get(sample('hub_oauth_token_refreshes_total', { outcome: 'refreshed' })) ?? 0; // prettier-ignore

    const result = await hub.app
      .get(OAuthKeepAliveService)
      .keepGrantsAlive(new Date(Date.now() + 31 * DAY_MS));

    expect(result.refreshed).toBeGreaterThanOrEqual(1);
    expect((await scrape()).get(sample('hub_oauth_token_refreshes_total', { outcome: 'refreshed' }))).toBe(before + result.refreshed); // prettier-ignore
  });

  it('answers an admin token or HUB_METRICS_TOKEN; refuses no token (401) and designers (403)', async () => {
    await hub.http.get('/api/metrics').expect(401);
    await hub.http.get('/api/metrics').set('Authorization', 'Bearer not-a-token').expect(401);
    const refused = await designer.get('/api/metrics').expect(403);
    expect(refused.body.message).toMatch(/admin role/);
    expect((await scrape(hub.adminToken)).has(sample('hub_execution_write_queue_depth'))).toBe(
      true,
    );
    expect((await scrape(METRICS_TOKEN)).has(sample('hub_execution_write_queue_depth'))).toBe(true);
  });

  it('refuses HUB_METRICS_TOKEN on every other route', async () => {
    const metricsOnly = new Api(hub.http, METRICS_TOKEN);
    for (const path of ['/api/aliases', '/api/executions', '/api/tokens', '/api/actions']) {
      const response = await metricsOnly.get(path).expect(403);
      expect(response.body.message).toBe('HUB_METRICS_TOKEN is accepted only by GET /api/metrics');
    }
    await metricsOnly.post('/api/tokens', { name: 'escalate', role: 'admin' }).expect(403);
    await metricsOnly.get('/api/docs-json').expect(401);
  });

  it('counts per hub: a second hub in the same process has its own registry', async () => {
    const second = await startTestHub({ database: hub.database });
    try {
      const response = await second.http
        .get('/api/metrics')
        .set('Authorization', `Bearer ${second.adminToken}`)
        .expect(200);
      const samples = samplesOf(response.text);
      expect([...samples.keys()].some((key) => key.startsWith('hub_executions_total'))).toBe(false);
      expect(samples.get(sample('hub_execution_write_queue_depth'))).toBe(0);
      // ...and the first hub's counts are untouched by the second's start.
      expect((await scrape()).get(sample('hub_upstream_retries_total', { connection: connectionId }))).toBe(1); // prettier-ignore
    } finally {
      await second.close({ keepDatabase: true });
    }
  });
});

describe('Scheduled jobs', () => {
  it('runs the keep-alive, pruning and rate-limit pull through @nestjs/schedule, stopped at shutdown', async () => {
    const hub = await startTestHub();
    const registry = hub.app.get(SchedulerRegistry);
    try {
      expect(registry.getIntervals().sort()).toEqual([
        'execution-pruning',
        'oauth-keep-alive',
        'shared-rate-limit-pull',
      ]);
    } finally {
      await hub.close();
    }
    expect(registry.getIntervals()).toEqual([]);
  });
});
