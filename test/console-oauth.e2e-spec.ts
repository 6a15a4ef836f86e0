import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConnectionGrantEntity } from '../src/oauth/connection-grant.entity';
import { OAuthGrantEntity } from '../src/oauth/oauth-grant.entity';
import { OAuthStateEntity } from '../src/oauth/oauth-state.entity';
import { Api, connectionUrl, unique } from './factories/records';
import { ConsoleSession, hiddenCsrfOf, signInConsole } from './support/console-session';
import {
  decideConsent,
  oauthConnection,
  oauthCredential,
  OAuthWorld,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';
import { TestHub } from './support/test-hub';

/**
 * The console's side of Save and Get OAuth Token over HTTP, with real console sessions, the real
 * authorization server and the fake Atlassian (on both databases; the browser tests drive the same
 * pages in Chromium on SQLite).
 */
describe('Console: Save and Get OAuth Token', () => {
  let world: OAuthWorld;
  let hub: TestHub;
  let admin: Api;
  const sessions: Record<string, ConsoleSession> = {};

  beforeAll(async () => {
    world = await startOAuthWorld();
    hub = await startOAuthHub(world);
    admin = new Api(hub.http, hub.adminToken);
    for (const [username, role] of [
      ['ada', 'admin'],
      ['bob', 'admin'],
      ['dee', 'designer'],
    ] as const) {
      const password = `pw-${randomBytes(12).toString('hex')}`;
      await admin.post('/api/users', { username, password, role }).expect(201);
      sessions[username] = await signInConsole(hub.http, username, password);
    }
  });

  afterAll(async () => {
    await hub.close();
    await world.stop();
  });

  const page = (username: string, path: string) =>
    hub.http.get(path).set('Cookie', sessions[username].cookie);
  const post = (username: string, path: string, form: Record<string, unknown>) =>
    hub.http
      .post(path)
      .set('Cookie', sessions[username].cookie)
      .type('form')
      .send({ _csrf: sessions[username].csrf, ...form });
  const connectionOf = async (id: string) =>
    (await admin.get(`/api/connections/${id}`).expect(200)).body as {
      name: string;
      url: string | null;
      credentialId: string;
      timeoutMs: number;
      oauth: { status: string } | null;
    };
  /** The connection form as the console renders it, with its values, as a browser posts it. */
  const editForm = async (id: string, changes: Record<string, string>) => {
    const connection = await connectionOf(id);
    return {
      'connection.name': connection.name,
      'connection.credentialId': connection.credentialId,
      'connection.active': 'on',
      'connection.timeoutMs': String(connection.timeoutMs),
      ...changes,
    };
  };

  it('saves, then sends the browser to the consent screen, coming back to the connection', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);

    const started = await post(
      'ada',
      `/connections/${connectionId}`,
      await editForm(connectionId, {
        'connection.timeoutMs': '25000',
        intent: 'save-and-authorize',
      }),
    ).expect(303);

    expect((await connectionOf(connectionId)).timeoutMs).toBe(25000);
    const authorizationUrl = new URL(started.headers.location);
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(
      `${world.authServer.url}/authorize`,
    );
    const callbackPath = await decideConsent(authorizationUrl, world);
    const result = await page('ada', callbackPath).expect(200);
    // The console's own page: its layout, the user's name, the site and the way back.
    expect(result.headers['referrer-policy']).toBe('no-referrer');
    expect(result.headers['content-security-policy']).toContain("style-src 'self'");
    expect(result.text).toContain('<link rel="stylesheet" href="/assets/console.css">');
    expect(result.text).toContain('OAuth token saved');
    expect(result.text).toContain('acme');
    expect(result.text).toContain(`href="/connections/${connectionId}"`);
    expect((await connectionOf(connectionId)).oauth?.status).toBe('authorized');
  });

  it('refuses a flow started by one admin when another admin’s browser, or one signed in to nothing, finishes it, leaving it to its owner', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
    const started = await post('ada', `/connections/${connectionId}/oauth/authorize`, {}).expect(
      303,
    );
    const callbackPath = await decideConsent(new URL(started.headers.location), world);
    const exchanges = world.authServer.tokenRequests.length;

    const foreign = await page('bob', callbackPath);

    expect(foreign.status).toBe(403);
    expect(foreign.text).toContain('OAuth token not saved');
    expect(foreign.text).toContain('This flow was started by ada, not by you. Nothing was stored.');
    expect(foreign.text).toContain('Only the user who started this flow can finish it');
    expect(world.authServer.tokenRequests).toHaveLength(exchanges);
    expect((await connectionOf(connectionId)).oauth?.status).toBe('not_authorized');

    // A browser signed in to nothing cannot finish it either: whoever learnt the state is not ada.
    const anonymous = await hub.http.get(callbackPath);
    expect(anonymous.status).toBe(403);
    expect(anonymous.text).toContain(
      `This flow was started in the console by ada, and this browser is not signed in to the console at ${hub.config.publicUrl}. Nothing was stored`,
    );
    expect(world.authServer.tokenRequests).toHaveLength(exchanges);
    expect((await connectionOf(connectionId)).oauth?.status).toBe('not_authorized');

    // The state is still there for ada, whose browser finishes the flow.
    const own = await page('ada', callbackPath).expect(200);
    expect(own.text).toContain('OAuth token saved');
    expect((await connectionOf(connectionId)).oauth?.status).toBe('authorized');
  });

  it('finishes a flow started over the API in any signed-in browser, and keeps the plain page without a session', async () => {
    const start = async () => {
      const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
      const started = await admin
        .post(`/api/connections/${connectionId}/oauth/authorize`)
        .expect(200);
      const url = new URL((started.body as { authorizationUrl: string }).authorizationUrl);
      return { connectionId, callbackPath: await decideConsent(url, world) };
    };

    const inConsole = await start();
    const consolePage = await page('bob', inConsole.callbackPath).expect(200);
    expect(consolePage.text).toContain('class="main-nav"');
    expect((await connectionOf(inConsole.connectionId)).oauth?.status).toBe('authorized');

    const plain = await start();
    const plainPage = await hub.http.get(plain.callbackPath).expect(200);
    expect(plainPage.text).not.toContain('class="main-nav"');
    expect(plainPage.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('shows every refusal in the console with what to do, and offers to start again', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.gamma.id);
    const started = await post('ada', `/connections/${connectionId}/oauth/authorize`, {}).expect(
      303,
    );
    const wrongSite = await decideConsent(new URL(started.headers.location), world, {
      sites: [world.sites.acme, world.sites.beta],
    });

    const refused = await page('ada', wrongSite).expect(400);

    expect(refused.text).toContain('does not cover this connection&#39;s site');
    expect(refused.text).toContain(world.sites.acme.id);
    expect(refused.text).toContain(world.sites.beta.id);
    expect(refused.text).toContain('choose the connection’s site on the consent screen');
    expect(refused.text).toContain(`action="/connections/${connectionId}/oauth/authorize"`);
    const replayed = await page('ada', wrongSite).expect(400);
    expect(replayed.text).toContain('already used, or it is unknown');

    const again = await post('ada', `/connections/${connectionId}/oauth/authorize`, {}).expect(303);
    const denied = await decideConsent(new URL(again.headers.location), world, {
      decision: 'deny',
    });
    const deniedPage = await page('ada', denied).expect(400);
    expect(deniedPage.text).toContain('Access was denied at Atlassian (access_denied');
    expect(deniedPage.text).toContain('Consent was declined');
  });

  it('creates the child aliases chosen among the other sites of a grant', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id, 'Jira_SM');
    const started = await post('ada', `/connections/${connectionId}/oauth/authorize`, {}).expect(
      303,
    );
    const callbackPath = await decideConsent(new URL(started.headers.location), world, {
      sites: [world.sites.acme, world.sites.beta, world.sites.gamma],
    });
    const result = await page('ada', callbackPath).expect(200);
    expect(result.text).toContain('The grant covers more sites');
    expect(result.text).toContain(`action="/connections/${connectionId}/oauth/sites"`);
    expect(hiddenCsrfOf(result.text)).toBe(sessions.ada.csrf);

    // Nothing ticked: the form again, with the rule beside the sites.
    const none = await post('ada', `/connections/${connectionId}/oauth/sites`, {}).expect(400);
    expect(none.text).toContain('cloudIds must name at least one site');
    expect(none.text).toContain(`value="${world.sites.gamma.id}"`);

    const created = await post('ada', `/connections/${connectionId}/oauth/sites`, {
      cloudIds: [world.sites.beta.id, world.sites.gamma.id],
    }).expect(201);
    expect(created.text).toContain('Jira_SM_beta');
    expect(created.text).toContain('Jira_SM_gamma');
    const aliases = (await admin.get('/api/aliases').expect(200)).body as Array<{ name: string }>;
    expect(aliases.map((alias) => alias.name)).toEqual(
      expect.arrayContaining(['Jira_SM_beta', 'Jira_SM_gamma']),
    );

    // Again: refused as a whole, and said so.
    const twice = await post('ada', `/connections/${connectionId}/oauth/sites`, {
      cloudIds: world.sites.beta.id,
    }).expect(409);
    expect(twice.text).toContain('already exists (Jira_SM_beta); nothing was created');
  });

  it('adds a connection without a URL and gets its token in one step (Add Connection)', async () => {
    const credentialId = await oauthCredential(admin, world.client);
    const jiraId = await admin.aliasId('Jira');
    const aliasName = unique('Jira_New').replace(/-/g, '_');

    const started = await post('ada', `/aliases/${jiraId}/connections`, {
      mode: 'child',
      'childAlias.name': aliasName,
      'connection.name': aliasName,
      'connection.url': '',
      'connection.credentialId': credentialId,
      'connection.active': 'on',
      intent: 'save-and-authorize',
    }).expect(303);

    expect(started.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/authorize\?/);
    const connections = (await admin.get('/api/connections').expect(200)).body as Array<{
      id: string;
      name: string;
      url: string | null;
    }>;
    const saved = connections.find((connection) => connection.name === aliasName)!;
    expect(saved.url).toBeNull();
    const callbackPath = await decideConsent(new URL(started.headers.location), world);
    const result = await page('ada', callbackPath).expect(200);
    expect(result.text).toContain('The connection had no site yet');
    expect((await connectionOf(saved.id)).url).toBe(
      connectionUrl(world.fake.url, world.sites.acme.id),
    );
  });

  it('refuses Save and Get OAuth Token for a Basic credential beside the credential, saving nothing', async () => {
    const basic = await admin.createCredential();
    const jiraId = await admin.aliasId('Jira');
    const name = unique('basic-conn');

    const refused = await post('ada', `/aliases/${jiraId}/connections`, {
      mode: 'alias',
      'connection.name': name,
      'connection.url': connectionUrl(world.fake.url, world.sites.acme.id),
      'connection.credentialId': basic.id,
      intent: 'save-and-authorize',
    }).expect(400);

    expect(refused.text).toContain('Save and Get OAuth Token needs an OAuth 2.0 credential');
    expect(refused.text).toContain(`value="${name}"`);
    const connections = (await admin.get('/api/connections').expect(200)).body as Array<{
      name: string;
    }>;
    expect(connections.map((connection) => connection.name)).not.toContain(name);

    // The same on the edit form, when the credential is changed to a Basic one.
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
    const edited = await post(
      'ada',
      `/connections/${connectionId}`,
      await editForm(connectionId, {
        'connection.credentialId': basic.id,
        'connection.timeoutMs': '26000',
        intent: 'save-and-authorize',
      }),
    ).expect(400);
    expect(edited.text).toContain('Save and Get OAuth Token needs an OAuth 2.0 credential');
    expect((await connectionOf(connectionId)).timeoutMs).not.toBe(26000);
  });

  it('leaves an unknown credential for the save to name when Save and Get OAuth Token is used', async () => {
    const jiraId = await admin.aliasId('Jira');
    const name = unique('unknown-credential');
    const credentialId = randomUUID();
    const refused = await post('ada', `/aliases/${jiraId}/connections`, {
      mode: 'alias',
      'connection.name': name,
      'connection.url': connectionUrl(world.fake.url, world.sites.acme.id),
      'connection.credentialId': credentialId,
      intent: 'save-and-authorize',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(`Credential ${credentialId} is not an existing credential`);
    expect(refused.text).not.toContain('needs an OAuth 2.0 credential');
    const connections = (await admin.get('/api/connections').expect(200)).body as Array<{
      name: string;
    }>;
    expect(connections.map((connection) => connection.name)).not.toContain(name);
  });

  it('never offers the button to a designer, and refuses their posts with the 403 page', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
    const asAdmin = await page('ada', `/connections/${connectionId}`).expect(200);
    expect(asAdmin.text).toContain('value="save-and-authorize"');

    const shown = await page('dee', `/connections/${connectionId}`).expect(200);
    expect(shown.text).toContain('Not authorized');
    expect(shown.text).not.toContain('save-and-authorize');

    for (const [path, form] of [
      [
        `/connections/${connectionId}`,
        await editForm(connectionId, {
          'connection.timeoutMs': '27000',
          intent: 'save-and-authorize',
        }),
      ],
      [`/connections/${connectionId}/oauth/authorize`, {}],
      [`/connections/${connectionId}/oauth/sites`, { cloudIds: world.sites.beta.id }],
    ] as const) {
      const refused = await post('dee', path, form).expect(403);
      expect(refused.text).toContain('This page is for admin users');
      expect(refused.headers.location).toBeUndefined();
    }
    expect((await connectionOf(connectionId)).timeoutMs).not.toBe(27000);
    const states = hub.app.get(DataSource).getRepository(OAuthStateEntity);
    expect(await states.countBy({ connectionId })).toBe(0);
  });

  it('shows in the action runner why an OAuth connection cannot run yet, keeping the form', async () => {
    const { aliasName } = await oauthConnection(admin, world, null);

    const run = await post('dee', '/actions/jira.get_myself/run', { alias: aliasName });

    expect(run.status).toBe(409);
    expect(run.text).toContain('has no Atlassian site yet');
    expect(run.text).toContain('Save and Get OAuth Token');
    // Still the runner, with the alias chosen, not the error page.
    expect(run.text).toContain('/actions/jira.get_myself/run');
    expect(run.text).toMatch(new RegExp(`value="${aliasName}"[^>]*selected`));
  });

  it('warns on the dashboard and the connection page a day before the 365th day after consent', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const grants = hub.app.get(DataSource).getRepository(OAuthGrantEntity);
    const link = (connectionId: string) =>
      hub.app
        .get(DataSource)
        .getRepository(ConnectionGrantEntity)
        .findOneByOrFail({ connectionId });
    const consentedDaysAgo = async (connectionId: string, days: number) => {
      const { grantId } = await link(connectionId);
      // A minute within the day, so that the whole days left do not change while the test runs.
      await grants.update(
        { id: grantId },
        { authorizedAt: new Date(Date.now() - days * DAY + 60_000) },
      );
    };
    const ending = await oauthConnection(admin, world, world.sites.acme.id);
    const ended = await oauthConnection(admin, world, world.sites.acme.id);
    const fresh = await oauthConnection(admin, world, world.sites.acme.id);
    for (const { connectionId } of [ending, ended, fresh]) {
      const started = await post('ada', `/connections/${connectionId}/oauth/authorize`, {}).expect(
        303,
      );
      await page('ada', await decideConsent(new URL(started.headers.location), world));
    }
    await consentedDaysAgo(ending.connectionId, 364);
    await consentedDaysAgo(ended.connectionId, 366);
    const names = {
      ending: (await connectionOf(ending.connectionId)).name,
      ended: (await connectionOf(ended.connectionId)).name,
      fresh: (await connectionOf(fresh.connectionId)).name,
    };

    const dashboard = (await page('dee', '/').expect(200)).text;
    const start = dashboard.indexOf('id="reconsent-heading"');
    expect(start).toBeGreaterThan(-1);
    const panel = dashboard.slice(start, dashboard.indexOf('</section>', start));
    const item = (connectionId: string) => {
      const at = panel.indexOf(`href="/connections/${connectionId}#oauth"`);
      return at === -1 ? '' : panel.slice(at, panel.indexOf('</li>', at));
    };
    expect(item(ending.connectionId)).toContain(`>${names.ending}</a>`);
    expect(item(ending.connectionId)).toContain('consent ends in 1 day<');
    expect(item(ending.connectionId)).toContain('An admin must use Save and Get OAuth Token');
    expect(item(ended.connectionId)).toContain('consent ended');
    expect(panel).not.toContain(names.fresh);

    const endingPage = (await page('ada', `/connections/${ending.connectionId}`).expect(200)).text;
    expect(endingPage).toContain('Re-consent by');
    expect(endingPage).toContain('<span class="badge badge-warn">in 1 day</span>');
    expect(endingPage).toContain('Authorized');
    const endedPage = (await page('ada', `/connections/${ended.connectionId}`).expect(200)).text;
    expect(endedPage).toContain('Re-authorization required');
    expect(endedPage).toContain('365 days since consent on');
    expect(endedPage).toContain('use Save and Get OAuth Token again');
  });

  it('shows each connection’s OAuth status on the dashboard', async () => {
    const { connectionId } = await oauthConnection(admin, world, world.sites.acme.id);
    const name = (await connectionOf(connectionId)).name;
    const row = async () => {
      const dashboard = await page('ada', '/').expect(200);
      const rows = dashboard.text.split('<tr>');
      return rows.slice(1).find((candidate) => candidate.includes(`>${name}</a>`)) ?? '';
    };
    expect(await row()).toContain('Not authorized');
    expect(await row()).toContain('Get a token');

    const started = await post('ada', `/connections/${connectionId}/oauth/authorize`, {}).expect(
      303,
    );
    await page('ada', await decideConsent(new URL(started.headers.location), world));

    expect(await row()).toContain('Authorized');
    expect(await row()).not.toContain('Get a token');
  });
});
