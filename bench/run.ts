import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import axios from 'axios';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Server } from 'node:http';
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
import { Api, connectedAlias, connectionUrl } from '../test/factories/records';
import { ConnectionsService } from '../src/connections/connections.service';
import { CredentialsService } from '../src/credentials/credentials.service';
import { CredentialType } from '../src/credentials/credential-type';
import { historyFigures } from './history';
import type { LoadCommand, LoadRequest } from './load.process';
import { alternateSequential, mean, median, nowMs, percentile, round } from './measure';
import { BareProxyProcess, FakeProcess, HubProcess, LoadProcess } from './processes';

/**
 * `npm run bench`: the fake Atlassian, the load generator, the hub (`node dist/main.js`) and the
 * reference proxies each in a child process; the hub also in this process for the in-process
 * figures (1 and 4). SQLite in temporary directories, every request to 127.0.0.1, every loop
 * bounded in count and time. Prints the figures beside their targets and writes
 * bench/results.json. Measured, never asserted. What each figure means: docs/benchmark.md.
 * Figures are functions taking (what they measure, rows, details): a new one is one call in main.
 */

const TOKEN = 'bench-bearer-token';
const USERS = 10_000;
const USER_SEARCH_PAGE = 1000;
const FEW_ALIASES = 10;
const MANY_ALIASES = 10_000;
/** Concurrency of the CPU figures (2 and 3): requests in flight from the load generator. */
const CPU_CONCURRENCY = 10;
const CPU_ROUND_REQUESTS = 2000;
const LATENCY_ROUND_REQUESTS = 300;
const ROUNDS = 5;
const THROUGHPUT_CONCURRENCY = 50;
const IDENTITY: HubIdentity = { kind: 'admin-token', id: 'bench', name: 'bench', role: Role.Admin };

/** The hub process, set up for the HTTP figures: an alias to the fake and a designer token. */
interface HubUnderTest {
  fake: FakeProcess;
  hub: HubProcess;
  load: LoadProcess;
  aliasName: string;
  designerToken: string;
  /** Aliases for the rotation figure, each with its own connection and credential. */
  few: string[];
  many: string[];
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
  let loadGenerator: LoadProcess | undefined;
  try {
    log('starting the fake Atlassian and the load generator (child processes)');
    fake = await FakeProcess.start({
      BENCH_FAKE_USERS: String(USERS),
      BENCH_FAKE_BEARER: TOKEN,
      BENCH_FAKE_EXTRA_BEARERS: String(FEW_ALIASES + MANY_ALIASES),
    });
    loadGenerator = await LoadProcess.start();

    log('1/7 jira.get_myself in process vs direct axios');
    await inProcessFigures(fake, join(directory, 'in-process'), rows, details);

    log(
      `preparing the hub's database: an alias, a designer token, ${FEW_ALIASES + MANY_ALIASES} rotation aliases`,
    );
    const env = {
      HUB_ADMIN_TOKEN: `bench-admin-${randomBytes(24).toString('hex')}`,
      HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      HUB_DATABASE_PATH: join(directory, 'hub-process', 'hub.sqlite'),
      HUB_LOG_LEVEL: 'warn',
      ATLASSIAN_API_URL: fake.url,
    };
    const prepared = await prepareHubDatabase(env, fake);

    log('starting the hub (child process: node dist/main.js)');
    hub = await HubProcess.start(
      env,
      (process.env.BENCH_HUB_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    );
    const rssAtStart = hub.rssMb();
    const underTest: HubUnderTest = { fake, hub, load: loadGenerator, ...prepared };

    log('2/7 over HTTP: CPU per request and p50 latency, hub vs a bare node:http proxy');
    await httpFigures(underTest, rows, details);
    const afterHttp = { rssMb: round(hub.rssMb(), 1), peakMb: round(hub.peakRssMb(), 1) };

    log('3/7 reference: throughput at concurrency 50, hub, bare proxy, bare NestJS and direct');
    await throughputReference(underTest, rows, details);

    log('5/7 jira.search_users fetchAll over 10,000 users, through the hub process');
    await userSearchFigure(underTest, rows, details);

    log('6/7 peak RSS of the hub process');
    const peakMb = hub.peakRssMb();
    rows.push({
      figure: 'hub process peak RSS (VmHWM) after figures 2-5 (MB)',
      value: round(peakMb, 1).toString(),
      target: '< 200',
      result: peakMb < 200 ? 'pass' : 'fail',
    });
    const afterUserSearchMb = round(hub.rssMb(), 1);

    log(`7/7 over HTTP: ${MANY_ALIASES} aliases in rotation vs ${FEW_ALIASES}, CPU per execution`);
    await rotationFigure(underTest, rows, details);
    const peakWithAliasesMb = hub.peakRssMb();
    rows.push({
      figure: `hub process peak RSS with ${FEW_ALIASES + MANY_ALIASES} aliases in use (MB)`,
      value: round(peakWithAliasesMb, 1).toString(),
      target: '',
      result: 'n/a',
    });
    details.rss = {
      hubPid: hub.pid,
      peakMb: round(peakMb, 1),
      atStartMb: round(rssAtStart, 1),
      afterHttp,
      afterUserSearchMb,
      peakWithAliasesInUseMb: round(peakWithAliasesMb, 1),
      afterRotationMb: round(hub.rssMb(), 1),
    };

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
    await loadGenerator?.stop();
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
    log('4/7 alias resolution with 10 vs 10,000 aliases, from the database and from the cache');
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
 * The hub process's database, prepared before it starts by the hub's own code in this process
 * (same file, same key): an alias to the fake with a designer token for the HTTP figures, and
 * FEW_ALIASES + MANY_ALIASES aliases for the rotation figure, each with a connection and a
 * bearer credential of its own (distinct tokens, so no two entries share a client or a masker).
 */
async function prepareHubDatabase(
  env: Record<string, string>,
  fake: FakeProcess,
): Promise<Pick<HubUnderTest, 'aliasName' | 'designerToken' | 'few' | 'many'>> {
  const config = loadHubConfig(env);
  const app = await createHubApp(config, createHubLogger(config, { write: () => undefined }));
  await app.init();
  try {
    const api = new Api(request(app.getHttpServer() as Server), config.adminToken!);
    const { aliasName } = await connectedAlias(api, fake.url, fake.cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
    });
    // Flow designers call the hub with designer API tokens: each request is authenticated by one.
    const designerToken = (
      (await api.post('/api/tokens', { name: 'bench-designer', role: 'designer' }).expect(201))
        .body as { token: string }
    ).token;
    const rotation = await addRotationAliases(app, fake, FEW_ALIASES + MANY_ALIASES);
    return {
      aliasName,
      designerToken,
      few: rotation.slice(0, FEW_ALIASES),
      many: rotation.slice(FEW_ALIASES),
    };
  } finally {
    await app.close();
  }
}

/** Child aliases of Jira with a connection and a credential each, through the services' inserts. */
async function addRotationAliases(
  app: INestApplication,
  fake: FakeProcess,
  count: number,
): Promise<string[]> {
  const unitOfWork = app.get(UnitOfWork);
  const credentials = app.get(CredentialsService);
  const connections = app.get(ConnectionsService);
  const names: string[] = [];
  for (let start = 0; start < count; start += 500) {
    await unitOfWork.run(async (manager) => {
      const jira = await manager.findOneByOrFail(AliasEntity, { name: 'Jira' });
      for (let i = start; i < Math.min(count, start + 500); i++) {
        const name = `Bench_Rotation_${String(i).padStart(5, '0')}`;
        const aliasId = randomUUID();
        await manager.insert(AliasEntity, {
          id: aliasId,
          name,
          spoke: Spoke.Jira,
          parentId: jira.id,
        });
        const credentialId = await credentials.insertCredential(manager, {
          name: `bench-rotation-${i}`,
          type: CredentialType.Bearer,
          token: `${TOKEN}-${i}`,
        });
        await connections.insertConnection(manager, {
          name: `bench-rotation-${i}`,
          url: connectionUrl(fake.url, fake.cloudId),
          credentialId,
          aliasId,
        });
        names.push(name);
      }
    });
  }
  return names;
}

/** One closed-loop round from the load generator, with the CPU `target` spent per request. */
async function measuredRound(
  load: LoadProcess,
  target: { cpuMs(): number },
  command: Omit<LoadCommand, 'type'>,
) {
  const before = target.cpuMs();
  const result = await load.run(command);
  const cpuMs = target.cpuMs() - before;
  return {
    completed: result.completed,
    failed: result.failed,
    firstFailure: result.firstFailure,
    elapsedMs: round(result.elapsedMs, 1),
    requestsPerSecond: round((result.completed / result.elapsedMs) * 1000, 1),
    cpuMicrosecondsPerRequest: round((cpuMs * 1000) / Math.max(1, result.completed), 1),
    p50Ms: command.latencies ? round(percentile(result.latenciesMs, 50), 4) : undefined,
  };
}

type MeasuredRound = Awaited<ReturnType<typeof measuredRound>>;

function executeRequest(hub: HubProcess, token: string, alias: string): LoadRequest {
  return {
    method: 'POST',
    url: `${hub.url}/api/actions/jira.get_myself/execute`,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ alias, inputs: {} }),
  };
}

function failures(rounds: MeasuredRound[]): { failed: number; firstFailure?: string } {
  return {
    failed: rounds.reduce((sum, r) => sum + r.failed, 0),
    firstFailure: rounds.find((r) => r.firstFailure)?.firstFailure,
  };
}

/**
 * Figure 2 (targets: CPU and p50 ratios): the hub process against a bare node:http forwarding proxy (bench/bare-proxy.process.ts)
 * for the same hop: the same POST with the same body from the same load generator, each
 * forwarding one GET of /rest/api/3/myself to the fake. CPU per request of each process (all its
 * threads, from schedstat) over the same number of requests at concurrency CPU_CONCURRENCY, and
 * p50 latency at concurrency 1. ROUNDS rounds alternate the two sides; each side's figure is the
 * median of its rounds, and the ratio is taken of the medians.
 */
async function httpFigures(
  { fake, hub, load, aliasName, designerToken }: HubUnderTest,
  rows: Row[],
  details: Record<string, unknown>,
): Promise<void> {
  const myself = `${fake.url}/ex/jira/${fake.cloudId}/rest/api/3/myself`;
  const proxy = await BareProxyProcess.start('bare-proxy', myself, `Bearer ${TOKEN}`);
  try {
    const hubRequest = executeRequest(hub, designerToken, aliasName);
    const sides = {
      hub: { request: hubRequest, process: hub },
      bareProxy: {
        request: {
          ...hubRequest,
          url: `${proxy.url}/`,
          headers: { 'Content-Type': 'application/json' },
        },
        process: proxy,
      },
    };
    const names = Object.keys(sides) as Array<keyof typeof sides>;
    for (const name of names) {
      await load.run({
        requests: [sides[name].request],
        concurrency: CPU_CONCURRENCY,
        count: 3000,
        maxMs: 30_000,
        latencies: false,
      });
      fake.reset();
    }
    const cpu: Record<keyof typeof sides, MeasuredRound[]> = { hub: [], bareProxy: [] };
    const latency: Record<keyof typeof sides, MeasuredRound[]> = { hub: [], bareProxy: [] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const name of names) {
        cpu[name].push(
          await measuredRound(load, sides[name].process, {
            requests: [sides[name].request],
            concurrency: CPU_CONCURRENCY,
            count: CPU_ROUND_REQUESTS,
            maxMs: 30_000,
            latencies: false,
          }),
        );
        fake.reset();
      }
      for (const name of names) {
        latency[name].push(
          await measuredRound(load, sides[name].process, {
            requests: [sides[name].request],
            concurrency: 1,
            count: LATENCY_ROUND_REQUESTS,
            maxMs: 30_000,
            latencies: true,
          }),
        );
        fake.reset();
      }
    }
    const medianOf = (list: MeasuredRound[], pick: (r: MeasuredRound) => number) =>
      median(list.map(pick));
    const cpuOf = (name: keyof typeof sides) =>
      medianOf(cpu[name], (r) => r.cpuMicrosecondsPerRequest);
    const p50Of = (name: keyof typeof sides) => medianOf(latency[name], (r) => r.p50Ms!);
    const alone = (name: keyof typeof sides) =>
      medianOf(latency[name], (r) => r.cpuMicrosecondsPerRequest);
    const cpuRatio = cpuOf('hub') / cpuOf('bareProxy');
    const p50Ratio = p50Of('hub') / p50Of('bareProxy');
    const hubFailures = failures([...cpu.hub, ...latency.hub]);
    details.http = {
      cpuConcurrency: CPU_CONCURRENCY,
      rounds: ROUNDS,
      cpuRounds: cpu,
      latencyRounds: latency,
      cpuMicrosecondsPerRequest: { hub: cpuOf('hub'), bareProxy: cpuOf('bareProxy') },
      cpuRatio: round(cpuRatio),
      cpuMicrosecondsPerRequestAtConcurrency1: { hub: alone('hub'), bareProxy: alone('bareProxy') },
      p50Ms: { hub: p50Of('hub'), bareProxy: p50Of('bareProxy') },
      p50Ratio: round(p50Ratio),
      hubFailures,
    };
    const ok = hubFailures.failed === 0;
    rows.push(
      {
        figure: `CPU per request at concurrency ${CPU_CONCURRENCY}, hub / bare proxy (us)`,
        value: `${round(cpuOf('hub'), 0)} / ${round(cpuOf('bareProxy'), 0)}`,
        target: '',
        result: ok ? 'n/a' : 'fail',
      },
      {
        figure: 'CPU ratio hub / bare node:http proxy, HTTP execute',
        value: round(cpuRatio, 2).toString(),
        target: '<= 6',
        result: ok && cpuRatio <= 6 ? 'pass' : 'fail',
      },
      {
        figure: 'p50 at concurrency 1, hub / bare proxy (ms)',
        value: `${round(p50Of('hub'), 3)} / ${round(p50Of('bareProxy'), 3)}`,
        target: '',
        result: 'n/a',
      },
      {
        figure: 'p50 latency ratio hub / bare proxy, concurrency 1',
        value: round(p50Ratio, 2).toString(),
        target: '<= 4',
        result: ok && p50Ratio <= 4 ? 'pass' : 'fail',
      },
    );
    if (!ok) {
      rows.push({
        figure: 'HTTP execute failures',
        value: `${hubFailures.failed}: ${hubFailures.firstFailure ?? ''}`,
        target: '0',
        result: 'fail',
      });
    }
  } finally {
    await proxy.stop();
  }
}

/**
 * Figure 7: executions through the hub process rotating over MANY_ALIASES aliases vs over
 * FEW_ALIASES, each alias with its own connection and credential; CPU of the hub process per
 * execution. Every alias is executed once first (the cache filled as in a running hub); the many
 * side then moves on through the aliases round after round, so each alias comes back only after
 * all the others, usually past HUB_RESOLUTION_CACHE_TTL_MS (an expired entry, read again).
 */
async function rotationFigure(
  { fake, hub, load, designerToken, few, many }: HubUnderTest,
  rows: Row[],
  details: Record<string, unknown>,
): Promise<void> {
  const requestsOf = (aliases: string[]) =>
    aliases.map((alias) => executeRequest(hub, designerToken, alias));
  const sides = { few: requestsOf(few), many: requestsOf(many) };
  const rssBeforeMb = hub.rssMb();
  for (const requests of [sides.many, sides.few]) {
    await load.run({
      requests,
      concurrency: CPU_CONCURRENCY,
      count: requests.length,
      maxMs: 180_000,
      latencies: false,
    });
    fake.reset();
  }
  const rssFilledMb = hub.rssMb();
  const rounds: Record<keyof typeof sides, MeasuredRound[]> = { few: [], many: [] };
  let offset = 0;
  for (let i = 0; i < ROUNDS; i++) {
    for (const name of ['few', 'many'] as const) {
      const all = sides[name];
      const start = name === 'many' ? offset : 0;
      const requests = Array.from(
        { length: Math.min(all.length, CPU_ROUND_REQUESTS) },
        (_, k) => all[(start + k) % all.length],
      );
      rounds[name].push(
        await measuredRound(load, hub, {
          requests,
          concurrency: CPU_CONCURRENCY,
          count: CPU_ROUND_REQUESTS,
          maxMs: 30_000,
          latencies: false,
        }),
      );
      fake.reset();
    }
    offset += CPU_ROUND_REQUESTS;
  }
  const cpuOf = (name: keyof typeof sides) =>
    median(rounds[name].map((r) => r.cpuMicrosecondsPerRequest));
  const ratio = cpuOf('many') / cpuOf('few');
  const failed = failures([...rounds.few, ...rounds.many]);
  details.rotation = {
    aliases: { few: few.length, many: many.length },
    rounds,
    cpuMicrosecondsPerExecution: { few: cpuOf('few'), many: cpuOf('many') },
    ratio: round(ratio),
    hubRssMb: { beforeFilling: round(rssBeforeMb, 1), filled: round(rssFilledMb, 1) },
    failed,
  };
  rows.push(
    {
      figure: `CPU per execution, ${few.length} / ${many.length} aliases in rotation (us)`,
      value: `${round(cpuOf('few'), 0)} / ${round(cpuOf('many'), 0)}`,
      target: '',
      result: 'n/a',
    },
    {
      figure: `CPU ratio ${many.length} / ${few.length} aliases in rotation`,
      value: round(ratio, 2).toString(),
      target: '<= 1.2',
      result: failed.failed === 0 && ratio <= 1.2 ? 'pass' : 'fail',
    },
    {
      figure: `hub RSS before / after executing ${many.length + few.length} aliases once (MB)`,
      value: `${round(rssBeforeMb, 1)} / ${round(rssFilledMb, 1)}`,
      target: '',
      result: 'n/a',
    },
  );
}

/**
 * Reference rows (no target): throughput at concurrency 50 of the hub, of the same GET sent
 * straight to the fake, and of the two reference second hops (the bare node:http proxy; a bare
 * NestJS route with axios, the floor of the prescribed stack). Rounds alternate; medians.
 */
async function throughputReference(
  { fake, hub, load, aliasName, designerToken }: HubUnderTest,
  rows: Row[],
  details: Record<string, unknown>,
): Promise<void> {
  const myself = `${fake.url}/ex/jira/${fake.cloudId}/rest/api/3/myself`;
  const proxy = await BareProxyProcess.start('bare-proxy', myself, `Bearer ${TOKEN}`);
  const bareNest = await BareProxyProcess.start('bare-nest', myself, `Bearer ${TOKEN}`);
  try {
    const hubRequest = executeRequest(hub, designerToken, aliasName);
    const sides: Record<string, { request: LoadRequest; process: { cpuMs(): number } }> = {
      direct: {
        request: {
          method: 'GET',
          url: myself,
          headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' },
        },
        process: fake,
      },
      hub: { request: hubRequest, process: hub },
      bareProxy: {
        request: {
          ...hubRequest,
          url: `${proxy.url}/`,
          headers: { 'Content-Type': 'application/json' },
        },
        process: proxy,
      },
      bareNest: {
        request: {
          ...hubRequest,
          url: `${bareNest.url}/forward`,
          headers: { 'Content-Type': 'application/json' },
        },
        process: bareNest,
      },
    };
    const command = (request: LoadRequest, count: number) => ({
      requests: [request],
      concurrency: THROUGHPUT_CONCURRENCY,
      count,
      maxMs: 20_000,
      latencies: false,
    });
    for (const side of Object.values(sides)) await load.run(command(side.request, 1000));
    fake.reset();
    const rounds: Record<string, MeasuredRound[]> = {};
    for (let i = 0; i < 3; i++) {
      for (const [name, side] of Object.entries(sides)) {
        (rounds[name] ??= []).push(
          await measuredRound(load, side.process, command(side.request, 3000)),
        );
        fake.reset();
      }
    }
    const rps = (name: string) => median(rounds[name].map((r) => r.requestsPerSecond));
    const cpu = (name: string) => median(rounds[name].map((r) => r.cpuMicrosecondsPerRequest));
    details.throughput = {
      concurrency: THROUGHPUT_CONCURRENCY,
      rounds,
      medianRps: Object.fromEntries(Object.keys(sides).map((name) => [name, rps(name)])),
      cpuMicrosecondsPerRequest: Object.fromEntries(
        Object.keys(sides).map((name) => [name, cpu(name)]),
      ),
    };
    const ratio = (name: string) => round(rps(name) / rps('direct'), 2);
    rows.push(
      {
        figure: `reference: HTTP execute at concurrency ${THROUGHPUT_CONCURRENCY}, hub (req/s, / direct)`,
        value: `${round(rps('hub'), 0)} (${ratio('hub')})`,
        target: '',
        result: 'n/a',
      },
      {
        figure: `reference: at concurrency ${THROUGHPUT_CONCURRENCY}, direct to fake (req/s)`,
        value: `${round(rps('direct'), 0)}`,
        target: '',
        result: 'n/a',
      },
      {
        figure: 'reference: bare Node proxy / direct (no hub)',
        value: `${ratio('bareProxy')} (${round(rps('bareProxy'), 0)} req/s)`,
        target: '',
        result: 'n/a',
      },
      {
        figure: 'reference: bare NestJS route + axios / direct (no hub)',
        value: `${ratio('bareNest')} (${round(rps('bareNest'), 0)} req/s)`,
        target: '',
        result: 'n/a',
      },
      {
        figure: `reference: CPU ratio hub / bare proxy at concurrency ${THROUGHPUT_CONCURRENCY}`,
        value: `${round(cpu('hub') / cpu('bareProxy'), 2)} (${round(cpu('hub'), 0)} / ${round(cpu('bareProxy'), 0)} us)`,
        target: '',
        result: 'n/a',
      },
    );
  } finally {
    await proxy.stop();
    await bareNest.stop();
  }
}

/** Figure 5: every user with fetchAll, through the hub process; upstream requests counted by the fake. */
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
