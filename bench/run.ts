import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import axios from 'axios';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { ActionsService } from '../src/actions/actions.service';
import { AliasResolverService } from '../src/aliases/alias-resolver.service';
import { AliasEntity } from '../src/aliases/alias.entity';
import { Spoke } from '../src/spokes/spoke';
import { createHubApp } from '../src/app.factory';
import { loadHubConfig } from '../src/config/hub-config';
import { UnitOfWork } from '../src/database/unit-of-work';
import { ExecutionsService } from '../src/executions/executions.service';
import { toStoredJson } from '../src/executions/stored-json';
import type { HubIdentity } from '../src/identity/hub-identity';
import { Role } from '../src/identity/role';
import { createHubLogger } from '../src/logging/hub-logger';
import { ResolutionCache } from '../src/resolution-cache/resolution-cache';
import { executionRow } from '../test/factories/executions';
import { Api, connectedAlias } from '../test/factories/records';
import { alternateSequential, closedLoop, mean, median, nowMs, percentile, round } from './measure';
import { historyFigures } from './history';
import { BareProxyProcess, FakeProcess, HubProcess } from './processes';

/**
 * `npm run bench`: the fake Atlassian in a child process; the hub in this process for the
 * in-process figures (1 and 4) and as `node dist/main.js` in another child process for the HTTP
 * figures (2, 3) and its peak RSS (5). SQLite in temporary directories, every request to
 * 127.0.0.1, every loop bounded in count and time. Prints the figures beside their targets and
 * writes bench/results.json. Measured, never asserted. What each figure means: docs/benchmark.md.
 */

const TOKEN = 'bench-bearer-token';
const USERS = 10_000;
const USER_SEARCH_PAGE = 1000;
const FEW_ALIASES = 10;
const MANY_ALIASES = 10_000;
const CONCURRENCY = 50;
const IDENTITY: HubIdentity = { kind: 'admin-token', id: 'bench', name: 'bench', role: Role.Admin };

/** The hub process, set up for the HTTP figures: an alias to the fake and a designer token. */
interface HubUnderTest {
  fake: FakeProcess;
  hub: HubProcess;
  aliasName: string;
  designerToken: string;
}

interface Row {
  figure: string;
  value: string;
  target: string;
  result: 'pass' | 'fail' | 'n/a';
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const load: { before: number; after?: number } = { before: loadavg()[0] };
  let fake: FakeProcess | undefined;
  let hub: HubProcess | undefined;
  try {
    log('starting the fake Atlassian (child process)');
    fake = await FakeProcess.start({
      BENCH_FAKE_USERS: String(USERS),
      BENCH_FAKE_BEARER: TOKEN,
    });

    log('1/5 jira.get_myself in process vs direct axios');
    await inProcessFigures(fake, join(directory, 'in-process'), rows, details);

    log('starting the hub (child process: node dist/main.js)');
    const adminToken = `bench-admin-${randomBytes(24).toString('hex')}`;
    hub = await HubProcess.start(
      {
        HUB_ADMIN_TOKEN: adminToken,
        HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        HUB_DATABASE_PATH: join(directory, 'hub-process', 'hub.sqlite'),
        HUB_LOG_LEVEL: 'warn',
        ATLASSIAN_API_URL: fake.url,
      },
      (process.env.BENCH_HUB_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    );
    const api = new Api(request(hub.url), adminToken);
    const { aliasName } = await connectedAlias(api, fake.url, fake.cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
    });
    // Flow designers call the hub with designer API tokens: each request is authenticated by one.
    const designerToken = (
      (await api.post('/api/tokens', { name: 'bench-designer', role: 'designer' }).expect(201))
        .body as { token: string }
    ).token;
    const rssAtStart = hub.rssMb();

    log(`2/5 POST /api/actions/jira.get_myself/execute at concurrency ${CONCURRENCY} vs direct`);
    const underTest: HubUnderTest = { fake, hub, aliasName, designerToken };
    await throughputFigure(underTest, rows, details);
    const afterThroughput = { rssMb: round(hub.rssMb(), 1), peakMb: round(hub.peakRssMb(), 1) };

    log('3/5 jira.search_users fetchAll over 10,000 users, through the hub process');
    await userSearchFigure(underTest, rows, details);

    log('5/5 peak RSS of the hub process');
    const peakMb = hub.peakRssMb();
    details.rss = {
      hubPid: hub.pid,
      peakMb: round(peakMb, 1),
      atStartMb: round(rssAtStart, 1),
      afterThroughput,
      afterUserSearchMb: round(hub.rssMb(), 1),
    };
    rows.push({
      figure: 'hub process peak RSS (VmHWM) after figures 2-3 (MB)',
      value: round(peakMb, 1).toString(),
      target: '< 200',
      result: peakMb < 200 ? 'pass' : 'fail',
    });

    log('history: GET /api/executions over 1,000,000 rows (bench/history.ts)');
    await historyFigures({ fake, directory, rows, details, log });

    load.after = loadavg()[0];
    printTable(rows);
    const file = resolve(__dirname, '../../bench/results.json');
    writeFileSync(
      file,
      JSON.stringify(
        {
          generatedAt: new Date().toISOString(),
          node: process.version,
          platform: `${process.platform} ${process.arch}`,
          cpu: cpus()[0]?.model,
          cores: cpus().length,
          loadAverage1m: load,
          database: 'sqlite',
          rows,
          details,
        },
        null,
        2,
      ) + '\n',
    );
    process.stdout.write(`\nWrote ${file}\n`);
  } finally {
    await hub?.stop();
    await fake?.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

interface InProcessHub {
  app: INestApplication;
  /** A child of the Jira alias with one active connection to the fake, signed in with TOKEN. */
  aliasName: string;
}

/** The hub inside this process (SQLite in `directory`), calling the fake in its own process. */
async function startInProcessHub(fake: FakeProcess, directory: string): Promise<InProcessHub> {
  const config = loadHubConfig({
    HUB_ADMIN_TOKEN: `bench-admin-${randomBytes(24).toString('hex')}`,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUB_DATABASE_PATH: join(directory, 'hub.sqlite'),
    HUB_LOG_LEVEL: 'warn',
    ATLASSIAN_API_URL: fake.url,
  });
  const app = await createHubApp(config, createHubLogger(config, { write: () => undefined }));
  await app.init();
  const api = new Api(request(app.getHttpServer() as Server), config.adminToken!);
  const { aliasName } = await connectedAlias(api, fake.url, fake.cloudId, {
    parentAlias: 'Jira',
    token: TOKEN,
  });
  return { app, aliasName };
}

/** Figures 1 and 4: the hub inside this process, the fake in its own. */
async function inProcessFigures(
  fake: FakeProcess,
  directory: string,
  rows: Row[],
  details: Record<string, unknown>,
): Promise<void> {
  const hubs: InProcessHub[] = [];
  try {
    const few = await startInProcessHub(fake, join(directory, 'few'));
    hubs.push(few);
    await latencyFigure(few.app, fake, few.aliasName, rows, details);
    fake.reset();
    log('4/5 alias resolution with 10 vs 10,000 aliases, from the database and from the cache');
    const many = await startInProcessHub(fake, join(directory, 'many'));
    hubs.push(many);
    await resolutionFigure(few, many, rows, details);
  } finally {
    for (const hub of hubs) await hub.app.close();
  }
}

/** Figure 1: one action executed in process vs the same request made directly with axios. */
async function latencyFigure(
  app: INestApplication,
  fake: FakeProcess,
  aliasName: string,
  rows: Row[],
  details: Record<string, unknown>,
): Promise<void> {
  const actions = app.get(ActionsService);
  const direct = axios.create({
    baseURL: `${fake.url}/ex/jira/${fake.cloudId}/`,
    headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' },
  });
  const viaHub = async () => {
    const result = await actions.executeAction('jira.get_myself', aliasName, {}, IDENTITY);
    if (result.status !== 'success') throw new Error(result.error.message);
  };
  const viaAxios = () => direct.get('rest/api/3/myself');
  await alternateSequential(viaHub, viaAxios, { count: 1000, batch: 50, maxMs: 15_000 });
  fake.reset();
  const latency = await alternateSequential(viaHub, viaAxios, {
    count: 4000,
    batch: 100,
    maxMs: 40_000,
  });
  fake.reset();
  const hubP50 = percentile(latency.a, 50);
  const directP50 = percentile(latency.b, 50);
  const hubP99 = percentile(latency.a, 99);
  const directP99 = percentile(latency.b, 99);
  const ratio = hubP50 / directP50;
  details.latency = {
    runs: { hub: latency.a.length, direct: latency.b.length },
    hubMs: { p50: round(hubP50), p99: round(hubP99) },
    directMs: { p50: round(directP50), p99: round(directP99) },
    ratioP50: round(ratio),
    ratioP99: round(hubP99 / directP99),
    hubStepsMeanMs: await timeHubSteps(app, aliasName),
  };
  fake.reset();
  rows.push(
    {
      figure: 'get_myself p50 / p99, hub in process (ms)',
      value: `${round(hubP50)} / ${round(hubP99)}`,
      target: '',
      result: 'n/a',
    },
    {
      figure: 'get_myself p50 / p99, direct axios (ms)',
      value: `${round(directP50)} / ${round(directP99)}`,
      target: '',
      result: 'n/a',
    },
    {
      figure: 'latency ratio hub / direct at p50',
      value: round(ratio, 2).toString(),
      target: '<= 1.2',
      result: ratio <= 1.2 ? 'pass' : 'fail',
    },
  );
}

/** Where the hub's time goes in one execution: each step alone, mean of 500 runs. */
async function timeHubSteps(
  app: INestApplication,
  aliasName: string,
): Promise<Record<string, number>> {
  const resolver = app.get(AliasResolverService);
  const executions = app.get(ExecutionsService);
  const cache = app.get(ResolutionCache);
  const { connection, credential } = await resolver.resolveConnection(aliasName);
  const client = await resolver.createClient(connection, credential);
  const steps: Record<string, () => Promise<unknown>> = {
    resolveConnectionCached: () => resolver.resolveConnection(aliasName),
    createClientCached: () => resolver.createClient(connection, credential),
    resolveAndBuildClientUncached: async () => {
      cache.invalidateAll();
      const resolved = await resolver.resolveConnection(aliasName);
      return resolver.createClient(resolved.connection, resolved.credential);
    },
    upstreamGetMyself: () => client.get('rest/api/3/myself'),
    recordExecution: () =>
      executions.recordExecution(
        executionRow({
          action: 'jira.get_myself',
          alias: aliasName,
          connectionId: connection.id,
          actor: IDENTITY.name,
          inputs: toStoredJson({}),
          upstream: toStoredJson([
            { method: 'GET', path: 'rest/api/3/myself', status: 200, durationMs: 1, attempt: 1 },
          ]),
          outputs: toStoredJson({ accountId: 'x', displayName: 'Bench Bot' }),
          durationMs: 0,
        }),
      ),
  };
  const result: Record<string, number> = {};
  for (const [name, step] of Object.entries(steps)) {
    for (let i = 0; i < 100; i++) await step();
    const samples: number[] = [];
    for (let i = 0; i < 500; i++) {
      const started = nowMs();
      await step();
      samples.push(nowMs() - started);
    }
    result[name] = round(mean(samples), 4);
  }
  return result;
}

/**
 * Figure 4: one alias resolved on a hub whose database holds 10 aliases and on one that holds
 * 10,000, from the database (cache invalidated before each call) and from the cache. Rounds
 * alternate between the two hubs so that load from other work falls on both alike; each side's
 * figure is the median of its round means.
 */
async function resolutionFigure(
  few: InProcessHub,
  many: InProcessHub,
  rows: Row[],
  details: Record<string, unknown>,
): Promise<void> {
  const sides = [
    { hub: few, aliases: await fillAliasesTo(few.app, FEW_ALIASES) },
    { hub: many, aliases: await fillAliasesTo(many.app, MANY_ALIASES) },
  ];
  const result: Record<string, unknown> = {};
  for (const [mode, label] of [
    ['database', 'from the database'],
    ['cache', 'cached'],
  ] as const) {
    const resolvers = sides.map(({ hub }) => {
      const resolver = hub.app.get(AliasResolverService);
      const cache = hub.app.get(ResolutionCache);
      return mode === 'cache'
        ? () => resolver.resolveConnection(hub.aliasName)
        : () => {
            cache.invalidateAll();
            return resolver.resolveConnection(hub.aliasName);
          };
    });
    // A cached resolution takes well under a microsecond: rounds long enough (tens of ms) that
    // the timer, a GC pause or a JIT tier-up cannot make one side look slower than the other.
    const calls = mode === 'cache' ? 100_000 : 200;
    for (const resolveOnce of resolvers) for (let i = 0; i < calls; i++) await resolveOnce();
    const roundMeans: number[][] = [[], []];
    const deadline = nowMs() + 10_000;
    for (let i = 0; i < 15 && nowMs() < deadline; i++) {
      for (const [side, resolveOnce] of resolvers.entries()) {
        const started = nowMs();
        for (let call = 0; call < calls; call++) await resolveOnce();
        roundMeans[side].push((nowMs() - started) / calls);
      }
    }
    const [fewMs, manyMs] = roundMeans.map(median);
    const ratio = manyMs / fewMs;
    result[mode] = {
      fewMeanMs: round(fewMs, 5),
      manyMeanMs: round(manyMs, 5),
      rounds: roundMeans[0].length,
      callsPerRound: calls,
      ratio: round(ratio),
    };
    rows.push({
      figure: `alias resolution ${label}, ${sides[0].aliases} / ${sides[1].aliases} aliases (ms)`,
      value: `${round(fewMs, 4)} / ${round(manyMs, 4)} (ratio ${round(ratio, 2)})`,
      target: 'ratio <= 1.2',
      result: ratio <= 1.2 ? 'pass' : 'fail',
    });
  }
  details.aliasResolution = { aliases: sides.map((side) => side.aliases), ...result };
}

/** Adds plain aliases in one transaction until the hub's table holds `total`; returns the count. */
async function fillAliasesTo(app: INestApplication, total: number): Promise<number> {
  const unitOfWork = app.get(UnitOfWork);
  const countAliases = () => unitOfWork.run((manager) => manager.count(AliasEntity));
  const missing = total - (await countAliases());
  await unitOfWork.run(async (manager) => {
    const rowsToInsert = Array.from({ length: Math.max(0, missing) }, (_, i) => ({
      id: randomUUID(),
      name: `Bench_Alias_${String(i).padStart(5, '0')}`,
      spoke: Spoke.Jira,
      parentId: null,
    }));
    for (let start = 0; start < rowsToInsert.length; start += 500) {
      await manager.insert(AliasEntity, rowsToInsert.slice(start, start + 500));
    }
  });
  return countAliases();
}

/**
 * Figure 2: `POST /api/actions/jira.get_myself/execute` on the hub process vs the same GET sent
 * straight to the fake, both at concurrency 50 from this process; and, for reference, the same GET
 * through a bare Node proxy and a bare NestJS route with axios (bench/bare-*.process.ts), the
 * floors of a second hop and of the stack. Rounds alternate so that load from
 * other work on the machine falls on all sides alike; each side's figure is its median round.
 */
async function throughputFigure(
  { fake, hub, aliasName, designerToken }: HubUnderTest,
  rows: Row[],
  details: Record<string, unknown>,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const myself = `${fake.url}/ex/jira/${fake.cloudId}/rest/api/3/myself`;
  const proxy = await BareProxyProcess.start('bare-proxy', myself, `Bearer ${TOKEN}`);
  const bareNest = await BareProxyProcess.start('bare-nest', myself, `Bearer ${TOKEN}`);
  try {
    const executeBody = JSON.stringify({ alias: aliasName, inputs: {} });
    const sides = {
      direct: () =>
        send(agent, 'GET', myself, undefined, {
          Authorization: `Bearer ${TOKEN}`,
          Accept: 'application/json',
        }),
      hub: () =>
        send(agent, 'POST', `${hub.url}/api/actions/jira.get_myself/execute`, executeBody, {
          Authorization: `Bearer ${designerToken}`,
          'Content-Type': 'application/json',
        }),
      bareProxy: () => send(agent, 'GET', `${proxy.url}/`, undefined, {}),
      bareNest: () =>
        send(agent, 'POST', `${bareNest.url}/forward`, executeBody, {
          'Content-Type': 'application/json',
        }),
    };
    const processes = { hub, fake, bareProxy: proxy, bareNest };
    const warmUp = { concurrency: CONCURRENCY, count: 2000, maxMs: 10_000 };
    for (const run of Object.values(sides)) await closedLoop(run, warmUp);
    fake.reset();
    const rounds: Record<keyof typeof sides, Awaited<ReturnType<typeof loadRound>>[]> = {
      direct: [],
      hub: [],
      bareProxy: [],
      bareNest: [],
    };
    for (let i = 0; i < 3; i++) {
      for (const side of Object.keys(sides) as Array<keyof typeof sides>) {
        rounds[side].push(await loadRound(sides[side], processes));
        fake.reset();
      }
    }
    const rps = (side: keyof typeof sides) => median(rounds[side].map((r) => r.requestsPerSecond));
    const failed = (side: keyof typeof sides) => rounds[side].reduce((sum, r) => sum + r.failed, 0);
    const ratio = rps('hub') / rps('direct');
    details.throughput = {
      concurrency: CONCURRENCY,
      rounds,
      medianRps: {
        hub: rps('hub'),
        direct: rps('direct'),
        bareProxy: rps('bareProxy'),
        bareNest: rps('bareNest'),
      },
      ratio: round(ratio),
      bareProxyRatio: round(rps('bareProxy') / rps('direct')),
      bareNestRatio: round(rps('bareNest') / rps('direct')),
    };
    rows.push(
      {
        figure: `HTTP execute at concurrency ${CONCURRENCY}, hub process (req/s)`,
        value: `${round(rps('hub'), 0)} (${failed('hub')} failed)`,
        target: '',
        result: failed('hub') === 0 ? 'n/a' : 'fail',
      },
      {
        figure: `HTTP at concurrency ${CONCURRENCY}, direct to fake (req/s)`,
        value: `${round(rps('direct'), 0)} (${failed('direct')} failed)`,
        target: '',
        result: failed('direct') === 0 ? 'n/a' : 'fail',
      },
      {
        figure: 'throughput ratio hub / direct',
        value: round(ratio, 2).toString(),
        target: '>= 0.45',
        result: ratio >= 0.45 && failed('hub') === 0 ? 'pass' : 'fail',
      },
      {
        figure: 'reference: bare Node proxy / direct (no hub)',
        value: `${round(rps('bareProxy') / rps('direct'), 2)} (${round(rps('bareProxy'), 0)} req/s)`,
        target: '',
        result: 'n/a',
      },
      {
        figure: 'reference: bare NestJS route + axios / direct (no hub)',
        value: `${round(rps('bareNest') / rps('direct'), 2)} (${round(rps('bareNest'), 0)} req/s)`,
        target: '',
        result: 'n/a',
      },
    );
  } finally {
    agent.destroy();
    await proxy.stop();
    await bareNest.stop();
  }
}

/**
 * One closed-loop round of 5000 requests, with the CPU time each process spent per request: the
 * processes and this one (the load generator) share the machine's cores.
 */
async function loadRound(
  run: () => Promise<boolean>,
  processes: Record<string, { cpuMs(): number }>,
) {
  const names = Object.keys(processes);
  const before = names.map((name) => processes[name].cpuMs());
  const loadGeneratorBefore = process.cpuUsage();
  const load = await closedLoop(run, { concurrency: CONCURRENCY, count: 5000, maxMs: 10_000 });
  const loadGenerator = process.cpuUsage(loadGeneratorBefore);
  const perRequest = (ms: number) => round((ms * 1000) / Math.max(1, load.completed), 0);
  return {
    ...load,
    elapsedMs: round(load.elapsedMs, 1),
    requestsPerSecond: round(load.requestsPerSecond, 1),
    cpuMicrosecondsPerRequest: {
      ...Object.fromEntries(
        names.map((name, i) => [name, perRequest(processes[name].cpuMs() - before[i])]),
      ),
      loadGenerator: perRequest((loadGenerator.user + loadGenerator.system) / 1000),
    },
  };
}

/** Figure 3: every user with fetchAll, through the hub process; upstream requests counted by the fake. */
async function userSearchFigure(
  { fake, hub, aliasName, designerToken }: HubUnderTest,
  rows: Row[],
  details: Record<string, unknown>,
): Promise<void> {
  const users = fake.users;
  // The users search answers a plain array: a short (or empty) page is the only sign of the end.
  const minimumRequests = Math.floor(users / USER_SEARCH_PAGE) + 1;
  const pages = Math.ceil(users / USER_SEARCH_PAGE);
  // Printed beside the figure: where the minimum parts from the ceil(N / pageSize).
  const target = `= ${minimumRequests} (minimum: ceil(N/${USER_SEARCH_PAGE}) = ${pages}${
    minimumRequests > pages ? ', + 1 empty page: a full last page cannot show the end' : ''
  })`;
  const api = new Api(request(hub.url), designerToken);
  const run = async () => {
    fake.reset();
    const started = nowMs();
    const response = await api.post('/api/actions/jira.search_users/execute', {
      alias: aliasName,
      inputs: { fetchAll: true },
    });
    const ms = nowMs() - started;
    const requests = await fake.count('/rest/api/3/users/search');
    const body = response.body as { status: string; outputs?: { items?: unknown[] } };
    if (response.status !== 200 || body.status !== 'success') {
      return { error: `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`, ms };
    }
    return { requests, items: body.outputs?.items?.length ?? 0, ms };
  };
  await run();
  const runs = [await run(), await run(), await run()];
  fake.reset();
  const failed = runs.find((r) => r.error !== undefined);
  const middle = [...runs].sort((a, b) => a.ms - b.ms)[1];
  details.searchUsers = { users, minimumRequests, runs };
  if (failed) {
    rows.push({
      figure: 'search_users fetchAll: upstream requests',
      value: `error: ${failed.error}`,
      target,
      result: 'fail',
    });
    return;
  }
  const ok = runs.every((r) => r.requests === minimumRequests && r.items === users);
  rows.push({
    figure: `search_users fetchAll over HTTP: upstream requests (${middle.items} users)`,
    value: `${middle.requests} in ${round(middle.ms, 0)} ms`,
    target,
    result: ok ? 'pass' : 'fail',
  });
}

/** A minimal HTTP client (same for both sides), so the load generator costs little. */
function send(
  agent: Agent,
  method: string,
  url: string,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<boolean> {
  return new Promise((resolveRequest) => {
    const target = new URL(url);
    if (target.hostname !== '127.0.0.1') throw new Error(`bench only calls 127.0.0.1, not ${url}`);
    const req = httpRequest(
      {
        agent,
        method,
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        headers:
          body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolveRequest(response.statusCode === 200));
        response.on('error', () => resolveRequest(false));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolveRequest(false));
    req.end(body);
  });
}

function printTable(rows: Row[]): void {
  const header: Row = { figure: 'figure', value: 'value', target: 'target', result: 'n/a' };
  const width = (key: keyof Row) =>
    Math.max(...[header, ...rows].map((row) => (key === 'result' ? 6 : row[key].length)));
  const line = (row: Row, result: string) =>
    `${row.figure.padEnd(width('figure'))}  ${row.value.padEnd(width('value'))}  ${row.target.padEnd(width('target'))}  ${result}`;
  process.stdout.write(`\n${line(header, 'result')}\n`);
  process.stdout.write(`${'-'.repeat(line(header, 'result').length)}\n`);
  for (const row of rows)
    process.stdout.write(`${line(row, row.result === 'n/a' ? '' : row.result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
