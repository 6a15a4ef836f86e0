import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Api } from '../factories/records';
import { HubProcess, startHubProcess } from './hub-process';
import { hubEnvFor, OAuthWorld, startOAuthHub } from './oauth-world';
import { createTestDatabase, TestDatabase } from './test-database';
import { TestHub } from './test-hub';

/**
 * Two hub instances on one PostgreSQL database: one in this process (its app at hand for the
 * database), one a separate Node.js process sharing nothing in memory, both pointed at `world`.
 */
export interface TwoHubs {
  first: TestHub;
  second: HubProcess;
  admin: Api;
  /** Runs `jira.get_myself` on `alias` through one hub; sent when awaited. */
  getMyself(hub: 'first' | 'second', alias: string): Promise<request.Response>;
  stop(): Promise<void>;
}

export async function startTwoHubs(world: OAuthWorld): Promise<TwoHubs> {
  const database: TestDatabase = await createTestDatabase('postgres');
  const shared = {
    ...hubEnvFor(world),
    ...database.env,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUB_ADMIN_TOKEN: `two-hubs-${randomBytes(24).toString('hex')}`,
    HUB_LOG_LEVEL: 'debug',
  };
  let first: TestHub | undefined;
  let second: HubProcess | undefined;
  const stop = async () => {
    await second?.stop();
    await first?.close();
    await database.drop();
  };
  try {
    first = await startOAuthHub(world, { database, env: shared });
    second = await startHubProcess(shared);
  } catch (error) {
    await stop();
    throw error;
  }
  const hubs = { first, second };
  return {
    ...hubs,
    admin: new Api(first.http, first.adminToken),
    getMyself: (hub, alias) =>
      (hub === 'first' ? hubs.first.http : request(hubs.second.url))
        .post('/api/actions/jira.get_myself/execute')
        .set('Authorization', `Bearer ${shared.HUB_ADMIN_TOKEN}`)
        .send({ alias, inputs: {} })
        .then((response) => response),
    stop,
  };
}

/** Resolves once the hub process has logged `text` (explicit synchronisation, not a timer). */
export async function untilLogged(hub: HubProcess, text: string): Promise<void> {
  while (!hub.log.join('').includes(text)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
