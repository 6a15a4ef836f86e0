import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Which database the end-to-end tests run on: HUB_TEST_DATABASE=postgres, or SQLite by default. */
export const TEST_DATABASE = process.env.HUB_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
const POSTGRES_URL = process.env.HUB_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** Environment variables that point a hub at this database. */
  env: Record<string, string>;
  /** The SQLite file, when on SQLite. */
  sqlitePath?: string;
  /** The database's URL, when on PostgreSQL. */
  postgresUrl?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database per test file: a temporary SQLite file or a new PostgreSQL database. */
export async function createTestDatabase(
  type: 'sqlite' | 'postgres' = TEST_DATABASE,
): Promise<TestDatabase> {
  if (type === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'hub-test-'));
    const sqlitePath = join(directory, 'hub.sqlite');
    return {
      env: { HUB_DATABASE_PATH: sqlitePath },
      sqlitePath,
      drop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  const name = `hub_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    postgresUrl: url.toString(),
    drop: async () => {
      await withAdminClient((client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
