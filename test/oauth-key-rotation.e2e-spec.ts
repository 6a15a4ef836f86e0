import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { runHubCli } from '../src/cli/hub-cli';
import { keyIdOf } from '../src/crypto/keyring';
import { OAuthGrantEntity } from '../src/oauth/oauth-grant.entity';
import { Api } from './factories/records';
import {
  consent,
  decideConsent,
  oauthConnection,
  OAuthWorld,
  serviceAccountConnection,
  serviceBot,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';

const newKey = () => randomBytes(32).toString('base64');

/** `npm run hub -- rotate-key` on a stopped hub's database, from `oldKey` to `nextKey`; its output. */
async function rotateKey(
  databaseEnv: Record<string, string>,
  oldKey: string,
  nextKey: string,
): Promise<string> {
  const env = { ...databaseEnv, HUB_ENCRYPTION_KEY: nextKey, HUB_ENCRYPTION_PREVIOUS_KEYS: oldKey };
  const output: string[] = [];
  expect(await runHubCli(['rotate-key'], env, (text) => output.push(text))).toBe(0);
  return output.join('');
}

describe('Key rotation of OAuth secrets', () => {
  let world: OAuthWorld;

  beforeAll(async () => {
    world = await startOAuthWorld();
  });

  afterAll(async () => {
    await world.stop();
  });

  it('re-encrypts access and refresh tokens and the PKCE verifier of a flow in progress', async () => {
    const oldKey = newKey();
    const first = await startOAuthHub(world, { env: { HUB_ENCRYPTION_KEY: oldKey } });
    const admin = new Api(first.http, first.adminToken);
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(first, admin, world, connectionId)).page.status).toBe(200);
    // A second flow is started before the rotation and finished after it.
    const pending = await admin
      .post(`/api/connections/${connectionId}/oauth/authorize`)
      .expect(200);
    await first.close({ keepDatabase: true });

    const nextKey = newKey();
    // The client secret, the access and refresh tokens, and the verifier.
    expect(await rotateKey(first.database.env, oldKey, nextKey)).toContain(
      `Re-encrypted 4 secrets under key ${keyIdOf(Buffer.from(nextKey, 'base64'))}`,
    );

    const rotated = await startOAuthHub(world, {
      env: { HUB_ENCRYPTION_KEY: nextKey },
      database: first.database,
    });
    try {
      const api = new Api(rotated.http, rotated.adminToken);
      const execute = () =>
        api.post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} });
      expect((await execute().expect(200)).body.status).toBe('success');
      const grants = rotated.app.get(DataSource).getRepository(OAuthGrantEntity);
      const [grant] = await grants.find();
      await grants.update({ id: grant.id }, { expiresAt: new Date(Date.now() - 1000) });
      const refreshes = world.authServer.refreshRequests().length;
      expect((await execute().expect(200)).body.status).toBe('success');
      expect(world.authServer.refreshRequests()).toHaveLength(refreshes + 1);

      const authorizationUrl = new URL(
        (pending.body as { authorizationUrl: string }).authorizationUrl,
      );
      const page = await rotated.http.get(await decideConsent(authorizationUrl, world));
      expect(page.status).toBe(200);
      expect(world.authServer.tokenRequests.at(-1)).toMatchObject({
        grantType: 'authorization_code',
        status: 200,
      });
    } finally {
      await rotated.close();
    }
  });

  it("re-encrypts a service account's stored token, bound to its credential id", async () => {
    const oldKey = newKey();
    const first = await startOAuthHub(world, { env: { HUB_ENCRYPTION_KEY: oldKey } });
    const admin = new Api(first.http, first.adminToken);
    const account = world.authServer.addServiceAccount(serviceBot(world), ['read:jira-user']);
    const { aliasName } = await serviceAccountConnection(admin, account);
    const execute = (api: Api) =>
      api.post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} });
    expect((await execute(admin).expect(200)).body.status).toBe('success');
    await first.close({ keepDatabase: true });

    const nextKey = newKey();
    // The client secret and the stored access token.
    expect(await rotateKey(first.database.env, oldKey, nextKey)).toContain(
      'Re-encrypted 2 secrets',
    );

    const rotated = await startOAuthHub(world, {
      env: { HUB_ENCRYPTION_KEY: nextKey },
      database: first.database,
    });
    try {
      const fetched = world.authServer.clientCredentialsRequests().length;
      // The stored token still decrypts: used as it is, no new one fetched.
      expect(
        (await execute(new Api(rotated.http, rotated.adminToken)).expect(200)).body.status,
      ).toBe('success');
      expect(world.authServer.clientCredentialsRequests()).toHaveLength(fetched);
    } finally {
      await rotated.close();
    }
  });
});
