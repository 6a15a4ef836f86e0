import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../src/database/entities';
import { dataSourceOptionsFor } from '../src/database/data-source-options';
import { createTestDatabase, TEST_DATABASE, TestDatabase } from './support/test-database';

describe(`Migrations on ${TEST_DATABASE}`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({
      ...dataSourceOptionsFor(
        database.sqlitePath
          ? { type: 'sqlite', path: database.sqlitePath }
          : { type: 'postgres', url: database.postgresUrl! },
      ),
      migrationsRun: false,
    });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const tableNames = async () =>
    (await dataSource.createQueryRunner().getTables()).map((t) => t.name.replace(/^public\./, ''));

  it('creates the schema and the shipped parent aliases, reverts cleanly, and applies again', async () => {
    expect(await dataSource.showMigrations()).toBe(true);
    await dataSource.runMigrations();
    expect(await tableNames()).toEqual(
      expect.arrayContaining([
        'users',
        'api_tokens',
        'credentials',
        'aliases',
        'connections',
        'executions',
        'browser_sessions',
        'sign_in_failures',
      ]),
    );
    const aliases = await dataSource.query<Array<{ name: string }>>(
      'SELECT name FROM aliases ORDER BY name',
    );
    expect(aliases.map((a) => a.name)).toEqual(['Atlassian_Admin', 'Jira', 'Jira_SM']);
    expect(await dataSource.showMigrations()).toBe(false);

    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    expect(await tableNames()).not.toEqual(expect.arrayContaining(['credentials']));

    await dataSource.runMigrations();
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('keeps one active connection per alias in the database itself', async () => {
    const qr = dataSource.createQueryRunner();
    const p = (n: number) => (TEST_DATABASE === 'postgres' ? `$${n}` : '?');
    const [{ id: aliasId }] = await qr.query(`SELECT id FROM aliases WHERE name = 'Jira_SM'`);
    await qr.query(`INSERT INTO credentials (id, name, type) VALUES (${p(1)}, ${p(2)}, ${p(3)})`, [
      'c1',
      'c1',
      'bearer',
    ]);
    const insert = (id: string, active: boolean) =>
      qr.query(
        `INSERT INTO connections (id, name, url, cloud_id, credential_id, alias_id, scopes, active, max_retries, max_retry_wait_seconds, timeout_ms)
         VALUES (${p(1)}, ${p(2)}, 'u', 'c', 'c1', ${p(3)}, '[]', ${p(4)}, 0, 0, 1000)`,
        [id, id, aliasId, TEST_DATABASE === 'postgres' ? active : Number(active)],
      );
    await insert('a', true);
    await insert('b', false);
    await expect(insert('c', true)).rejects.toThrow();
    await qr.release();
  });
});
