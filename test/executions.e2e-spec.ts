import { randomUUID } from 'node:crypto';
import { ExecutionEntity } from '../src/executions/execution.entity';
import { ExecutionsService } from '../src/executions/executions.service';
import { Api } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const DAY = 24 * 60 * 60 * 1000;

function execution(startedAt: Date, overrides: Partial<ExecutionEntity> = {}): ExecutionEntity {
  return Object.assign(new ExecutionEntity(), {
    id: randomUUID(),
    action: 'jira.get_myself',
    alias: 'Jira',
    connectionId: null,
    actor: 'test',
    status: 'success',
    inputs: '{}',
    outputs: '{}',
    error: null,
    upstream: '[]',
    startedAt,
    finishedAt: startedAt,
    durationMs: 1,
    ...overrides,
  });
}

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
    const old = execution(new Date(Date.now() - 8 * DAY));
    const recent = execution(new Date(Date.now() - 6 * DAY));
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
      const entry = execution(new Date(base + i * 60_000), { alias: 'Range_Alias' });
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
});
