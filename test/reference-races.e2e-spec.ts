import { randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { AliasEntity } from '../src/aliases/alias.entity';
import { ConnectionEntity } from '../src/connections/connection.entity';
import { CredentialEntity } from '../src/credentials/credential.entity';
import { Api, connectionUrl, unique } from './factories/records';
import { createTestDatabase } from './support/test-database';
import { startTestHub, TestHub } from './support/test-hub';

/**
 * Two admins at once: one deletes a record while the other saves something that points at it.
 * The hub checks references before it writes, but on PostgreSQL the other transaction can commit
 * between the check and the write; the foreign key then refuses the write, and the hub must still
 * answer with the refusal a user understands, never a 500. SQLite queues transactions, so this
 * race exists only on PostgreSQL, where this file always runs.
 *
 * Each test holds the other admin's change open in a transaction of its own, sends the hub's
 * request, waits until PostgreSQL shows that request waiting for the held row lock, and only then
 * commits: the interleaving is forced, not hoped for.
 */
describe('Deleting a record while another request points at it (PostgreSQL)', () => {
  let hub: TestHub;
  let admin: Api;
  let dataSource: DataSource;
  let jiraAliasId: string;

  beforeAll(async () => {
    hub = await startTestHub({ database: await createTestDatabase('postgres') });
    admin = new Api(hub.http, hub.adminToken);
    dataSource = hub.app.get(DataSource);
    jiraAliasId = await admin.aliasId('Jira');
  });
  afterAll(async () => {
    await hub.close();
    await hub.database.drop();
  });

  /** The other admin's transaction: begun, its change made, not yet committed. */
  async function heldOpen(change: (runner: QueryRunner) => Promise<unknown>) {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await change(runner);
    return {
      commit: async () => {
        await runner.commitTransaction();
        await runner.release();
      },
    };
  }

  /** Resolves once some statement of the hub's database waits for a row lock, or `done()`. */
  async function untilARequestWaitsForALock(done: () => boolean): Promise<void> {
    while (!done()) {
      const rows: Array<{ waiting: string }> = await dataSource.query(
        `SELECT count(*) AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (Number(rows[0].waiting) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Sends the request now and gives back its answer once the held change has been committed. */
  async function answerAfterCommit(
    send: () => PromiseLike<{ status: number; body: unknown }>,
    other: { commit(): Promise<void> },
  ) {
    let answered = false;
    const answer = Promise.resolve(send()).finally(() => (answered = true));
    // An answer before the wait would mean the hub did not even reach the write: the test fails
    // on that answer below rather than waiting for a lock that never comes.
    await untilARequestWaitsForALock(() => answered);
    await other.commit();
    return answer;
  }

  async function childAlias(): Promise<string> {
    const response = await admin
      .post('/api/aliases', { name: unique('Race').replace(/-/g, '_'), parentId: jiraAliasId })
      .expect(201);
    return (response.body as { id: string }).id;
  }

  function connectionRow(aliasId: string, credentialId: string): Partial<ConnectionEntity> {
    return {
      id: randomUUID(),
      name: unique('other-admins-connection'),
      url: connectionUrl(hub.config.atlassianApiUrl),
      cloudId: randomUUID(),
      credentialId,
      aliasId,
      scopes: [],
      active: false,
      maxRetries: 0,
      maxRetryWaitSeconds: 0,
      timeoutMs: 10_000,
    };
  }

  it('saving a connection whose credential is deleted meanwhile answers 400 credentialId exists', async () => {
    const aliasId = await childAlias();
    const credential = await admin.createCredential();
    const deletion = await heldOpen((runner) =>
      runner.manager.delete(CredentialEntity, { id: credential.id }),
    );

    const response = await answerAfterCommit(
      () =>
        admin.post('/api/connections', {
          name: unique('conn'),
          url: connectionUrl(hub.config.atlassianApiUrl),
          credentialId: credential.id,
          aliasId,
        }),
      deletion,
    );

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'invalid_input',
      errors: [expect.objectContaining({ field: 'credentialId', rule: 'exists' })],
    });
    const connections = await admin.get(`/api/connections?aliasId=${aliasId}`).expect(200);
    expect(connections.body).toEqual([]);
  });

  it('deleting a credential that a connection starts to use meanwhile answers 409 credential_in_use', async () => {
    const aliasId = await childAlias();
    const credential = await admin.createCredential();
    const row = connectionRow(aliasId, credential.id);
    const connectionSave = await heldOpen((runner) => runner.manager.insert(ConnectionEntity, row));

    const response = await answerAfterCommit(
      () => admin.delete(`/api/credentials/${credential.id}`),
      connectionSave,
    );

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      error: 'credential_in_use',
      connections: [{ id: row.id, name: row.name }],
    });
    await admin.get(`/api/credentials/${credential.id}`).expect(200);
  });

  it('deleting an alias that gets a connection meanwhile answers 409 alias_has_connections', async () => {
    const aliasId = await childAlias();
    const credential = await admin.createCredential();
    const row = connectionRow(aliasId, credential.id);
    const connectionSave = await heldOpen((runner) => runner.manager.insert(ConnectionEntity, row));

    const response = await answerAfterCommit(
      () => admin.delete(`/api/aliases/${aliasId}`),
      connectionSave,
    );

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'alias_has_connections' });
    await admin.get(`/api/aliases/${aliasId}`).expect(200);
  });

  it('creating a child alias whose parent is deleted meanwhile answers 400 parentId exists', async () => {
    const parent = await admin
      .post('/api/aliases', { name: unique('Parent').replace(/-/g, '_'), spoke: 'jira' })
      .expect(201);
    const parentId = (parent.body as { id: string }).id;
    const deletion = await heldOpen((runner) =>
      runner.manager.delete(AliasEntity, { id: parentId }),
    );

    const response = await answerAfterCommit(
      () => admin.post('/api/aliases', { name: unique('Grandchild').replace(/-/g, '_'), parentId }),
      deletion,
    );

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'invalid_input',
      errors: [expect.objectContaining({ field: 'parentId', rule: 'exists' })],
    });
  });
});
