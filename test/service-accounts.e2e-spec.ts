import { DataSource } from 'typeorm';
import { ClientCredentialsTokenEntity } from '../src/oauth/client-credentials-token.entity';
import { Api, connectionUrl, unique } from './factories/records';
import {
  OAuthWorld,
  serviceAccountAlias,
  serviceBot,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';
import { TestHub } from './support/test-hub';
import { ConsentingUser } from './oauth-server/test-authorization-server';

const JIRA_SCOPES = ['read:jira-user', 'read:jira-work', 'write:jira-work'];

describe('Service accounts: OAuth 2.0 client credentials', () => {
  let world: OAuthWorld;
  let hub: TestHub;
  let admin: Api;
  let bot: ConsentingUser;

  beforeAll(async () => {
    world = await startOAuthWorld();
    hub = await startOAuthHub(world);
    admin = new Api(hub.http, hub.adminToken);
    bot = serviceBot(world);
  });

  afterAll(async () => {
    await hub.close();
    await world.stop();
  });

  const tokens = () => hub.app.get(DataSource).getRepository(ClientCredentialsTokenEntity);
  const tokenRequests = () => world.authServer.clientCredentialsRequests().length;

  async function serviceAccountCredential(
    account = world.authServer.addServiceAccount(bot, JIRA_SCOPES),
  ): Promise<{ id: string; clientId: string; clientSecret: string }> {
    const created = await admin
      .post('/api/credentials', { name: unique('sa'), type: 'client_credentials', ...account })
      .expect(201);
    return { id: (created.body as { id: string }).id, ...account };
  }

  const getMyself = (aliasName: string) =>
    admin.post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} });

  it('saves a credential only after the token endpoint gave a token for it, and never shows the secret', async () => {
    const before = tokenRequests();
    const account = world.authServer.addServiceAccount(bot, JIRA_SCOPES);
    const created = await admin
      .post('/api/credentials', { name: unique('sa'), type: 'client_credentials', ...account })
      .expect(201);

    expect(created.body).toMatchObject({
      type: 'client_credentials',
      clientId: account.clientId,
      clientSecret: 'set',
      tokenUrl: `${world.authServer.url}/oauth/token`,
    });
    expect(JSON.stringify(created.body)).not.toContain(account.clientSecret);
    expect(world.authServer.clientCredentialsRequests().slice(before)).toEqual([
      expect.objectContaining({ grantType: 'client_credentials', status: 200 }),
    ]);
  });

  it('refuses a wrong secret with 409 credential_refused naming why, and saves nothing', async () => {
    const account = world.authServer.addServiceAccount(bot, JIRA_SCOPES);
    const name = unique('sa-wrong');
    const wrongSecret = `${account.clientSecret}-not`;
    const refused = await admin
      .post('/api/credentials', {
        name,
        type: 'client_credentials',
        clientId: account.clientId,
        clientSecret: wrongSecret,
      })
      .expect(409);

    expect(refused.body).toMatchObject({ error: 'credential_refused', reason: 'invalid_client' });
    expect((refused.body as { message: string }).message).toContain('invalid_client');
    expect(JSON.stringify(refused.body)).not.toContain(wrongSecret);
    const listed = (await admin.get('/api/credentials').expect(200)).body as Array<{
      name: string;
    }>;
    expect(listed.map((credential) => credential.name)).not.toContain(name);
  });

  it('masks the secret when the token endpoint echoes it in its refusal', async () => {
    const account = world.authServer.addServiceAccount(bot, JIRA_SCOPES);
    world.authServer.echoSecretsInNextRefusal('invalid_client');
    const refused = await admin
      .post('/api/credentials', { name: unique('sa'), type: 'client_credentials', ...account })
      .expect(409);
    const text = JSON.stringify(refused.body);
    expect(text).toContain('invalid_client');
    expect(text).not.toContain(account.clientSecret);
    expect(text).not.toContain(
      Buffer.from(`${account.clientId}:${account.clientSecret}`).toString('base64'),
    );
  });

  it('refuses a client the endpoint does not allow client credentials (unauthorized_client)', async () => {
    const account = world.authServer.addServiceAccount(bot, JIRA_SCOPES, ['refresh_token']);
    const refused = await admin
      .post('/api/credentials', { name: unique('sa'), type: 'client_credentials', ...account })
      .expect(409);
    expect(refused.body).toMatchObject({
      error: 'credential_refused',
      reason: 'unauthorized_client',
    });
  });

  it('a changed secret is checked too: a refused one leaves the stored one in place', async () => {
    const credential = await serviceAccountCredential();
    await admin
      .patch(`/api/credentials/${credential.id}`, { clientSecret: 'nope-not-it' })
      .expect(409);
    const { aliasName } = await serviceAccountAlias(admin, credential.id);
    expect((await getMyself(aliasName)).body).toMatchObject({ status: 'success' });
  });

  it('uses a new client id and secret from the next execution on, with a new token', async () => {
    const credential = await serviceAccountCredential();
    const { aliasName } = await serviceAccountAlias(admin, credential.id);
    await getMyself(aliasName).expect(200);
    const other = {
      ...bot,
      account: { ...bot.account, accountId: 'other-bot-0000000000000', displayName: 'Other Bot' },
    };
    const replacement = world.authServer.addServiceAccount(other, JIRA_SCOPES);
    await admin.patch(`/api/credentials/${credential.id}`, replacement).expect(200);

    const run = await getMyself(aliasName).expect(200);
    expect((run.body as { outputs: { accountId: string } }).outputs.accountId).toBe(
      other.account.accountId,
    );
    expect(world.authServer.clientCredentialsRequests().at(-1)).toMatchObject({ status: 200 });
  });

  it('finds the site through accessible-resources when the connection URL is left out', async () => {
    const credential = await serviceAccountCredential();
    const { connection } = await serviceAccountAlias(admin, credential.id);

    expect(connection).toMatchObject({
      url: connectionUrl(world.fake.url, world.sites.acme.id),
      cloudId: world.sites.acme.id,
      oauth: null,
    });
    expect(world.fake.requests.map((request) => request.path)).toEqual(
      expect.arrayContaining([
        '/oauth/token/accessible-resources',
        `/ex/jira/${world.sites.acme.id}/rest/api/3/myself`,
      ]),
    );
  });

  it('asks for the URL when the account reaches several sites, and saves nothing', async () => {
    const many = { ...bot, sites: [world.sites.acme, world.sites.beta] };
    const credential = await serviceAccountCredential(
      world.authServer.addServiceAccount(many, JIRA_SCOPES),
    );
    const parentId = await admin.aliasId('Jira');
    const name = unique('sa-conn');
    const refused = await admin
      .post('/api/connections', { name, credentialId: credential.id, aliasId: parentId })
      .expect(400);
    expect(refused.body).toMatchObject({
      errors: [expect.objectContaining({ field: 'url', rule: 'ambiguous' })],
    });
    expect((refused.body as { message: string }).message).toContain(world.sites.beta.id);
    const listed = (await admin.get('/api/connections').expect(200)).body as Array<{
      name: string;
    }>;
    expect(listed.map((connection) => connection.name)).not.toContain(name);
  });

  it('refuses a connection to a site the account cannot reach (myself answers 401), saving nothing', async () => {
    const credential = await serviceAccountCredential();
    const parentId = await admin.aliasId('Jira');
    const name = unique('sa-conn');
    const refused = await admin
      .post('/api/connections', {
        name,
        url: connectionUrl(world.fake.url, world.sites.gamma.id),
        credentialId: credential.id,
        aliasId: parentId,
      })
      .expect(409);
    expect(refused.body).toMatchObject({ error: 'credential_refused', reason: 'site_401' });
    const listed = (await admin.get('/api/connections').expect(200)).body as Array<{
      name: string;
    }>;
    expect(listed.map((connection) => connection.name)).not.toContain(name);
  });

  it('runs actions with one token, kept encrypted and reused until it nears its expiry', async () => {
    const credential = await serviceAccountCredential();
    const { aliasName } = await serviceAccountAlias(admin, credential.id);
    const before = tokenRequests();

    const runs = await Promise.all(Array.from({ length: 5 }, () => getMyself(aliasName)));
    expect(runs.map((run) => [run.status, (run.body as { status: string }).status])).toEqual(
      Array(5).fill([200, 'success']),
    );
    expect((runs[0].body as { outputs: { accountId: string } }).outputs.accountId).toBe(
      bot.account.accountId,
    );
    expect(tokenRequests()).toBe(before + 1);
    const stored = await tokens().findOneByOrFail({ credentialId: credential.id });
    expect(stored.version).toBe(1);
    expect(stored.grantedScopes).toEqual(JIRA_SCOPES);
    const sent = world.fake.requests.at(-1)!.headers.authorization!;
    expect(stored.accessTokenCiphertext).not.toContain(sent.replace('Bearer ', ''));

    // Expired: the next executions, at once, get exactly one new token.
    await tokens().update({ credentialId: credential.id }, { expiresAt: new Date(Date.now() - 1) });
    const again = await Promise.all(Array.from({ length: 5 }, () => getMyself(aliasName)));
    expect(again.map((run) => (run.body as { status: string }).status)).toEqual(
      Array(5).fill('success'),
    );
    expect(tokenRequests()).toBe(before + 2);
    expect((await tokens().findOneByOrFail({ credentialId: credential.id })).version).toBe(2);
  });

  it('after a 401 from the gateway gets one new token and repeats once, never more', async () => {
    const credential = await serviceAccountCredential();
    const { aliasName } = await serviceAccountAlias(admin, credential.id);
    await getMyself(aliasName).expect(200);
    const before = tokenRequests();

    world.authServer.forgetAccessTokens();
    const run = await getMyself(aliasName).expect(200);
    expect(run.body).toMatchObject({ status: 'success' });
    expect(tokenRequests()).toBe(before + 1);

    // A token refused again right after renewal: one renewal, one repeat, then the 401 stands.
    const account = world.authServer.addServiceAccount({ ...bot, sites: [] }, JIRA_SCOPES);
    const siteless = await serviceAccountCredential(account);
    const url = connectionUrl(world.fake.url, world.sites.acme.id);
    // Saved with the reachable account, then pointed at one that reaches no site.
    const { aliasName: lonely, connection } = await serviceAccountAlias(admin, credential.id, url);
    await hub.app
      .get(DataSource)
      .query(
        `UPDATE connections SET credential_id = '${siteless.id}' WHERE id = '${String(connection.id)}'`,
      );
    const beforeLoop = tokenRequests();
    const refused = await getMyself(lonely);
    expect((refused.body as { status: string }).status).toBe('error');
    expect(tokenRequests()).toBe(beforeLoop + 2);
  });

  it('takes a gateway 404 that says the token expired as a refusal too: one new token, one repeat', async () => {
    const credential = await serviceAccountCredential();
    const { aliasName } = await serviceAccountAlias(admin, credential.id);
    await getMyself(aliasName).expect(200);
    const before = tokenRequests();

    world.fake.injectFaults({
      kind: 'status',
      status: 404,
      body: { message: 'The access token is expired' },
      path: /\/myself$/,
    });
    const run = await getMyself(aliasName).expect(200);
    expect(run.body).toMatchObject({ status: 'success' });
    expect(tokenRequests()).toBe(before + 1);
  });

  it('answers 409 credential_refused once Atlassian refuses the stored secret, every time it is asked', async () => {
    const credential = await serviceAccountCredential();
    const { aliasName } = await serviceAccountAlias(admin, credential.id);
    await getMyself(aliasName).expect(200);
    world.authServer.removeClient(credential.clientId);
    await tokens().update({ credentialId: credential.id }, { expiresAt: new Date(Date.now() - 1) });

    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await getMyself(aliasName).expect(409);
      expect(refused.body).toMatchObject({ error: 'credential_refused', reason: 'invalid_client' });
      expect(typeof (refused.body as { executionId: unknown }).executionId).toBe('string');
    }
    const stored = await tokens().findOneByOrFail({ credentialId: credential.id });
    expect(stored.refreshLeaseOwner).toBeNull();
    expect(stored.lastError).toContain('invalid_client');
  });

  it("refuses an action whose scopes the account's token was not granted, before sending it", async () => {
    const narrow = world.authServer.addServiceAccount(bot, ['read:jira-user']);
    const credential = await serviceAccountCredential(narrow);
    const { aliasName } = await serviceAccountAlias(admin, credential.id);
    await getMyself(aliasName).expect(200);
    const sent = world.fake.requests.length;

    const refused = await admin
      .post('/api/actions/jira.get_issue/execute', {
        alias: aliasName,
        inputs: { issueIdOrKey: 'PROJ-1' },
      })
      .expect(409);
    expect(refused.body).toMatchObject({
      error: 'missing_scopes',
      missingScopes: ['read:jira-work'],
      grantedScopes: ['read:jira-user'],
    });
    expect((refused.body as { message: string }).message).toContain('admin.atlassian.com');
    expect(world.fake.requests.length).toBe(sent);
  });

  it('never shows the secret or the token in answers or the execution history', async () => {
    const credential = await serviceAccountCredential();
    const { aliasName, connection } = await serviceAccountAlias(admin, credential.id);
    const run = await getMyself(aliasName).expect(200);
    const sentToken = world.fake.requests.at(-1)!.headers.authorization!.replace('Bearer ', '');
    const answers = [
      run.body,
      (await admin.get(`/api/credentials/${credential.id}`).expect(200)).body,
      (await admin.get(`/api/connections/${String(connection.id)}`).expect(200)).body,
      (await admin.post(`/api/connections/${String(connection.id)}/test`).expect(200)).body,
      (
        await admin
          .get(`/api/executions/${(run.body as { executionId: string }).executionId}`)
          .expect(200)
      ).body,
      (await admin.get('/api/executions').expect(200)).body,
    ].map((body) => JSON.stringify(body));
    for (const answer of answers) {
      expect(answer).not.toContain(credential.clientSecret);
      expect(answer).not.toContain(sentToken);
    }
  });

  it('Test connection signs in with the service account', async () => {
    const credential = await serviceAccountCredential();
    const { connection } = await serviceAccountAlias(admin, credential.id);
    const tested = await admin.post(`/api/connections/${String(connection.id)}/test`).expect(200);
    expect(tested.body).toMatchObject({ ok: true, accountId: bot.account.accountId });
  });

  it('Add Connection with a new service-account credential checks it before saving anything', async () => {
    const parentId = await admin.aliasId('Jira');
    const account = world.authServer.addServiceAccount(bot, JIRA_SCOPES);
    const childName = unique('SA').replace(/-/g, '_');
    const refused = await admin
      .post(`/api/aliases/${parentId}/connections`, {
        childAlias: { name: childName },
        credential: {
          name: unique('sa'),
          type: 'client_credentials',
          clientId: account.clientId,
          clientSecret: 'wrong',
        },
        connection: { name: unique('sa-conn') },
      })
      .expect(409);
    expect(refused.body).toMatchObject({ error: 'credential_refused' });
    const aliases = (await admin.get('/api/aliases').expect(200)).body as Array<{ name: string }>;
    expect(aliases.map((alias) => alias.name)).not.toContain(childName);

    const added = await admin
      .post(`/api/aliases/${parentId}/connections`, {
        childAlias: { name: childName },
        credential: { name: unique('sa'), type: 'client_credentials', ...account },
        connection: { name: unique('sa-conn') },
      })
      .expect(201);
    expect(added.body).toMatchObject({
      connection: { cloudId: world.sites.acme.id },
    });
  });
});
