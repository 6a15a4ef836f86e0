import { randomUUID } from 'node:crypto';
import { ExecutionEntity } from '../src/executions/execution.entity';
import { ExecutionsService } from '../src/executions/executions.service';
import { Api } from './factories/records';
import { signInConsole } from './support/console-session';
import { startTestHub, TestHub } from './support/test-hub';

describe('Console pages over HTTP', () => {
  let hub: TestHub;
  let cookie: string;

  beforeAll(async () => {
    hub = await startTestHub();
    const admin = new Api(hub.http, hub.adminToken);
    await admin
      .post('/api/users', { username: 'dee', password: 'designer password', role: 'designer' })
      .expect(201);
    ({ cookie } = await signInConsole(hub.http, 'dee', 'designer password'));
    const executions = hub.app.get(ExecutionsService);
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 30; i++) {
      await executions.recordExecution(
        Object.assign(new ExecutionEntity(), {
          id: randomUUID(),
          action: i % 3 === 0 ? 'jira.get_myself' : 'jsm.create_customer',
          alias: 'Jira_SM',
          connectionId: null,
          actor: 'flow',
          status: i % 3 === 0 ? 'error' : 'success',
          inputs: '{}',
          outputs: null,
          error: null,
          upstream: '[]',
          startedAt: new Date(start + i * 60_000),
          finishedAt: new Date(start + i * 60_000 + 5),
          durationMs: 5,
        }),
      );
    }
  });
  afterAll(() => hub.close());

  const get = (path: string) => hub.http.get(path).set('Cookie', cookie);

  it('pages the execution history 25 at a time, keeping the filters in the links', async () => {
    const first = await get('/executions').expect(200);
    expect(first.text).toContain('1–25 of 30');
    const older = /href="([^"]+)" rel="next"/.exec(first.text)?.[1].replace(/&amp;/g, '&');
    expect(older).toBe('/executions?offset=25');
    const second = await get(older!).expect(200);
    expect(second.text).toContain('26–30 of 30');
    expect(second.text).not.toContain('rel="next"');

    const filtered = await get('/executions?status=error&action=jira.get_myself').expect(200);
    expect(filtered.text).toContain('1–10 of 10');

    const range = await get('/executions?from=2026-01-01T00:10&to=2026-01-01T00:20').expect(200);
    expect(range.text).toContain('1–10 of 10');
  });
});
