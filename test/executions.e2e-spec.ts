import { DataSource } from 'typeorm';
import { ExecutionsService } from '../src/executions/executions.service';
import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { executionRow } from './factories/executions';
import { Api, connectedAlias } from './factories/records';
import { refuseExecutions } from './support/refuse-executions';
import { TEST_DATABASE } from './support/test-database';
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

describe('Execution history committed before the answer', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let aliasName: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded({ users: 0, customers: 0 })).start();
    const cloudId = fake.addSite('history.atlassian.net');
    fake.addAccount({ bearer: 'history-token' }, { displayName: 'History Bot' });
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    admin = new Api(hub.http, hub.adminToken);
    ({ aliasName } = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: 'history-token',
    }));
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.stop();
  });

  const execute = (alias = aliasName) =>
    admin.post('/api/actions/jira.get_myself/execute', { alias, inputs: {} });

  const storedIds = (id: string) =>
    hub.app
      .get(DataSource)
      .query<Array<{ id: string }>>(
        `SELECT id FROM executions WHERE id = ${TEST_DATABASE === 'postgres' ? '$1' : '?'}`,
        [id],
      );

  it('has the execution in the database when the execute call answers', async () => {
    const response = await execute().expect(200);
    const id = (response.body as { executionId: string }).executionId;

    expect(await storedIds(id)).toEqual([{ id }]);
    const list = await admin.get(`/api/executions?alias=${aliasName}`).expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(id);
  });

  describe('when the database does not commit the execution', () => {
    let accept: () => Promise<void>;
    beforeEach(async () => (accept = await refuseExecutions(hub.app.get(DataSource))));
    afterEach(() => accept());

    const notRecordedLogs = () =>
      hub.logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === 'An execution could not be recorded');

    it('answers 500 execution_not_recorded with the outcome, and logs the whole execution', async () => {
      const before = fake.requestsTo('/rest/api/3/myself').length;

      const response = await execute().expect(500);

      expect(fake.requestsTo('/rest/api/3/myself')).toHaveLength(before + 1);
      const body = response.body as { executionId: string };
      expect(body).toEqual({
        statusCode: 500,
        error: 'execution_not_recorded',
        message: expect.stringContaining(
          'jira.get_myself ran, but its execution could not be recorded in the history',
        ) as string,
        executionId: expect.any(String) as string,
        outcome: {
          status: 'success',
          outputs: expect.objectContaining({ displayName: 'History Bot' }) as object,
        },
      });
      expect(response.body.message).toContain('It sent 1 request to Atlassian');
      expect(await storedIds(body.executionId)).toEqual([]);
      expect(notRecordedLogs()).toContainEqual(
        expect.objectContaining({
          level: 'error',
          executionId: body.executionId,
          action: 'jira.get_myself',
          status: 'success',
          outputs: expect.stringContaining('History Bot') as string,
        }),
      );
    });

    it('says so for an execution Atlassian failed, instead of its 502', async () => {
      fake.injectFaults({ kind: 'status', status: 400, path: /myself$/ });

      const response = await execute().expect(500);

      expect(response.body).toEqual(
        expect.objectContaining({
          error: 'execution_not_recorded',
          outcome: {
            status: 'error',
            error: expect.objectContaining({ httpStatus: 400 }) as object,
          },
        }),
      );
    });

    it('says so for a refusal of the hub, which sent nothing to Atlassian', async () => {
      const response = await execute('No_Such_Alias').expect(500);

      expect(response.body).toEqual(
        expect.objectContaining({
          error: 'execution_not_recorded',
          outcome: {
            status: 'error',
            error: expect.objectContaining({
              message: expect.stringContaining('No_Such_Alias') as string,
            }) as object,
          },
        }),
      );
      expect(response.body.message).toContain('Nothing was sent to Atlassian');
    });
  });

  it('commits the rest of a batch that the database refused, and logs the row it could not write', async () => {
    // A hub of its own: Nest's loggers write through the app created last.
    const refusing = await startTestHub();
    try {
      const executions = refusing.app.get(ExecutionsService);
      const written = executionRow({ alias: 'Batch_Alias' });
      await executions.recordExecution(written);
      const others = [
        executionRow({ alias: 'Batch_Alias' }),
        executionRow({ alias: 'Batch_Alias' }),
      ];

      // Recorded together, so committed in one transaction; the same id again breaks the
      // primary key, and with it the batch's INSERT.
      const results = await Promise.allSettled([
        executions.recordExecution(executionRow({ id: written.id, alias: 'Batch_Alias' })),
        ...others.map((other) => executions.recordExecution(other)),
      ]);

      expect(results.map((result) => result.status)).toEqual([
        'rejected',
        'fulfilled',
        'fulfilled',
      ]);
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
