import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
    return { ...common, type: 'postgres', url: database.url, extra: { max: 10 } };
  }
  mkdirSync(dirname(database.path), { recursive: true });
  return { ...common, type: 'better-sqlite3', database: database.path, enableWAL: true };
}
