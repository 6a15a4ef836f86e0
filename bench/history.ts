import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Api, connectedAlias } from '../test/factories/records';
import { closedLoop, median, nowMs, percentile, round } from './measure';
import { FakeProcess, HubProcess } from './processes';

/**
 * The execution history at 1,000,000 rows (issue 11): filtered `GET /api/executions` on a hub
 * process whose SQLite file holds a million executions, and executions per second over HTTP with
 * and without a filtered list every second. `npm run bench` calls `historyFigures`; `node
 * dist-bench/bench/history.js` runs these figures alone. What they mean: docs/benchmark.md.
 */

export const HISTORY_ROWS = 1_000_000;
const SEED_CHUNK = 100_000;
const SPAN_MS = 7 * 24 * 60 * 60 * 1000;
const ACTIONS = 20;
const ALIASES = 50;
const LIST_RUNS = 40;
const LOAD_CONCURRENCY = 20;
const LOAD_ROUND_MS = 4000;
const LOAD_PAIRS = 6;
const TOKEN = 'bench-bearer-token';

export interface HistoryRow {
  figure: string;
  value: string;
  target: string;
  result: 'pass' | 'fail' | 'n/a';
}

export interface HistoryBench {
  fake: FakeProcess;
  /** A temporary directory for the hub's SQLite file. */
  directory: string;
  rows: HistoryRow[];
  details: Record<string, unknown>;
  log: (text: string) => void;
}

/** The seeded history: one execution every 0.6 s over the last 7 days. */
interface Seeded {
  /** Epoch ms of the oldest and newest seeded execution. */
  oldest: number;
  newest: number;
  /** How long the rows took to insert, and the indexes to build. */
  insertMs: number;
  indexMs: number;
}

export async function historyFigures({
  fake,
  directory,
  rows,
  details,
  log,
}: HistoryBench): Promise<void> {
  const adminToken = `bench-admin-${randomBytes(24).toString('hex')}`;
  const env = {
    HUB_ADMIN_TOKEN: adminToken,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUB_DATABASE_PATH: join(directory, 'history', 'hub.sqlite'),
    HUB_LOG_LEVEL: 'warn',
    ATLASSIAN_API_URL: fake.url,
  };
  // First start: migrations, an alias to the fake and a designer token, through the API.
  let hub = await HubProcess.start(env);
  let aliasName: string;
  let designerToken: string;
  try {
    const api = new Api(request(hub.url), adminToken);
    ({ aliasName } = await connectedAlias(api, fake.url, fake.cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
    }));
    designerToken = (
      (await api.post('/api/tokens', { name: 'bench-history', role: 'designer' }).expect(201))
        .body as { token: string }
    ).token;
  } finally {
    await hub.stop();
  }

  log(`seeding ${HISTORY_ROWS.toLocaleString('en')} executions`);
  const seedStarted = nowMs();
  const seeded = await seedExecutions(env.HUB_DATABASE_PATH);
  const seedMs = nowMs() - seedStarted;

  hub = await HubProcess.start(env);
  const agent = new Agent({ keepAlive: true, maxSockets: LOAD_CONCURRENCY + 2 });
  try {
    const list = (query: string) =>
      send(agent, 'GET', `${hub.url}/api/executions?${query}`, undefined, {
        Authorization: `Bearer ${adminToken}`,
      });
    log('history: filtered GET /api/executions, p50 of each filter');
    const listFigures = await listLatencies(list, seeded);
    for (const figure of listFigures) {
      rows.push({
        figure: `GET /api/executions?${figure.label}, ${HISTORY_ROWS / 1e6}M rows, p50 (ms)`,
        value: figure.failed > 0 ? `${figure.failed} failed` : round(figure.p50, 2).toString(),
        target: '<= 20',
        result: figure.failed === 0 && figure.p50 <= 20 ? 'pass' : 'fail',
      });
    }

    log('history: executions per second with and without a filtered list every second');
    const executeBody = JSON.stringify({ alias: aliasName, inputs: {} });
    const execute = () =>
      send(agent, 'POST', `${hub.url}/api/actions/jira.get_myself/execute`, executeBody, {
        Authorization: `Bearer ${designerToken}`,
        'Content-Type': 'application/json',
      }).then((answer) => answer.ok);
    const load = await executionsWhileListing(execute, list, seeded, () => fake.reset());
    rows.push({
      figure: `executions/s at concurrency ${LOAD_CONCURRENCY}, with / without a list every 1 s (medians)`,
      value: `${round(load.withLists, 0)} / ${round(load.without, 0)} (ratio ${round(load.ratio, 2)}, ${load.failed} failed)`,
      target: 'ratio >= 0.9',
      result: load.ratio >= 0.9 && load.failed === 0 ? 'pass' : 'fail',
    });
    details.history = {
      rows: HISTORY_ROWS,
      seedMs: {
        total: round(seedMs, 0),
        rows: round(seeded.insertMs, 0),
        indexes: round(seeded.indexMs, 0),
      },
      lists: listFigures.map((figure) => ({ ...figure, p50: round(figure.p50, 2) })),
      load,
    };
  } finally {
    agent.destroy();
    await hub.stop();
  }
}

/**
 * A million rows straight into the file while no hub runs: the indexes are dropped, the rows
 * generated by SQLite itself in transactions of SEED_CHUNK, and the indexes built again (a sorted
 * build is far quicker than a million random inserts into nine indexes). Spread like a real
 * history: 20 actions, 50 aliases, one error in 19, a request id each. Ids begin with the row's
 * number in hex, so the primary key grows at its end instead of at random places.
 */
export async function seedExecutions(path: string): Promise<Seeded> {
  // Nothing else has the file open: a crash would only cost a rerun, so no syncs, and memory
  // enough to sort each index in one go.
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: path,
    prepareDatabase: (db: { pragma: (source: string) => unknown }) => {
      db.pragma('synchronous = OFF');
      db.pragma('cache_size = -262144');
      db.pragma('temp_store = MEMORY');
    },
  });
  await dataSource.initialize();
  try {
    const indexes = await dataSource.query<Array<{ sql: string; name: string }>>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'executions' AND sql IS NOT NULL",
    );
    for (const { name } of indexes) await dataSource.query(`DROP INDEX ${name}`);
    const started = nowMs();
    const newest = Date.now() - 60_000;
    const oldest = newest - SPAN_MS;
    const stepMs = SPAN_MS / (HISTORY_ROWS - 1);
    for (let start = 0; start < HISTORY_ROWS; start += SEED_CHUNK) {
      await dataSource.transaction((manager) =>
        manager.query(
          seedSql(start, Math.min(HISTORY_ROWS, start + SEED_CHUNK) - 1, oldest, stepMs),
        ),
      );
    }
    const inserted = nowMs();
    for (const { sql } of indexes) await dataSource.query(sql);
    return { oldest, newest, insertMs: inserted - started, indexMs: nowMs() - inserted };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Rows i = first .. last; started_at = oldest + i * stepMs, as TypeORM writes dates on SQLite.
 * Numbers of our own, written into the text (better-sqlite3 takes no numbered parameters).
 */
const seedSql = (first: number, last: number, oldest: number, stepMs: number) => `
WITH RECURSIVE n(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM n WHERE i < ${last})
INSERT INTO executions (id, action, alias, connection_id, actor, request_id, status, inputs,
  outputs, error, upstream, started_at, finished_at, duration_ms)
SELECT
  lower(printf('%08x', i) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a' ||
    substr(h, 18, 3) || '-' || substr(h, 21, 12)),
  'jira.bench_action_' || (i % ${ACTIONS}),
  'Bench_Alias_' || ((i / 7) % ${ALIASES}),
  NULL,
  'bench-designer',
  'bench-request-' || i,
  CASE WHEN i % 19 = 0 THEN 'error' ELSE 'success' END,
  '{"issueKey":"BENCH-' || i || '","fields":["summary","status"]}',
  CASE WHEN i % 19 = 0 THEN NULL
    ELSE '{"key":"BENCH-' || i || '","fields":{"summary":"A bench issue","status":"Done"}}' END,
  CASE WHEN i % 19 = 0 THEN '{"httpStatus":404,"message":"Issue does not exist"}' ELSE NULL END,
  '[{"method":"GET","path":"/rest/api/3/issue/BENCH-' || i || '","status":200,"durationMs":42,"attempt":1}]',
  strftime('%Y-%m-%d %H:%M:%f', 2440587.5 + (${oldest} + i * ${stepMs}) / 86400000.0),
  strftime('%Y-%m-%d %H:%M:%f', 2440587.5 + (${oldest} + i * ${stepMs} + 50) / 86400000.0),
  50
FROM (SELECT i, hex(randomblob(16)) AS h FROM n)`;

interface ListFigure {
  label: string;
  p50: number;
  p90: number;
  failed: number;
  /** What the first answer said: how many items, the total and whether it was exact. */
  firstAnswer?: { items: number; total: number; totalExact: boolean };
}

/** Each documented filter, then a keyset page deep in a filtered history. */
function filterQueries(seeded: Seeded): Array<{ label: string; query: string }> {
  const hour = 60 * 60 * 1000;
  const middle = seeded.oldest + (seeded.newest - seeded.oldest) / 2;
  const from = new Date(middle).toISOString();
  const to = new Date(middle + hour).toISOString();
  return [
    { label: '(no filter)', query: '' },
    { label: 'action=…', query: 'action=jira.bench_action_7' },
    { label: 'alias=…', query: 'alias=Bench_Alias_12' },
    { label: 'status=error', query: 'status=error' },
    { label: 'requestId=…', query: 'requestId=bench-request-500000' },
    { label: 'from=…&to=… (1 h)', query: `from=${from}&to=${to}` },
    {
      label: 'action&alias&status',
      query: 'action=jira.bench_action_3&alias=Bench_Alias_3&status=success',
    },
    { label: 'action=…&from=…&to=…', query: `action=jira.bench_action_7&from=${from}&to=${to}` },
    { label: 'status=error&offset=5000', query: 'status=error&offset=5000' },
  ];
}

async function listLatencies(
  list: (query: string) => Promise<Answer>,
  seeded: Seeded,
): Promise<ListFigure[]> {
  const figures: ListFigure[] = [];
  const queries = filterQueries(seeded);
  // The keyset page: the page after the first page of action=…&status=error.
  const first = await list('action=jira.bench_action_7&status=error&limit=50');
  const cursor = (JSON.parse(first.body) as { nextCursor?: string }).nextCursor ?? '';
  queries.push({
    label: 'action&status&cursor=…',
    query: `action=jira.bench_action_7&status=error&cursor=${cursor}`,
  });
  for (const { label, query } of queries) {
    for (let i = 0; i < 5; i++) await list(query);
    const samples: number[] = [];
    let failed = 0;
    let firstAnswer: ListFigure['firstAnswer'];
    for (let i = 0; i < LIST_RUNS; i++) {
      const started = nowMs();
      const answer = await list(query);
      samples.push(nowMs() - started);
      if (!answer.ok) failed++;
      else if (!firstAnswer) {
        const page = JSON.parse(answer.body) as {
          items: unknown[];
          total: number;
          totalExact: boolean;
        };
        firstAnswer = { items: page.items.length, total: page.total, totalExact: page.totalExact };
      }
    }
    figures.push({
      label,
      p50: percentile(samples, 50),
      p90: percentile(samples, 90),
      failed,
      firstAnswer,
    });
  }
  return figures;
}

/**
 * Closed-loop executions at LOAD_CONCURRENCY for LOAD_ROUND_MS per round, in pairs of rounds:
 * one alone and one with a filtered list (the next documented filter each time) sent every
 * second, the pair's order alternating so that drift in the machine's load falls on both sides.
 * The figure is the median of the pairs' ratios.
 */
async function executionsWhileListing(
  execute: () => Promise<boolean>,
  list: (query: string) => Promise<Answer>,
  seeded: Seeded,
  reset: () => void,
) {
  const queries = filterQueries(seeded).map((entry) => entry.query);
  const endless = { concurrency: LOAD_CONCURRENCY, count: Number.MAX_SAFE_INTEGER };
  await closedLoop(execute, { ...endless, maxMs: 3000 });
  reset();
  let failed = 0;
  let lists = 0;
  const alone = async () => {
    const result = await closedLoop(execute, { ...endless, maxMs: LOAD_ROUND_MS });
    reset();
    failed += result.failed;
    return result.requestsPerSecond;
  };
  const listing = async () => {
    const timer = setInterval(() => {
      void list(queries[lists++ % queries.length]).then((answer) => {
        if (!answer.ok) failed++;
      });
    }, 1000);
    const result = await closedLoop(execute, { ...endless, maxMs: LOAD_ROUND_MS }).finally(() =>
      clearInterval(timer),
    );
    reset();
    failed += result.failed;
    return result.requestsPerSecond;
  };
  const pairs: Array<{ without: number; withLists: number; ratio: number }> = [];
  for (let i = 0; i < LOAD_PAIRS; i++) {
    let without: number;
    let withLists: number;
    if (i % 2 === 0) {
      without = await alone();
      withLists = await listing();
    } else {
      withLists = await listing();
      without = await alone();
    }
    pairs.push({
      without: round(without, 1),
      withLists: round(withLists, 1),
      ratio: round(withLists / without),
    });
  }
  return {
    pairs,
    lists,
    without: median(pairs.map((pair) => pair.without)),
    withLists: median(pairs.map((pair) => pair.withLists)),
    ratio: median(pairs.map((pair) => pair.ratio)),
    failed,
  };
}

interface Answer {
  ok: boolean;
  body: string;
}

/** A minimal HTTP client, so the load generator costs little; 127.0.0.1 only. */
function send(
  agent: Agent,
  method: string,
  url: string,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolveAnswer) => {
    const target = new URL(url);
    if (target.hostname !== '127.0.0.1') throw new Error(`bench only calls 127.0.0.1, not ${url}`);
    const req = httpRequest(
      {
        agent,
        method,
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers:
          body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolveAnswer({
            ok: response.statusCode === 200,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', () => resolveAnswer({ ok: false, body: '' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolveAnswer({ ok: false, body: '' }));
    req.end(body);
  });
}

/** These figures alone, without the rest of `npm run bench`. */
async function standalone(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'hub-bench-history-'));
  const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
  const fake = await FakeProcess.start({ BENCH_FAKE_USERS: '10', BENCH_FAKE_BEARER: TOKEN });
  try {
    const rows: HistoryRow[] = [];
    const details: Record<string, unknown> = {};
    await historyFigures({ fake, directory, rows, details, log });
    for (const row of rows) {
      process.stdout.write(
        `${row.figure.padEnd(72)}  ${row.value.padEnd(36)}  ${row.target.padEnd(14)}  ${row.result}\n`,
      );
    }
    process.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
  } finally {
    await fake.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

if (require.main === module) {
  standalone().catch((error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
