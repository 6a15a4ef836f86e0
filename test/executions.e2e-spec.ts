import { DataSource } from 'typeorm';
import { ExecutionsService } from '../src/executions/executions.service';
import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { executionRow } from './factories/executions';
import { Api, connectedAlias } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const DAY = 24 * 60 * 60 * 1000;

describe('Execution history retention', () => {
  let hub: TestHub;
  let admin: Api;

  beforeAll(async () => {
    hub = await startTestHub({ env: { HUB_EXECUTION_RETENTION_DAYS: '7' } });
    admin = new Api(hub.http, hub.adminToken);
  });
  afterAll(() => hub.close());

  it('prunes executions older than HUB_EXECUTION_RETENTION_DAYS and keeps newer ones', async () => {
    const executions = hub.app.get(ExecutionsService);
    const old = executionRow({ startedAt: new Date(Date.now() - 8 * DAY) });
    const recent = executionRow({ startedAt: new Date(Date.now() - 6 * DAY) });
    await executions.recordExecution(old);
    await executions.recordExecution(recent);

    expect(await executions.pruneExecutions()).toBe(1);

    await admin.get(`/api/executions/${old.id}`).expect(404);
    await admin.get(`/api/executions/${recent.id}`).expect(200);
  });

  it('filters by time range, newest first', async () => {
    const executions = hub.app.get(ExecutionsService);
    const base = Date.now() - DAY;
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const entry = executionRow({ startedAt: new Date(base + i * 60_000), alias: 'Range_Alias' });
      ids.push(entry.id);
      await executions.recordExecution(entry);
    }
    const from = new Date(base + 30_000).toISOString();
    const to = new Date(base + 150_000).toISOString();
    const response = await admin
      .get(`/api/executions?alias=Range_Alias&from=${from}&to=${to}`)
      .expect(200);
    expect(response.body.items.map((e: { id: string }) => e.id)).toEqual([ids[2], ids[1]]);
  });

  it.each(['2024-W01', '20240101', 'yesterday', '2026-13-01T00:00:00Z'])(
    'refuses from=%s, a date JavaScript cannot read, naming the field (400, never 500)',
    async (value) => {
      for (const field of ['from', 'to']) {
        const response = await admin
          .get(`/api/executions?${field}=${encodeURIComponent(value)}`)
          .expect(400);
        expect(response.body.errors).toEqual([
          expect.objectContaining({ field, rule: 'isDateTime' }),
        ]);
      }
    },
  );
});

describe('Execution history written behind the answer', () => {
  // So long that, within a test, only a flush can have written a row.
  const env = { HUB_EXECUTION_WRITE_DELAY_MS: '10000' };
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let aliasName: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded({ users: 0, customers: 0 })).start();
    const cloudId = fake.addSite('history.atlassian.net');
    fake.addAccount({ bearer: 'history-token' }, { displayName: 'History Bot' });
    hub = await startTestHub({ env: { ...env, ATLASSIAN_API_URL: fake.url } });
    admin = new Api(hub.http, hub.adminToken);
    ({ aliasName } = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: 'history-token',
    }));
  });
  afterAll(async () => {
    await hub.close();
    await fake.stop();
  });

  const execute = async (api = admin) => {
    const response = await api
      .post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} })
      .expect(200);
    return (response.body as { executionId: string }).executionId;
  };

  it('shows an execution on this instance as soon as its execute call has answered', async () => {
    const id = await execute();

    await admin.get(`/api/executions/${id}`).expect(200);
    const list = await admin.get(`/api/executions?alias=${aliasName}`).expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(id);
  });

  it('writes what is still waiting when the hub closes', async () => {
    const closing = await startTestHub({
      env: { ...env, ATLASSIAN_API_URL: fake.url, HUB_ENCRYPTION_KEY: hub.config.encryptionKey },
      database: hub.database,
    });
    const id = await execute(new Api(closing.http, closing.adminToken));

    await closing.close({ keepDatabase: true });

    const rows = await hub.app
      .get(DataSource)
      .query<Array<{ id: string }>>(`SELECT id FROM executions WHERE id = '${id}'`);
    expect(rows).toEqual([{ id }]);
  });

  it('keeps the rest of a batch that the database refused, and logs the row it could not write', async () => {
    // A hub of its own: Nest's loggers write through the app created last.
    const refusing = await startTestHub({ env });
    try {
      const executions = refusing.app.get(ExecutionsService);
      const written = executionRow({ alias: 'Batch_Alias' });
      await executions.recordExecution(written);
      await executions.flushExecutions();
      const others = [
        executionRow({ alias: 'Batch_Alias' }),
        executionRow({ alias: 'Batch_Alias' }),
      ];

      // The same id again: its INSERT breaks the primary key, and with it the batch's.
      await executions.recordExecution(executionRow({ id: written.id, alias: 'Batch_Alias' }));
      for (const other of others) await executions.recordExecution(other);
      const list = await executions.listExecutions({ alias: 'Batch_Alias' });

      expect(list.items.map((e) => e.id).sort()).toEqual(
        [written.id, ...others.map((e) => e.id)].sort(),
      );
      const lost = refusing.logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === 'An execution could not be recorded');
      expect(lost).toEqual([
        expect.objectContaining({
          level: 'error',
          executionId: written.id,
          action: 'jira.get_myself',
        }),
      ]);
    } finally {
      await refusing.close();
    }
  });
});
