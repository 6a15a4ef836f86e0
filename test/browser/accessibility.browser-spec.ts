import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { connectionUrl } from '../factories/records';
import { ConsentingUser } from '../oauth-server/test-authorization-server';
import { oauthCredential, OAuthWorld, startOAuthWorld } from '../support/oauth-world';
import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

/** axe-core's own bundle, run in the page as a user's accessibility checker would. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BEARER = 'a11y-bearer-token';

interface AxeResult {
  violations: Array<{
    id: string;
    impact: string | null;
    help: string;
    nodes: Array<{ target: unknown[] }>;
  }>;
}

/**
 * Serious and critical axe-core violations of the page open in `page`, one line each: the rule,
 * what it asks, and where. Evaluated through the DevTools protocol, so the console's CSP (scripts
 * only from the hub) stays on while axe runs.
 */
async function seriousViolations(page: Page, label: string): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<AxeResult>(
    '(window.axe.run(document, { resultTypes: ["violations"] }))',
  );
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${label}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.nodes
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    );
}

describe('Every console page passes axe-core without a serious violation (Chromium)', () => {
  let world: OAuthWorld;
  let harness: ConsoleHarness;
  let admin: Page;
  let designer: Page;
  let account: ConsentingUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    world = await startOAuthWorld();
    harness = await startConsoleHarness({
      knownPort: true,
      fake: world.fake,
      env: { ATLASSIAN_AUTH_URL: world.authServer.url },
    });
    const api = harness.api;
    world.fake.addAccount({ bearer: BEARER }, { displayName: 'A11y Bot' });
    const client = world.authServer.addClient(`${harness.baseUrl}/oauth/callback`);
    account = { account: world.user.account, sites: [world.sites.acme, world.sites.beta] };
    world.authServer.addAccount(account);
    await api.post('/api/connections/discover', { site: 'acme.atlassian.net' }).expect(200);

    ids.jsm = await api.aliasId('Jira_SM');
    const added = await api
      .post(`/api/aliases/${ids.jsm}/connections`, {
        childAlias: { name: 'Jira_SM_Acme' },
        credential: { name: 'A11y bearer', type: 'bearer', token: BEARER },
        connection: {
          name: 'Acme bearer connection',
          url: connectionUrl(world.fake.url, world.sites.acme.id),
        },
      })
      .expect(201);
    const connection = (added.body as { connection: { id: string; credentialId: string } })
      .connection;
    ids.connection = connection.id;
    ids.credential = connection.credentialId;
    ids.child = (added.body as { alias: { id: string } }).alias.id;
    await api.post(`/api/connections/${ids.connection}/test`).expect(200);
    const oauthId = await oauthCredential(api, client, 'A11y OAuth app');
    const oauth = await api.createConnection({
      name: 'Acme OAuth connection',
      url: connectionUrl(world.fake.url, world.sites.acme.id),
      credentialId: oauthId,
      aliasId: ids.jsm,
    });
    ids.oauthConnection = oauth.id as string;

    const execute = (action: string, inputs: object) =>
      api.post(`/api/actions/${action}/execute`, { alias: 'Jira_SM_Acme', inputs });
    await execute('jsm.list_service_desks', {});
    // The same customer twice: Atlassian refuses the second, so the history has a failure too.
    const customer = { email: 'jane.doe@example.com', displayName: 'Jane Doe' };
    await execute('jsm.create_customer', customer);
    await execute('jsm.create_customer', customer);
    // The history is written just after the answer.
    let items: Array<{ id: string; status: string }> = [];
    for (let attempt = 0; attempt < 50 && items.length < 3; attempt++) {
      const executions = await api.get('/api/executions').expect(200);
      items = (executions.body as { items: typeof items }).items;
      if (items.length < 3) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    ids.success = items.find((item) => item.status === 'success')!.id;
    ids.failure = items.find((item) => item.status === 'error')!.id;

    const adminPassword = await harness.createUser('ada', 'admin');
    const designerPassword = await harness.createUser('dee', 'designer');
    const users = await api.get('/api/users').expect(200);
    ids.user = (users.body as Array<{ id: string; username: string }>).find(
      (user) => user.username === 'dee',
    )!.id;
    admin = await harness.newPage();
    await harness.signIn(admin, 'ada', adminPassword);
    designer = await harness.newPage();
    await harness.signIn(designer, 'dee', designerPassword);
  });
  afterAll(async () => {
    try {
      await harness?.close();
    } finally {
      await world?.stop();
    }
  });

  async function checkPages(page: Page, paths: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(path);
      found.push(...(await seriousViolations(page, path)));
    }
    return found;
  }

  it('signed out: the sign-in page, also with its error', async () => {
    const page = await harness.newPage();
    const found = await checkPages(page, ['/sign-in']);
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The user name or password is wrong').waitFor();
    found.push(...(await seriousViolations(page, 'sign-in failure')));
    expect(found).toEqual([]);
  });

  it('as an admin: every page, with and without form errors', async () => {
    const found = await checkPages(admin, [
      '/',
      '/?status=attention&sort=status&dir=desc',
      '/?sort=colour',
      '/aliases',
      `/aliases/${ids.jsm}`,
      `/aliases/${ids.jsm}?tab=children`,
      `/aliases/${ids.child}`,
      `/aliases/${ids.jsm}/connections/new`,
      `/aliases/${ids.jsm}/connections/new?child=1`,
      `/connections/${ids.connection}`,
      `/connections/${ids.oauthConnection}`,
      '/credentials',
      '/credentials/new?type=basic',
      '/credentials/new?type=oauth2',
      '/credentials/new?type=bearer',
      `/credentials/${ids.credential}`,
      '/actions',
      '/actions/jsm.create_customer?example=1',
      `/actions/jsm.list_service_desks?execution=${ids.success}`,
      '/executions',
      '/executions?status=error',
      `/executions/${ids.success}`,
      `/executions/${ids.failure}`,
      '/users',
      `/users/${ids.user}`,
      '/tokens',
      '/account',
      '/account/password',
      '/no-such-page',
    ]);

    // Pages that only a form post reaches.
    await admin.goto(`/credentials/new?type=basic`);
    await admin.getByRole('button', { name: 'Create credential' }).click();
    found.push(...(await seriousViolations(admin, 'credential form errors')));
    await admin.goto('/actions/jsm.list_service_desks');
    await admin.getByLabel('Alias').selectOption('Jira_SM_Acme');
    await admin.getByRole('button', { name: 'Run action' }).click();
    await admin.getByRole('heading', { name: /Result/ }).waitFor();
    found.push(...(await seriousViolations(admin, 'action result')));
    await admin.goto('/tokens');
    await admin.getByLabel('Name').fill('a11y-flow');
    await admin.getByRole('button', { name: 'Create token' }).click();
    await admin.getByText('it is shown only this once').waitFor();
    found.push(...(await seriousViolations(admin, 'new API token')));

    // Save and Get OAuth Token: Atlassian's redirect back, the other sites offered, then created.
    await admin.goto(`/connections/${ids.oauthConnection}`);
    await admin.getByRole('button', { name: 'Save and Get OAuth Token' }).click();
    await admin.getByRole('heading', { name: 'Test authorization server: consent' }).waitFor();
    await admin.getByLabel(account.account.displayName).check();
    await admin.getByLabel('acme', { exact: false }).check();
    await admin.getByLabel('beta', { exact: false }).check();
    await admin.getByRole('button', { name: 'Allow' }).click();
    await admin.getByRole('heading', { name: 'The grant covers more sites' }).waitFor();
    found.push(...(await seriousViolations(admin, 'OAuth callback')));
    await admin.getByLabel('beta').check();
    await admin
      .getByRole('button', { name: 'Create child alias + connection for the selected sites' })
      .click();
    await admin.getByRole('heading', { name: 'Created' }).waitFor();
    found.push(...(await seriousViolations(admin, 'OAuth child aliases created')));
    expect(found).toEqual([]);
  });

  it('as a designer: the read-only pages and the forbidden page', async () => {
    const found = await checkPages(designer, [
      '/',
      `/aliases/${ids.jsm}`,
      `/connections/${ids.connection}`,
      `/connections/${ids.oauthConnection}`,
      `/credentials/${ids.credential}`,
      '/actions/jsm.create_customer',
      '/executions',
      `/executions/${ids.failure}`,
      '/users',
    ]);
    expect(found).toEqual([]);
  });
});
