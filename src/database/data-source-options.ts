import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaults, types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { DatabaseSettings } from '../config/hub-config';
import { ENTITIES, MIGRATIONS } from './entities';

/** Migrations run at start on both databases; the schema is never synchronised from entities. */
export function dataSourceOptionsFor(database: DatabaseSettings): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  if (database.type === 'postgres') {
    useUtcTimestamps();
    // The session runs in UTC too, so CURRENT_TIMESTAMP defaults agree with what the hub writes.
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      extra: { max: 10, options: '-c TimeZone=UTC' },
    };
  }
  // Owner-only: the file holds no secret in clear, but names, e-mail addresses and ciphertexts.
  mkdirSync(dirname(database.path), { recursive: true, mode: 0o700 });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: true,
    // What better-sqlite3 already chooses when it opens a file that is in WAL mode, but not for a
    // new file: a commit is in the WAL file when it returns, so it survives the process dying,
    // without an fsync, which better-sqlite3 would run on the event loop and so stall every
    // request (execution answers wait for their commit). Decision 46.
    prepareDatabase: (db: { pragma: (source: string) => unknown }) => {
      db.pragma('synchronous = NORMAL');
    },
  };
}

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

/**
 * Timestamps are stored as UTC in `timestamp` columns (one migration serves SQLite and PostgreSQL,
 * which has no portable zoned type). node-postgres would otherwise write and read them in the
 * machine's local time zone, so two hub instances in different zones would disagree.
 */
function useUtcTimestamps(): void {
  defaults.parseInputDatesAsUTC = true;
  types.setTypeParser(
    TIMESTAMP_WITHOUT_TIME_ZONE,
    (value: string) => new Date(`${value.replace(' ', 'T')}Z`),
  );
}
