import { DataSource } from 'typeorm';
import { Api, unique } from './factories/records';
import { ConnectionGrantEntity } from '../src/oauth/connection-grant.entity';
import { OAuthGrantEntity } from '../src/oauth/oauth-grant.entity';
import { OAuthKeepAliveService } from '../src/oauth/oauth-keep-alive.service';
import { OAuthStateEntity } from '../src/oauth/oauth-state.entity';
import { TestHub } from './support/test-hub';
import {
  consent,
  decideConsent,
  oauthConnection,
  OAuthWorld,
  PUBLIC_URL,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('OAuth 2.0: Save and Get OAuth Token, tokens in use', () => {
  let world: OAuthWorld;
  let hub: TestHub;
  let admin: Api;

  beforeAll(async () => {
    world = await startOAuthWorld();
    hub = await startOAuthHub(world);
    admin = new Api(hub.http, hub.adminToken);
  });

  afterAll(async () => {
    await hub.close();
    await world.stop();
  });

  const grants = () => hub.app.get(DataSource).getRepository(OAuthGrantEntity);
  const grantOf = async (connectionId: string) => {
    const link = await hub.app
      .get(DataSource)
      .getRepository(ConnectionGrantEntity)
      .findOneBy({ connectionId });
    return link ? grants().findOneByOrFail({ id: link.grantId }) : null;
  };
  const expireTokenOf = async (connectionId: string) => {
    const grant = await grantOf(connectionId);
    await grants().update({ id: grant!.id }, { expiresAt: new Date(Date.now() - 1000) });
  };
  const oauthOf = async (connectionId: string) =>
    (await admin.get(`/api/connections/${connectionId}`).expect(200)).body.oauth as {
      status: string;
      grantedScopes: string[];
      expiresAt: string | null;
      lastRefreshedAt: string | null;
      lastError: string | null;
      consentedAt: string | null;
      reconsentBy: string | null;
    };
  /** Starts Save and Get OAuth Token over the API and returns the flow's state. */
  const startFlow = async (connectionId: string) => {
    const started = await admin
      .post(`/api/connections/${connectionId}/oauth/authorize`)
      .expect(200);
    return new URL(
      (started.body as { authorizationUrl: string }).authorizationUrl,
    ).searchParams.get('state')!;
  };
  const execute = (aliasName: string) =>
    admin.post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} });

  it('runs the whole flow: PKCE and state to Atlassian, tokens stored encrypted, actions signed in', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    expect(await oauthOf(connectionId)).toEqual({
      status: 'not_authorized',
      expiresAt: null,
      grantedScopes: [],
      lastRefreshedAt: null,
      lastError: null,
      consentedAt: null,
      reconsentBy: null,
    });
    const connection = (await admin.get(`/api/connections/${connectionId}`).expect(200)).body as {
      scopes: string[];
    };

    const { authorizationUrl, page } = await consent(hub, admin, world, connectionId);

    const query = authorizationUrl.searchParams;
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(
      `${world.authServer.url}/authorize`,
    );
    expect(query.get('audience')).toBe('api.atlassian.com');
    expect(query.get('client_id')).toBe(world.client.clientId);
    expect(query.get('scope')).toBe(connection.scopes.join(' '));
    expect(query.get('redirect_uri')).toBe(`${PUBLIC_URL}/oauth/callback`);
    expect(query.get('response_type')).toBe('code');
    expect(query.get('prompt')).toBe('consent');
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // 256 random bits, base64url.
    expect(query.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('OAuth token saved');
    const exchange = world.authServer.tokenRequests.at(-1)!;
    expect(exchange).toMatchObject({ grantType: 'authorization_code', status: 200 });
    expect(exchange.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const oauth = await oauthOf(connectionId);
    expect(oauth.status).toBe('authorized');
    expect(oauth.grantedScopes.sort()).toEqual([...connection.scopes].sort());
    expect(Date.parse(oauth.expiresAt!)).toBeGreaterThan(Date.now() + 50 * 60 * 1000);

    const test = await admin.post(`/api/connections/${connectionId}/test`).expect(200);
    expect(test.body).toMatchObject({ ok: true, displayName: 'Automation Admin' });
    const run = await execute(aliasName).expect(200);
    expect(run.body).toMatchObject({
      status: 'success',
      outputs: { accountId: world.user.account.accountId },
    });

    // The tokens are stored encrypted and never shown.
    const grant = (await grantOf(connectionId))!;
    expect(grant.accessTokenCiphertext).toMatch(/^v1\./);
    expect(grant.refreshTokenCiphertext).toMatch(/^v1\./);
    const bearer = /^Bearer (.+)$/.exec(world.fake.requests.at(-1)!.headers.authorization!)![1];
    const everythingShown = [
      page.text,
      JSON.stringify(
        await admin
          .get(`/api/connections/${connectionId}`)
          .expect(200)
          .then((r) => r.body as unknown),
      ),
      JSON.stringify(
        await admin.get(`/api/executions/${run.body.executionId}`).then((r) => r.body as unknown),
      ),
      hub.logLines.join('\n'),
    ].join('\n');
    expect(everythingShown).not.toContain(bearer);
    expect(everythingShown).not.toContain(exchange.codeVerifier!);
    expect(everythingShown).not.toContain(world.client.clientSecret);
  });

  it('refuses a replayed state with a clear page and stores nothing', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
    const first = await consent(hub, admin, world, connectionId);
    expect(first.page.status).toBe(200);
    const before = (await grantOf(connectionId))!;
    const exchanges = world.authServer.tokenRequests.length;

    const replay = await hub.http.get(first.callbackPath);

    expect(replay.status).toBe(400);
    expect(replay.text).toContain('already used, or it is unknown');
    expect(world.authServer.tokenRequests).toHaveLength(exchanges);
    expect((await grantOf(connectionId))!.id).toBe(before.id);
  });

  it('refuses an expired state, without asking the token endpoint', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
    const state = await startFlow(connectionId);
    await hub.app
      .get(DataSource)
      .getRepository(OAuthStateEntity)
      .update({ connectionId }, { expiresAt: new Date(Date.now() - 1) });
    const exchanges = world.authServer.tokenRequests.length;

    const page = await hub.http.get(`/oauth/callback?code=whatever&state=${state}`);

    expect(page.status).toBe(400);
    expect(page.text).toContain('more than 10 minutes ago and has expired');
    expect(world.authServer.tokenRequests).toHaveLength(exchanges);
    expect((await oauthOf(connectionId)).status).toBe('not_authorized');
  });

  it('answers with a page when the connection changed or went while the flow was at Atlassian', async () => {
    const moved = await oauthConnection(admin, world, world.sites.acme.id);
    const movedState = await startFlow(moved.connectionId);
    const basic = await admin.createCredential();
    await admin
      .patch(`/api/connections/${moved.connectionId}`, { credentialId: basic.id })
      .expect(200);
    const gone = await oauthConnection(admin, world, world.sites.acme.id);
    const goneState = await startFlow(gone.connectionId);
    await admin.delete(`/api/connections/${gone.connectionId}`).expect(204);
    const exchanges = world.authServer.tokenRequests.length;

    const changed = await hub.http.get(`/oauth/callback?code=whatever&state=${movedState}`);
    const deleted = await hub.http.get(`/oauth/callback?code=whatever&state=${goneState}`);

    expect(changed.status).toBe(409);
    expect(changed.headers['content-type']).toMatch(/text\/html/);
    expect(changed.text).toContain('The connection changed while the flow was at Atlassian');
    // A connection's flows in progress go with it: its state is unknown from then on.
    expect(deleted.status).toBe(400);
    expect(deleted.text).toContain('does not belong to a flow in progress');
    expect(world.authServer.tokenRequests).toHaveLength(exchanges);
    expect(await grantOf(moved.connectionId)).toBeNull();
  });

  it('stores nothing when the connection is edited or deleted while its token is fetched', async () => {
    const RESOURCES = '/oauth/token/accessible-resources';
    /** Runs the callback with the hub's accessible-resources call held open during `meanwhile`. */
    const callbackWhile = async (connectionId: string, meanwhile: () => Promise<unknown>) => {
      const started = await admin
        .post(`/api/connections/${connectionId}/oauth/authorize`)
        .expect(200);
      const callbackPath = await decideConsent(
        new URL((started.body as { authorizationUrl: string }).authorizationUrl),
        world,
      );
      let release = () => {};
      const until = new Promise<void>((resolve) => (release = resolve));
      world.fake.injectFaults({ kind: 'hold', until, path: /accessible-resources$/ });
      const seen = world.fake.requestsTo(RESOURCES).length;
      const page = hub.http.get(callbackPath).then((response) => response);
      while (world.fake.requestsTo(RESOURCES).length === seen) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await meanwhile();
      release();
      return page;
    };

    const edited = await oauthConnection(admin, world, world.sites.acme.id);
    const basic = await admin.createCredential();
    const afterEdit = await callbackWhile(edited.connectionId, () =>
      admin
        .patch(`/api/connections/${edited.connectionId}`, { credentialId: basic.id })
        .expect(200),
    );
    const deleted = await oauthConnection(admin, world, world.sites.acme.id);
    const afterDelete = await callbackWhile(deleted.connectionId, () =>
      admin.delete(`/api/connections/${deleted.connectionId}`).expect(204),
    );

    for (const page of [afterEdit, afterDelete]) {
      expect(page.status).toBe(409);
      expect(page.text).toContain(
        'The connection was deleted or given another credential while its token was being fetched. Nothing was stored.',
      );
    }
    expect(await grantOf(edited.connectionId)).toBeNull();
    const orphans = await grants().findBy({ credentialId: deleted.credentialId });
    expect(orphans).toEqual([]);
  });

  it('refuses an unknown state and a callback without one', async () => {
    const unknown = await hub.http.get('/oauth/callback?code=abc&state=not-a-state');
    const missing = await hub.http.get('/oauth/callback?code=abc');

    expect(unknown.status).toBe(400);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('does not belong to a flow in progress');
  });

  it('shows denied consent (access_denied) plainly and stores nothing', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);

    const { page, callbackPath } = await consent(hub, admin, world, connectionId, {
      decision: 'deny',
    });

    expect(callbackPath).toContain('error=access_denied');
    expect(page.status).toBe(400);
    expect(page.text).toContain('Access was denied at Atlassian (access_denied');
    expect((await oauthOf(connectionId)).status).toBe('not_authorized');
  });

  it('shows any other error Atlassian sends back (invalid_scope) plainly, asking no token', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
    const state = await startFlow(connectionId);
    const exchanges = world.authServer.tokenRequests.length;

    const page = await hub.http.get(
      `/oauth/callback?state=${state}&error=invalid_scope&error_description=${encodeURIComponent('Unknown scope manage:everything')}`,
    );

    expect(page.status).toBe(400);
    expect(page.text).toContain(
      'Atlassian answered invalid_scope: Unknown scope manage:everything',
    );
    expect(world.authServer.tokenRequests.length).toBe(exchanges);
    expect((await oauthOf(connectionId)).status).toBe('not_authorized');
  });

  it('refuses a grant for another site, naming the sites it covers', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.gamma.id);

    const { page } = await consent(hub, admin, world, connectionId, {
      sites: [world.sites.acme, world.sites.beta],
    });

    expect(page.status).toBe(400);
    expect(page.text).toContain(
      `does not cover this connection&#39;s site (cloud id ${world.sites.gamma.id})`,
    );
    expect(page.text).toContain(world.sites.acme.id);
    expect(page.text).toContain(world.sites.beta.id);
    expect((await oauthOf(connectionId)).status).toBe('not_authorized');
  });

  it('offers a child alias per other site of a multi-site grant, sharing the grant', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);

    const { page } = await consent(hub, admin, world, connectionId, {
      sites: [world.sites.acme, world.sites.beta],
    });

    expect(page.status).toBe(200);
    expect(page.text).toContain('The grant covers more sites');
    expect(page.text).toContain(world.sites.beta.id);
    expect(page.text).toContain(`/api/connections/${connectionId}/oauth/sites`);
    const added = await admin
      .post(`/api/connections/${connectionId}/oauth/sites`, { cloudIds: [world.sites.beta.id] })
      .expect(201);
    const [child] = added.body as Array<{
      aliasName: string;
      connectionId: string;
      cloudId: string;
    }>;
    expect(child).toMatchObject({ cloudId: world.sites.beta.id, aliasName: 'Jira_beta' });
    expect((await oauthOf(child.connectionId)).status).toBe('authorized');
    const run = await execute(child.aliasName).expect(200);
    expect(run.body.status).toBe('success');
    expect(world.fake.requests.at(-1)!.path).toContain(`/ex/jira/${world.sites.beta.id}/`);
    expect((await execute(aliasName).expect(200)).body.status).toBe('success');
    // A site outside the grant, or the connection's own, is refused and nothing is created.
    const refused = await admin
      .post(`/api/connections/${connectionId}/oauth/sites`, { cloudIds: [world.sites.gamma.id] })
      .expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'cloudIds', rule: 'grantedSite' });
  });

  it('fills in the site of a connection created without a URL from the grant, offering the others', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, null);
    const before = (await admin.get(`/api/connections/${connectionId}`).expect(200)).body as {
      url: string | null;
      cloudId: string | null;
    };
    expect(before).toMatchObject({ url: null, cloudId: null });
    // Until then nothing can sign in through it, and Atlassian is not called.
    const calls = world.fake.requests.length;
    const early = await execute(aliasName).expect(409);
    expect(early.body).toMatchObject({ error: 'connection_without_site' });
    expect(early.body.message).toContain('Save and Get OAuth Token');
    const test = await admin.post(`/api/connections/${connectionId}/test`).expect(200);
    expect(test.body).toMatchObject({ ok: false, httpStatus: null });
    expect(world.fake.requests.length).toBe(calls);

    const { page } = await consent(hub, admin, world, connectionId, {
      sites: [world.sites.beta, world.sites.gamma],
    });

    expect(page.status).toBe(200);
    expect(page.text).toContain('The grant covers more sites');
    expect(page.text).toContain(world.sites.gamma.id);
    const after = (await admin.get(`/api/connections/${connectionId}`).expect(200)).body as {
      url: string;
      cloudId: string;
      oauth: { status: string };
    };
    expect(after).toMatchObject({
      cloudId: world.sites.beta.id,
      url: `${world.fake.url}/ex/jira/${world.sites.beta.id}`,
      oauth: { status: 'authorized' },
    });
    expect((await execute(aliasName).expect(200)).body.status).toBe('success');
    expect(world.fake.requests.at(-1)!.path).toContain(`/ex/jira/${world.sites.beta.id}/`);
  });

  it('refuses an OAuth connection without scopes, which could only get a useless token', async () => {
    const { connectionId, credentialId } = await oauthConnection(admin, world, world.sites.acme.id);
    const emptied = await admin
      .patch(`/api/connections/${connectionId}`, { scopes: [] })
      .expect(400);
    expect(emptied.body.errors).toEqual([
      expect.objectContaining({ field: 'scopes', rule: 'notEmpty' }),
    ]);
    const created = await admin
      .post('/api/connections', {
        name: unique('no-scopes'),
        credentialId,
        aliasId: await admin.aliasId('Jira'),
        scopes: [],
      })
      .expect(400);
    expect(created.body.errors).toEqual([
      expect.objectContaining({ field: 'scopes', rule: 'notEmpty' }),
    ]);
    expect((await admin.get(`/api/connections/${connectionId}`).expect(200)).body.scopes).toContain(
      'offline_access',
    );
  });

  it('checks the scopes the token was granted, not only those the connection asks for', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    await admin
      .patch(`/api/connections/${connectionId}`, { scopes: ['read:me', 'offline_access'] })
      .expect(200);
    await consent(hub, admin, world, connectionId);
    expect((await oauthOf(connectionId)).grantedScopes.sort()).toEqual([
      'offline_access',
      'read:me',
    ]);
    // An edit that leaves scopes out puts the spoke's defaults back: the connection now asks for
    // read:jira-user, which the token still lacks.
    await admin.patch(`/api/connections/${connectionId}`, { timeoutMs: 20000 }).expect(200);
    expect((await oauthOf(connectionId)).status).toBe('scopes_changed');

    const calls = world.fake.requests.length;
    const refused = await execute(aliasName).expect(409);
    expect(refused.body).toMatchObject({
      error: 'missing_scopes',
      missingScopes: ['read:jira-user'],
      grantedScopes: expect.arrayContaining(['read:me', 'offline_access']),
    });
    expect(refused.body.message).toContain('Save and Get OAuth Token');
    expect(world.fake.requests.length).toBe(calls);

    await consent(hub, admin, world, connectionId);
    expect((await execute(aliasName).expect(200)).body.status).toBe('success');
  });

  it('needs a URL for a connection whose credential is not OAuth, and keeps it on edits', async () => {
    const parentId = await admin.aliasId('Jira');
    const basic = await admin
      .post('/api/credentials', {
        name: unique('basic'),
        username: 'bot@example.com',
        apiToken: 'api-token-value',
      })
      .expect(201);
    const refused = await admin
      .post('/api/connections', {
        name: unique('no-site'),
        credentialId: basic.body.id,
        aliasId: parentId,
      })
      .expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'url', rule: 'required' }),
    ]);
    // An OAuth connection still waiting for its site cannot move to a Basic credential.
    const { connectionId } = await oauthConnection(admin, world, null);
    const moved = await admin
      .patch(`/api/connections/${connectionId}`, { credentialId: basic.body.id })
      .expect(400);
    expect(moved.body.errors).toEqual([
      expect.objectContaining({ field: 'url', rule: 'required' }),
    ]);
  });

  it('deletes a grant, with its refresh token, once no connection uses it', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
    await consent(hub, admin, world, connectionId, {
      sites: [world.sites.acme, world.sites.gamma],
    });
    const grantId = (await grantOf(connectionId))!.id;
    const [child] = (
      await admin
        .post(`/api/connections/${connectionId}/oauth/sites`, { cloudIds: [world.sites.gamma.id] })
        .expect(201)
    ).body as Array<{ connectionId: string }>;

    // Still used by the child: kept.
    await admin.delete(`/api/connections/${connectionId}`).expect(204);
    expect(await grants().findOneBy({ id: grantId })).not.toBeNull();
    expect((await oauthOf(child.connectionId)).status).toBe('authorized');

    // Its last connection moves to another OAuth client: gone.
    const other = await admin
      .post('/api/credentials', {
        name: unique('oauth'),
        type: 'oauth2',
        clientId: world.client.clientId,
        clientSecret: world.client.clientSecret,
      })
      .expect(201);
    await admin
      .patch(`/api/connections/${child.connectionId}`, { credentialId: other.body.id })
      .expect(200);
    expect(await grants().findOneBy({ id: grantId })).toBeNull();

    // And a grant whose only connection is deleted goes with it.
    const { connectionId: single } = await oauthConnection(admin, world, world.sites.acme.id);
    await consent(hub, admin, world, single);
    const singleGrant = (await grantOf(single))!.id;
    await admin.delete(`/api/connections/${single}`).expect(204);
    expect(await grants().findOneBy({ id: singleGrant })).toBeNull();
  });

  it('refreshes once for 50 concurrent executions with an expired token', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
    await expireTokenOf(connectionId);
    const refreshesBefore = world.authServer.refreshRequests().length;

    const runs = await Promise.all(Array.from({ length: 50 }, () => execute(aliasName)));

    expect(runs.map((run) => run.status)).toEqual(Array(50).fill(200));
    expect(world.authServer.refreshRequests()).toHaveLength(refreshesBefore + 1);
    const oauth = await oauthOf(connectionId);
    expect(oauth.status).toBe('authorized');
    expect(oauth.lastRefreshedAt).not.toBeNull();
    expect(Date.parse(oauth.expiresAt!)).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
  });

  it('refreshes once and repeats once when Atlassian refuses a token believed valid (401)', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
    world.authServer.forgetAccessTokens();
    const refreshesBefore = world.authServer.refreshRequests().length;
    const callsBefore = world.fake.requestsTo('/rest/api/3/myself').length;

    const run = await execute(aliasName).expect(200);

    expect(run.body.status).toBe('success');
    expect(world.authServer.refreshRequests()).toHaveLength(refreshesBefore + 1);
    const calls = world.fake.requestsTo('/rest/api/3/myself').slice(callsBefore);
    expect(calls).toHaveLength(2);
    expect(calls[0].headers.authorization).not.toBe(calls[1].headers.authorization);
  });

  it('marks a revoked grant reauthorization_required and then fails at once without calling out', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    const name = ((await admin.get(`/api/connections/${connectionId}`)).body as { name: string })
      .name;
    const user = {
      ...world.user,
      account: { ...world.user.account, accountId: 'revoking-user-0000000001' },
    };
    expect((await consent(hub, admin, world, connectionId, { user })).page.status).toBe(200);
    world.authServer.revokeAccount(user.account.accountId);
    await expireTokenOf(connectionId);
    const message = `OAuth token for connection ${name} was revoked or expired; an admin must use Save and Get OAuth Token`;

    const first = await execute(aliasName).expect(409);
    expect(first.body).toMatchObject({ error: 'oauth_reauthorization_required', message });
    expect(world.authServer.refreshRequests().at(-1)).toMatchObject({ error: 'invalid_grant' });
    const oauth = await oauthOf(connectionId);
    expect(oauth.status).toBe('reauthorization_required');
    expect(oauth.lastError).toContain('invalid_grant');

    const tokenRequests = world.authServer.tokenRequests.length;
    const atlassianRequests = world.fake.requests.length;
    const second = await execute(aliasName).expect(409);
    expect(second.body.message).toBe(message);
    expect(world.authServer.tokenRequests).toHaveLength(tokenRequests);
    expect(world.fake.requests).toHaveLength(atlassianRequests);
    const test = await admin.post(`/api/connections/${connectionId}/test`).expect(200);
    expect(test.body).toMatchObject({ ok: false, message });

    // Save and Get OAuth Token again brings it back.
    expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
    expect((await execute(aliasName).expect(200)).body.status).toBe('success');
  });

  it('asks again at once after a lost refresh answer, which Atlassian’s reuse leeway answers', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
    await expireTokenOf(connectionId);
    world.authServer.allowReuseWithin(10 * 60 * 1000);
    try {
      world.authServer.loseNextAnswers(1);
      const before = world.authServer.refreshRequests().length;

      expect((await execute(aliasName).expect(200)).body.status).toBe('success');

      const [lost, again] = world.authServer.refreshRequests().slice(before);
      expect(world.authServer.refreshRequests()).toHaveLength(before + 2);
      expect(again.refreshToken).toBe(lost.refreshToken);
      expect(again.status).toBe(200);
      expect((await grantOf(connectionId))!.refreshInDoubtSince).toBeNull();
      // The second answer's refresh token was stored: the next refresh goes through with it.
      await expireTokenOf(connectionId);
      expect((await execute(aliasName).expect(200)).body.status).toBe('success');
      expect(world.authServer.refreshRequests().at(-1)!.refreshToken).not.toBe(lost.refreshToken);
    } finally {
      world.authServer.allowReuseWithin(0);
    }
  });

  it('after two lost refresh answers, re-reads the grant and never refreshes from memory', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
    await expireTokenOf(connectionId);
    // The refresh and the hub's immediate second try both lose their answers.
    world.authServer.loseNextAnswers(2);

    const lost = await execute(aliasName).expect(502);
    expect(lost.body).toMatchObject({
      status: 'error',
      executionId: expect.any(String),
      error: { httpStatus: null, message: expect.stringContaining('did not answer') },
    });
    const inDoubt = (await grantOf(connectionId))!;
    expect(inDoubt.refreshInDoubtSince).not.toBeNull();
    expect(inDoubt.refreshLeaseOwner).toBeNull();

    // The authorization server did rotate: the stored refresh token is spent, and the next attempt
    // (which sends what the database holds) learns so and asks for a new authorization.
    const next = await execute(aliasName).expect(409);
    expect(next.body.error).toBe('oauth_reauthorization_required');
    const [first, again, third] = world.authServer.refreshRequests().slice(-3);
    expect(again.refreshToken).toBe(first.refreshToken);
    expect(third.refreshToken).toBe(first.refreshToken);
    expect(third.error).toBe('invalid_grant');
    expect((await oauthOf(connectionId)).lastError).toContain('whose answer was lost');
  });

  it('keeps idle grants alive: the job refreshes grants idle for HUB_OAUTH_KEEPALIVE_DAYS', async () => {
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
    const keepAlive = hub.app.get(OAuthKeepAliveService);
    const before = (await grantOf(connectionId))!;

    // Nothing is idle today; in 31 days, every grant authorized now is.
    expect((await keepAlive.keepGrantsAlive(new Date())).refreshed).toBe(0);
    const refreshesBefore = world.authServer.refreshRequests().length;
    const result = await keepAlive.keepGrantsAlive(new Date(Date.now() + 31 * DAY_MS));

    expect(result.failed).toBe(0);
    expect(result.refreshed).toBeGreaterThanOrEqual(1);
    expect(world.authServer.refreshRequests().length).toBe(refreshesBefore + result.refreshed);
    const after = (await grantOf(connectionId))!;
    expect(after.version).toBe(before.version + 1);
    expect(after.lastRefreshedAt).not.toBeNull();
    expect((await execute(aliasName).expect(200)).body.status).toBe('success');
  });

  describe("Atlassian's 365 days from consent", () => {
    /** Moves the grant's consent `days` into the past (it was given just now). */
    const consentedDaysAgo = async (connectionId: string, days: number) => {
      const grant = (await grantOf(connectionId))!;
      const authorizedAt = new Date(Date.now() - days * DAY_MS);
      await grants().update({ id: grant.id }, { authorizedAt, lastRefreshedAt: null });
      return authorizedAt;
    };
    const dayOf = (date: Date) => date.toISOString().slice(0, 10);

    it('shows when to consent again; a refresh keeps that date and a new consent moves it', async () => {
      const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
      const before = Date.now();
      expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
      const first = await oauthOf(connectionId);
      const consentedAt = Date.parse(first.consentedAt!);
      expect(consentedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(consentedAt).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(first.reconsentBy!)).toBe(consentedAt + 365 * DAY_MS);

      // A day before the end the grant still works, and refreshes, without moving the date.
      const authorizedAt = await consentedDaysAgo(connectionId, 364);
      await expireTokenOf(connectionId);
      const refreshes = world.authServer.refreshRequests().length;
      expect((await execute(aliasName).expect(200)).body.status).toBe('success');
      expect(world.authServer.refreshRequests()).toHaveLength(refreshes + 1);
      const refreshed = await oauthOf(connectionId);
      expect(refreshed).toMatchObject({
        status: 'authorized',
        consentedAt: authorizedAt.toISOString(),
        reconsentBy: new Date(authorizedAt.getTime() + 365 * DAY_MS).toISOString(),
      });
      expect(refreshed.lastRefreshedAt).not.toBeNull();

      // Save and Get OAuth Token again: a new consent, a new year.
      const again = Date.now();
      expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
      const renewed = await oauthOf(connectionId);
      expect(Date.parse(renewed.consentedAt!)).toBeGreaterThanOrEqual(again - 1000);
      expect(Date.parse(renewed.reconsentBy!)).toBe(
        Date.parse(renewed.consentedAt!) + 365 * DAY_MS,
      );
    });

    it('past the 365th day: re-authorization required, saying why, without a refresh or a call', async () => {
      const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
      const name = ((await admin.get(`/api/connections/${connectionId}`)).body as { name: string })
        .name;
      expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
      // The access token itself is still valid: the end of the consent is what counts.
      const authorizedAt = await consentedDaysAgo(connectionId, 365.01);
      const reason = `365 days since consent on ${dayOf(authorizedAt)}`;

      // The connection says so before anything has tried the grant.
      const shown = await oauthOf(connectionId);
      expect(shown).toMatchObject({ status: 'reauthorization_required', expiresAt: null });
      expect(shown.lastError).toContain(reason);
      expect(shown.lastError).toContain('Save and Get OAuth Token again');

      const tokenRequests = world.authServer.tokenRequests.length;
      const atlassianRequests = world.fake.requests.length;
      const run = await execute(aliasName).expect(409);
      expect(run.body).toMatchObject({
        error: 'oauth_reauthorization_required',
        message: expect.stringContaining(`OAuth grant for connection ${name} has ended: ${reason}`),
      });
      expect(world.authServer.tokenRequests).toHaveLength(tokenRequests);
      expect(world.fake.requests).toHaveLength(atlassianRequests);

      // Marked in the database, its tokens dropped, and refused the same way from then on.
      const marked = (await grantOf(connectionId))!;
      expect(marked.status).toBe('reauthorization_required');
      expect(marked.accessTokenCiphertext).toBeNull();
      expect(marked.refreshTokenCiphertext).toBeNull();
      expect(marked.lastError).toContain(reason);
      expect((await execute(aliasName).expect(409)).body.message).toBe(run.body.message);
      const test = await admin.post(`/api/connections/${connectionId}/test`).expect(200);
      expect(test.body).toMatchObject({ ok: false, message: run.body.message });
      expect(world.authServer.tokenRequests).toHaveLength(tokenRequests);
      expect(world.fake.requests).toHaveLength(atlassianRequests);

      expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
      expect((await oauthOf(connectionId)).status).toBe('authorized');
      expect((await execute(aliasName).expect(200)).body.status).toBe('success');
    });

    it('the keep-alive marks a grant past its 365th day instead of refreshing it', async () => {
      const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
      expect((await consent(hub, admin, world, connectionId)).page.status).toBe(200);
      const authorizedAt = await consentedDaysAgo(connectionId, 366);
      const refreshes = world.authServer.refreshRequests().length;

      await hub.app.get(OAuthKeepAliveService).keepGrantsAlive(new Date());

      expect(world.authServer.refreshRequests()).toHaveLength(refreshes);
      const marked = (await grantOf(connectionId))!;
      expect(marked.status).toBe('reauthorization_required');
      expect(marked.lastError).toContain(`365 days since consent on ${dayOf(authorizedAt)}`);
    });
  });

  describe('POST /api/connections/:id/oauth/authorize', () => {
    it('needs an admin token', async () => {
      const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
      const designer = new Api(hub.http, await hub.tokenFor('designer'));

      await hub.http.post(`/api/connections/${connectionId}/oauth/authorize`).expect(401);
      await designer.post(`/api/connections/${connectionId}/oauth/authorize`).expect(403);
    });

    it('refuses a connection without an OAuth credential, and unknown ones', async () => {
      const credential = await admin.createCredential();
      const parentId = await admin.aliasId('Jira');
      const alias = await admin
        .post('/api/aliases', { name: `Basic_${Date.now()}`, parentId })
        .expect(201);
      const connection = await admin.createConnection({
        url: `${world.fake.url}/ex/jira/${world.sites.acme.id}`,
        credentialId: credential.id,
        aliasId: (alias.body as { id: string }).id,
      });

      const response = await admin
        .post(`/api/connections/${String(connection.id)}/oauth/authorize`)
        .expect(409);
      expect(response.body.error).toBe('not_oauth_connection');
      expect(connection.oauth).toBeNull();
      await admin
        .post('/api/connections/5f0c8a9e-0000-4000-8000-000000000000/oauth/authorize')
        .expect(404);
    });

    it.each([
      '//evil.example.com/x',
      'https://evil.example.com',
      '/\\evil.example.com',
      'relative',
    ])('refuses returnTo %j, naming the field', async (returnTo) => {
      const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);

      const response = await admin
        .post(`/api/connections/${connectionId}/oauth/authorize`, { returnTo })
        .expect(400);

      expect(response.body.errors[0]).toMatchObject({ field: 'returnTo', rule: 'relativePath' });
    });

    it('links back to a safe returnTo at the end of the flow, escaped', async () => {
      const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);

      const { page } = await consent(hub, admin, world, connectionId, {
        returnTo: '/console/connections?x="<b>"',
      });

      expect(page.status).toBe(200);
      expect(page.text).toContain('href="/console/connections?x=%22%3Cb%3E%22"');
      expect(page.text).not.toContain('<b>');
    });
  });
});
