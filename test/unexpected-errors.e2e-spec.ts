import { DataSource } from 'typeorm';
import { Api } from './factories/records';
import { createAndSignIn } from './support/console-session';
import { startTestHub, TestHub } from './support/test-hub';

const ADA = { username: 'ada', password: 'admin password 1', role: 'admin' } as const;

// One hub in this file: Nest's loggers write to the last app created in the process, and the
// log is what these tests read.
describe('Unexpected failures', () => {
  let hub: TestHub;
  let cookie: string;

  beforeAll(async () => {
    hub = await startTestHub();
    ({ cookie } = await createAndSignIn(hub.http, hub.adminToken, ADA));
  });
  afterAll(() => hub.close());

  it('answers with a correlation id, API and console alike, and logs the cause under it', async () => {
    const dataSource = hub.app.get(DataSource);
    // A table that is gone fails every query on it with the database driver's own error.
    await dataSource.query('ALTER TABLE executions RENAME TO executions_away');
    try {
      const api = await new Api(hub.http, hub.adminToken).get('/api/executions').expect(500);
      const page = await hub.http.get('/executions').set('Cookie', cookie).expect(500);

      expect(api.body).toEqual({
        statusCode: 500,
        error: 'internal_error',
        message: `Internal error; quote ${api.body.correlationId} to the hub's operators`,
        correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      const pageId = /Reference: <code>([0-9a-f-]{36})<\/code>/.exec(page.text)?.[1];
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('Something went wrong');
      expect(page.text).toContain(`An unexpected error happened; quote ${pageId} to the hub`);
      expect(page.text).not.toContain('QueryFailedError');
      for (const correlationId of [api.body.correlationId as string, pageId!]) {
        const logged = hub.logLines.filter((line) => line.includes(correlationId));
        expect(logged).toHaveLength(1);
        // SQLite reads the history in a worker thread, whose errors arrive as plain Errors.
        expect(logged[0]).toMatch(
          new RegExp(
            `Unhandled error ${correlationId}: (QueryFailedError|Error: no such table: executions)`,
          ),
        );
      }
    } finally {
      await dataSource.query('ALTER TABLE executions_away RENAME TO executions');
    }
  });
});
