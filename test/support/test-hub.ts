import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createHubApp } from '../../src/app.factory';
import { HubConfig, loadHubConfig } from '../../src/config/hub-config';
import { createHubLogger } from '../../src/logging/hub-logger';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestHub {
  app: INestApplication;
  config: HubConfig;
  database: TestDatabase;
  http: TestAgent;
  adminToken: string;
  /** Every log line the hub wrote, as written. */
  logLines: string[];
  /** Creates an API token of that role through the API and returns it. */
  tokenFor(role: 'admin' | 'designer'): Promise<string>;
  /** Stops the hub and drops its database. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface TestHubOptions {
  env?: Record<string, string | undefined>;
  /** Reuse a database (e.g. to start a second hub on it). */
  database?: TestDatabase;
}

/** Starts the real hub (real migrations, real database, real HTTP stack) for one test file. */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const database = options.database ?? (await createTestDatabase());
  const adminToken = `test-admin-${randomBytes(24).toString('hex')}`;
  const env: Record<string, string | undefined> = {
    HUB_ADMIN_TOKEN: adminToken,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUB_LOG_LEVEL: 'debug',
    ...database.env,
    ...options.env,
  };
  const config = loadHubConfig(env);
  const logLines: string[] = [];
  const app = await createHubApp(
    config,
    createHubLogger(config, { write: (line: string) => logLines.push(line.trimEnd()) }),
  );
  try {
    await app.init();
  } catch (error) {
    // A hub that fails to start must not keep its database pool (and so jest) open.
    await app.close().catch(() => undefined);
    if (!options.database) await database.drop();
    throw error;
  }
  const http = request(app.getHttpServer());
  return {
    app,
    config,
    database,
    http,
    adminToken: config.adminToken ?? adminToken,
    logLines,
    tokenFor: async (role) => {
      const response = await http
        .post('/api/tokens')
        .set('Authorization', `Bearer ${config.adminToken}`)
        .send({ name: `${role}-${randomBytes(4).toString('hex')}`, role })
        .expect(201);
      return (response.body as { token: string }).token;
    },
    close: async ({ keepDatabase = false } = {}) => {
      await app.close();
      if (!keepDatabase && !options.database) await database.drop();
    },
  };
}
