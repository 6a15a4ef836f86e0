import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import request from 'supertest';
import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { Api, connectedAlias } from './factories/records';
import { HubProcess, startHubProcess } from './support/hub-process';
import { createTestDatabase, TEST_DATABASE, TestDatabase } from './support/test-database';

const TOKEN = 'durable-bearer-token';
/** Requests in flight during the burst. */
const WORKERS = 24;
/** The hub is killed once this many executions have been answered. */
const ANSWERS_BEFORE_KILL = 300;
/** An account the fake does not know: jira.get_user is answered 404, so the hub answers 502. */
const UNKNOWN_ACCOUNT = '5b10ac8d82e05b22cc7d4ef9';

interface Answer {
  status: number;
  executionId?: string;
  body: string;
}

/**
 * A hub killed with SIGKILL runs no shutdown hook: what it had not committed is gone. Every
 * execution it answered must still be in the history when it starts again.
 */
describe(`Executions answered before a SIGKILL are in the history after a restart (${TEST_DATABASE})`, () => {
  jest.setTimeout(180_000);
  let fake: FakeAtlassian;
  let database: TestDatabase;
  let env: Record<string, string>;
  const hubs: HubProcess[] = [];
  let aliasName: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded({ users: 1, customers: 0 })).start();
    const cloudId = fake.addSite('durable.atlassian.net');
    fake.addAccount({ bearer: TOKEN }, { displayName: 'Durable Bot' });
    database = await createTestDatabase();
    env = {
      ...database.env,
      ATLASSIAN_API_URL: fake.url,
      HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      HUB_ADMIN_TOKEN: `durable-${randomBytes(24).toString('hex')}`,
      HUB_LOG_LEVEL: 'warn',
    };
    hubs.push(await startHubProcess(env));
    ({ aliasName } = await connectedAlias(
      new Api(request(hubs[0].url), env.HUB_ADMIN_TOKEN),
      fake.url,
      cloudId,
      { parentAlias: 'Jira', token: TOKEN },
    ));
  });

  afterAll(async () => {
    for (const hub of hubs) await hub.kill();
    await database?.drop();
    await fake?.stop();
  });

  it('finds every execution answered 200 or 502, with its outcome', async () => {
    const hub = hubs[0];
    const agent = new Agent({ keepAlive: true, maxSockets: WORKERS });
    const answers: Answer[] = [];
    const unexpected: Answer[] = [];
    const lost: string[] = [];
    let killing: Promise<void> | undefined;
    const deadline = Date.now() + 60_000;

    const worker = async (index: number) => {
      const body =
        index % 3 === 0
          ? { name: 'jira.get_user', inputs: { accountId: UNKNOWN_ACCOUNT } }
          : { name: 'jira.get_myself', inputs: {} };
      while (!killing && Date.now() < deadline) {
        try {
          const answer = await execute(hub.url, agent, env.HUB_ADMIN_TOKEN, aliasName, body);
          if ((answer.status === 200 || answer.status === 502) && answer.executionId) {
            answers.push(answer);
          } else unexpected.push(answer);
          if (answers.length >= ANSWERS_BEFORE_KILL) killing ??= hub.kill();
        } catch (error) {
          // The requests in flight when the process died: answered by nobody.
          lost.push((error as Error).message);
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
    await killing;
    agent.destroy();

    expect(unexpected).toEqual([]);
    // The kill came in the middle of the burst: executions were still running.
    expect(answers.length).toBeGreaterThanOrEqual(ANSWERS_BEFORE_KILL);
    expect(lost.length).toBeGreaterThan(0);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200, 502]));

    const restarted = await startHubProcess(env);
    hubs.push(restarted);
    const stored = await allExecutions(new Api(request(restarted.url), env.HUB_ADMIN_TOKEN));
    const missing = answers.filter((answer) => !stored.has(answer.executionId!));
    expect(missing.map((answer) => `${answer.status} ${answer.executionId}`)).toEqual([]);
    const wrong = answers.filter(
      (answer) => stored.get(answer.executionId!) !== (answer.status === 200 ? 'success' : 'error'),
    );
    expect(wrong.map((answer) => `${answer.status} ${answer.executionId}`)).toEqual([]);
  });
});

/** One execute call through the burst's sockets; rejects when the connection breaks. */
function execute(
  url: string,
  agent: Agent,
  token: string,
  alias: string,
  { name, inputs }: { name: string; inputs: object },
): Promise<Answer> {
  const payload = JSON.stringify({ alias, inputs });
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${url}/api/actions/${name}/execute`,
      {
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let executionId: string | undefined;
          try {
            executionId = (JSON.parse(body) as { executionId?: string }).executionId;
          } catch {
            executionId = undefined;
          }
          resolve({ status: response.statusCode ?? 0, executionId, body });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** Every execution in the history, by id, with its status. */
async function allExecutions(api: Api): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  for (let offset = 0; ; offset += 200) {
    const page = (await api.get(`/api/executions?limit=200&offset=${offset}`).expect(200)).body as {
      items: Array<{ id: string; status: string }>;
      total: number;
    };
    for (const item of page.items) stored.set(item.id, item.status);
    if (offset + 200 >= page.total) return stored;
  }
}
