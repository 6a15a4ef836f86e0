import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import axios from 'axios';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { ActionCatalog } from '../src/actions/action-catalog';
import { ActionsService } from '../src/actions/actions.service';
import { AliasResolverService } from '../src/aliases/alias-resolver.service';
import { AliasEntity } from '../src/aliases/alias.entity';
import { Spoke } from '../src/aliases/spoke';
import { createHubApp } from '../src/app.factory';
import { loadHubConfig } from '../src/config/hub-config';
import { UnitOfWork } from '../src/database/unit-of-work';
import type { HubIdentity } from '../src/identity/hub-identity';
import { Role } from '../src/identity/role';
import { JsonLogger } from '../src/logging/json-logger';
import { ExecutionEntity } from '../src/executions/execution.entity';
import { ExecutionsService } from '../src/executions/executions.service';
import { toStoredJson } from '../src/executions/stored-json';
import { Api, connectedAlias } from '../test/factories/records';
import { createFakeAtlassian, FakeAtlassian, FakeData } from '../test/fake-atlassian';
import {
  alternateSequential,
  closedLoop,
  mean,
  nowMs,
  percentile,
  round,
  RssSampler,
} from './measure';

/**
 * `npm run bench`: the fake Atlassian and the hub in this one process (SQLite in a temporary
 * directory), every request to 127.0.0.1, every loop bounded in count and time. Prints a table of
 * figures beside their targets and writes bench/results.json. Measured, never asserted.
 */

const TOKEN = 'bench-bearer-token';
const USERS = 10_000;
const USER_SEARCH_PAGE = 1000;
const FEW_ALIASES = 10;
const MANY_ALIASES = 10_000;
const IDENTITY: HubIdentity = { kind: 'admin-token', id: 'bench', name: 'bench', role: Role.Admin };

interface Row {
  figure: string;
  value: string;
  target: string;
  result: 'pass' | 'fail' | 'n/a';
}

async function main(): Promise<void> {
  const rss = new RssSampler().start(50);
  const directory = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const fake = await createFakeAtlassian(FakeData.seeded({ users: USERS, customers: 0 })).start();
  let app: INestApplication | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 50 });
  try {
    const cloudId = fake.addSite('bench.atlassian.net');
    fake.addAccount({ bearer: TOKEN }, { displayName: 'Bench Bot' });
    const config = loadHubConfig({
      HUB_ADMIN_TOKEN: `bench-admin-${randomBytes(24).toString('hex')}`,
      HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      HUB_DATABASE_PATH: join(directory, 'hub.sqlite'),
      HUB_LOG_LEVEL: 'warn',
      ATLASSIAN_API_URL: fake.url,
    });
    app = await createHubApp(config, new JsonLogger(config.logLevel, () => undefined));
    await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer() as Server;
    const hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const adminToken = config.adminToken!;
    const api = new Api(request(server), adminToken);
    const { aliasName } = await connectedAlias(api, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
    });
    const actions = app.get(ActionsService);
    const siteUrl = `${fake.url}/ex/jira/${cloudId}`;
    const rssByPhase: Record<string, { rssMb: number; heapUsedMb: number }> = {};
    const log = (text: string) => {
      // With node --expose-gc, collect first so the heap figure shows what is still referenced.
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      rssByPhase[text] = {
        rssMb: round(memory.rss / 1024 / 1024, 1),
        heapUsedMb: round(memory.heapUsed / 1024 / 1024, 1),
      };
      process.stderr.write(`bench: ${text}\n`);
    };
    log('hub started');

    const rows: Row[] = [];
    const details: Record<string, unknown> = {};

    // 1. One action in process vs the same request with axios.
    log('1/4 jira.get_myself in process vs direct axios');
    const direct = axios.create({
      baseURL: `${siteUrl}/`,
      headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' },
    });
    const viaHub = async () => {
      const result = await actions.executeAction('jira.get_myself', aliasName, {}, IDENTITY);
      if (result.status !== 'success') throw new Error(result.error.message);
    };
    const viaAxios = () => direct.get('rest/api/3/myself');
    await alternateSequential(viaHub, viaAxios, { count: 300, batch: 50, maxMs: 10_000 });
    fake.requests.length = 0;
    const latency = await alternateSequential(viaHub, viaAxios, {
      count: 2000,
      batch: 100,
      maxMs: 30_000,
    });
    fake.requests.length = 0;
    const hubP50 = percentile(latency.a, 50);
    const directP50 = percentile(latency.b, 50);
    const latencyRatio = hubP50 / directP50;
    details.latency = {
      runs: { hub: latency.a.length, direct: latency.b.length },
      hubMs: { p50: round(hubP50), p99: round(percentile(latency.a, 99)) },
      directMs: { p50: round(directP50), p99: round(percentile(latency.b, 99)) },
      ratioP50: round(latencyRatio),
      ratioP99: round(percentile(latency.a, 99) / percentile(latency.b, 99)),
      hubStepsMeanMs: await timeHubSteps(app, aliasName),
    };
    rows.push(
      {
        figure: 'get_myself p50 / p99, hub in process (ms)',
        value: `${round(hubP50)} / ${round(percentile(latency.a, 99))}`,
        target: '',
        result: 'n/a',
      },
      {
        figure: 'get_myself p50 / p99, direct axios (ms)',
        value: `${round(directP50)} / ${round(percentile(latency.b, 99))}`,
        target: '',
        result: 'n/a',
      },
      {
        figure: 'latency ratio hub / direct at p50',
        value: round(latencyRatio, 2).toString(),
        target: '<= 1.2',
        result: latencyRatio <= 1.2 ? 'pass' : 'fail',
      },
    );

    // 2. Over HTTP at concurrency 50.
    log('2/4 POST /api/actions/jira.get_myself/execute at concurrency 50 vs direct');
    const executeBody = JSON.stringify({ alias: aliasName, inputs: {} });
    const hubRequest = () =>
      send(agent, 'POST', `${hubUrl}/api/actions/jira.get_myself/execute`, executeBody, {
        Authorization: `Bearer ${adminToken}`,
        'Content-Type': 'application/json',
      });
    const directRequest = () =>
      send(agent, 'GET', `${siteUrl}/rest/api/3/myself`, undefined, {
        Authorization: `Bearer ${TOKEN}`,
        Accept: 'application/json',
      });
    const load = { concurrency: 50, count: 500, maxMs: 5_000 };
    await closedLoop(directRequest, load);
    await closedLoop(hubRequest, load);
    fake.requests.length = 0;
    const measured = { concurrency: 50, count: 5000, maxMs: 15_000 };
    const directLoad = await closedLoop(directRequest, measured);
    fake.requests.length = 0;
    const hubLoad = await closedLoop(hubRequest, measured);
    fake.requests.length = 0;
    const throughputRatio = hubLoad.requestsPerSecond / directLoad.requestsPerSecond;
    details.throughput = {
      concurrency: 50,
      hub: { ...hubLoad, requestsPerSecond: round(hubLoad.requestsPerSecond, 1) },
      direct: { ...directLoad, requestsPerSecond: round(directLoad.requestsPerSecond, 1) },
      ratio: round(throughputRatio),
    };
    rows.push(
      {
        figure: 'HTTP execute at concurrency 50, hub (req/s)',
        value: `${round(hubLoad.requestsPerSecond, 0)} (${hubLoad.completed} ok, ${hubLoad.failed} failed)`,
        target: '',
        result: hubLoad.failed === 0 ? 'n/a' : 'fail',
      },
      {
        figure: 'HTTP at concurrency 50, direct to fake (req/s)',
        value: `${round(directLoad.requestsPerSecond, 0)} (${directLoad.completed} ok, ${directLoad.failed} failed)`,
        target: '',
        result: directLoad.failed === 0 ? 'n/a' : 'fail',
      },
      {
        figure: 'throughput ratio hub / direct',
        value: round(throughputRatio, 2).toString(),
        target: '>= 0.45',
        result: throughputRatio >= 0.45 && hubLoad.failed === 0 ? 'pass' : 'fail',
      },
    );

    // 3. search_users with fetchAll over 10,000 users.
    log('3/4 jira.search_users fetchAll over 10,000 users');
    const minimumRequests =
      Math.ceil(USERS / USER_SEARCH_PAGE) + (USERS % USER_SEARCH_PAGE === 0 ? 1 : 0);
    const search = await benchUserSearch(app, actions, fake, aliasName);
    details.searchUsers = { users: USERS, minimumRequests, ...search };
    if (search.available && search.error === undefined) {
      const ok = search.requests === minimumRequests && search.items === USERS;
      rows.push({
        figure: `search_users fetchAll: upstream requests (${search.items} users)`,
        value: `${search.requests} in ${round(search.ms, 0)} ms`,
        target: `= ${minimumRequests} (minimum)`,
        result: ok ? 'pass' : 'fail',
      });
    } else {
      rows.push({
        figure: 'search_users fetchAll: upstream requests',
        value: search.available ? `error: ${search.error}` : 'not available',
        target: `= ${minimumRequests} (minimum)`,
        result: search.available ? 'fail' : 'n/a',
      });
    }
    fake.requests.length = 0;

    // 4. Alias resolution with 10 vs 10,000 aliases.
    log('4/4 alias resolution with 10 vs 10,000 aliases');
    const resolver = app.get(AliasResolverService);
    const resolveOnce = () => resolver.resolveConnection(aliasName);
    const unitOfWork = app.get(UnitOfWork);
    const countAliases = () => unitOfWork.run((manager) => manager.count(AliasEntity));
    let benchAliases = 0;
    /** Adds plain aliases in one transaction until the table holds `total`. */
    const fillAliasesTo = async (total: number) => {
      const missing = total - (await countAliases());
      await unitOfWork.run(async (manager) => {
        const rowsToInsert = Array.from({ length: Math.max(0, missing) }, () => ({
          id: randomUUID(),
          name: `Bench_Alias_${String(benchAliases++).padStart(5, '0')}`,
          spoke: Spoke.Jira,
          parentId: null,
        }));
        for (let start = 0; start < rowsToInsert.length; start += 500) {
          await manager.insert(AliasEntity, rowsToInsert.slice(start, start + 500));
        }
      });
      return countAliases();
    };
    const fewAliases = await fillAliasesTo(FEW_ALIASES);
    const few = await timeResolutions(resolveOnce);
    const manyAliases = await fillAliasesTo(MANY_ALIASES);
    const many = await timeResolutions(resolveOnce);
    const resolutionRatio = many.meanMs / few.meanMs;
    details.aliasResolution = {
      few: { aliases: fewAliases, ...few },
      many: { aliases: manyAliases, ...many },
      ratio: round(resolutionRatio),
    };
    rows.push(
      {
        figure: `alias resolution, ${fewAliases} aliases (mean ms)`,
        value: round(few.meanMs).toString(),
        target: '',
        result: 'n/a',
      },
      {
        figure: `alias resolution, ${manyAliases} aliases (mean ms)`,
        value: round(many.meanMs).toString(),
        target: '',
        result: 'n/a',
      },
      {
        figure: 'alias resolution ratio many / few',
        value: round(resolutionRatio, 2).toString(),
        target: '<= 1.2',
        result: resolutionRatio <= 1.2 ? 'pass' : 'fail',
      },
    );

    // 5. Peak RSS.
    log('done');
    rss.stop();
    const peakMb = rss.peakBytes / 1024 / 1024;
    details.rss = { peakMb: round(peakMb, 1), mbAtStartOfPhase: rssByPhase };
    rows.push({
      figure: 'peak RSS (hub + fake + load in one process, MB)',
      value: round(peakMb, 1).toString(),
      target: '< 200',
      result: peakMb < 200 ? 'pass' : 'fail',
    });

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
    rss.stop();
    agent.destroy();
    await app?.close();
    await fake.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

async function benchUserSearch(
  app: INestApplication,
  actions: ActionsService,
  fake: FakeAtlassian,
  aliasName: string,
): Promise<{ available: boolean; error?: string; requests?: number; items?: number; ms: number }> {
  try {
    app.get(ActionCatalog).find('jira.search_users');
  } catch {
    return { available: false, ms: NaN };
  }
  const run = async () => {
    const before = fake.requests.length;
    const started = nowMs();
    const result = await actions.executeAction(
      'jira.search_users',
      aliasName,
      { fetchAll: true },
      IDENTITY,
    );
    const ms = nowMs() - started;
    const requests = fake.requests.length - before;
    if (result.status !== 'success') return { error: result.error.message, requests, ms };
    const items = (result.outputs as { items?: unknown[] }).items?.length ?? 0;
    return { requests, items, ms };
  };
  try {
    await run();
    const runs = [await run(), await run(), await run()];
    const failed = runs.find((r) => r.error !== undefined);
    if (failed) return { available: true, ...failed };
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b)[1];
    return { available: true, requests: runs[1].requests, items: runs[1].items, ms };
  } catch (error) {
    return { available: true, error: (error as Error).message, ms: NaN };
  }
}

/** Where the hub's time goes in one execution: each step alone, mean of 500 runs. */
async function timeHubSteps(
  app: INestApplication,
  aliasName: string,
): Promise<Record<string, number>> {
  const resolver = app.get(AliasResolverService);
  const executions = app.get(ExecutionsService);
  const { connection, credential } = await resolver.resolveConnection(aliasName);
  const client = await resolver.createClient(connection, credential);
  const steps: Record<string, () => Promise<unknown>> = {
    resolveConnection: () => resolver.resolveConnection(aliasName),
    createClient: () => resolver.createClient(connection, credential),
    upstreamGetMyself: () => client.get('rest/api/3/myself'),
    recordExecution: () => {
      const execution = new ExecutionEntity();
      execution.id = randomUUID();
      execution.action = 'jira.get_myself';
      execution.alias = aliasName;
      execution.connectionId = connection.id;
      execution.actor = IDENTITY.name;
      execution.inputs = toStoredJson({});
      execution.status = 'success';
      execution.upstream = toStoredJson([
        { method: 'GET', path: 'rest/api/3/myself', status: 200, durationMs: 1, attempt: 1 },
      ]);
      execution.outputs = toStoredJson({ accountId: 'x', displayName: 'Bench Bot' });
      execution.error = null;
      execution.startedAt = new Date();
      execution.finishedAt = new Date();
      execution.durationMs = 0;
      return executions.recordExecution(execution);
    },
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

async function timeResolutions(
  resolveOnce: () => Promise<unknown>,
): Promise<{ runs: number; meanMs: number; p50Ms: number }> {
  for (let i = 0; i < 300; i++) await resolveOnce();
  const samples: number[] = [];
  const deadline = nowMs() + 15_000;
  while (samples.length < 3000 && nowMs() < deadline) {
    const started = nowMs();
    await resolveOnce();
    samples.push(nowMs() - started);
  }
  return {
    runs: samples.length,
    meanMs: round(mean(samples), 4),
    p50Ms: round(percentile(samples, 50), 4),
  };
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
