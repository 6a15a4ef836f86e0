import { Page } from 'playwright-core';
import { ConsentingUser } from '../oauth-server/test-authorization-server';
import { connectionUrl, unique } from '../factories/records';
import { consent, oauthCredential, OAuthWorld, startOAuthWorld } from '../support/oauth-world';
import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

/**
 * Save and Get OAuth Token in Chromium: the console's button, the test authorization server's
 * consent page, and Atlassian's redirect back to the hub, with real cookies and the console's CSP.
 */
describe('Save and Get OAuth Token in the console (Chromium)', () => {
  let world: OAuthWorld;
  let harness: ConsoleHarness;
  let page: Page;
  let credentialName: string;
  let credentialId: string;
  let account: ConsentingUser;
  let client: Parameters<typeof oauthCredential>[1];

  beforeAll(async () => {
    world = await startOAuthWorld();
    harness = await startConsoleHarness({
      knownPort: true,
      fake: world.fake,
      env: { ATLASSIAN_AUTH_URL: world.authServer.url },
    });
    // The app registered at the authorization server sends browsers back to this hub.
    client = world.authServer.addClient(`${harness.baseUrl}/oauth/callback`);
    account = {
      account: { ...world.user.account, displayName: 'Automation Admin (OAuth)' },
      sites: [world.sites.acme, world.sites.beta],
    };
    world.authServer.addAccount(account);
    credentialName = unique('Jira OAuth app');
    credentialId = await oauthCredential(harness.api, client, credentialName);
    const password = await harness.createUser('ada', 'admin');
    page = await harness.newPage();
    await harness.signIn(page, 'ada', password);
  });
  afterAll(async () => {
    // Either may be missing if beforeAll failed; the harness already closed what it had started.
    try {
      await harness?.close();
    } finally {
      await world?.stop();
    }
  });

  /** On the authorization server's consent page: tick these sites and answer. */
  async function answerConsent(sites: string[], decision: 'Allow' | 'Deny'): Promise<void> {
    await page.getByRole('heading', { name: 'Test authorization server: consent' }).waitFor();
    await page.getByLabel(account.account.displayName).check();
    for (const site of sites) await page.getByLabel(site, { exact: false }).check();
    await page.getByRole('button', { name: decision }).click();
  }

  /** A connection with the OAuth credential on a new child alias of `parentAlias`, opened. */
  async function oauthConnectionPage(cloudId: string, parentAlias = 'Jira'): Promise<string> {
    const alias = await harness.api
      .post('/api/aliases', {
        name: unique(`${parentAlias}_Site`).replace(/-/g, '_'),
        parentId: await harness.api.aliasId(parentAlias),
      })
      .expect(201);
    const connection = await harness.api.createConnection({
      name: unique('OAuth connection'),
      url: connectionUrl(world.fake.url, cloudId),
      credentialId,
      aliasId: alias.body.id as string,
    });
    await page.goto(`/connections/${String(connection.id)}`);
    return String(connection.id);
  }

  it('adds a connection without a URL, gets its token at the consent screen and tests it', async () => {
    await page.goto('/aliases');
    await page.getByRole('link', { name: 'Jira', exact: true }).click();
    await page.getByRole('link', { name: 'Add Connection' }).click();
    await page.getByLabel('Child alias name').fill('Jira_Acme_OAuth');
    await page.getByLabel('Name', { exact: true }).fill('Jira OAuth Connection');
    await page.getByLabel('Credential', { exact: true }).selectOption({ label: credentialName });
    await page.getByRole('button', { name: 'Save and Get OAuth Token' }).click();

    await answerConsent(['acme'], 'Allow');

    await page.getByRole('heading', { level: 1, name: 'OAuth token saved' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/oauth/callback');
    const token = page.locator('section', { hasText: 'The OAuth token' });
    expect(await token.textContent()).toContain(world.sites.acme.id);
    expect(await token.textContent()).toContain('The connection had no site yet');
    expect(await token.locator('.scope-list').textContent()).toContain('read:jira-work');
    // The redirect URI registered at Atlassian, with a copy button.
    expect(await page.locator('#redirect-uri-value').textContent()).toBe(
      `${harness.baseUrl}/oauth/callback`,
    );
    await page.getByRole('button', { name: 'Copy redirect URI' }).waitFor();
    // The console's stylesheet applies: the page is the console's, not the bare one.
    const display = await page
      .locator('.topbar')
      .evaluate(
        (bar) =>
          (
            globalThis as unknown as { getComputedStyle(element: unknown): { display: string } }
          ).getComputedStyle(bar).display,
      );
    expect(display).toBe('flex');

    await page.getByRole('link', { name: 'Back to Jira OAuth Connection' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jira OAuth Connection' }).waitFor();
    expect(await page.locator('#oauth .badge').textContent()).toBe('Authorized');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Test passed.').waitFor();
    expect(await page.locator('.test-message').textContent()).toContain(
      'Signed in as Automation Admin (OAuth)',
    );

    await page.goto('/');
    const row = page.locator('tr', { hasText: 'Jira OAuth Connection' });
    expect(await row.textContent()).toContain('Authorized');
    // The site by the name the grant gave it, its cloud id one hover away.
    expect(await row.locator('.site-name').textContent()).toBe('acme.atlassian.net');
    expect(await row.locator('.site-name').getAttribute('title')).toContain(world.sites.acme.id);
  });

  it('says plainly when consent is denied, and stores nothing', async () => {
    const connectionId = await oauthConnectionPage(world.sites.acme.id);
    expect(await page.locator('#oauth .badge').textContent()).toBe('Not authorized');
    await page.getByRole('button', { name: 'Save and Get OAuth Token' }).click();

    await answerConsent([], 'Deny');

    await page.getByRole('heading', { level: 1, name: 'OAuth token not saved' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Access was denied at Atlassian (access_denied',
    );
    await page.getByRole('button', { name: 'Get OAuth Token again' }).waitFor();
    expect(await page.getByLabel('Redirect URI (callback URL)').inputValue()).toBe(
      `${harness.baseUrl}/oauth/callback`,
    );
    await page.getByRole('link', { name: /^Back to / }).click();
    await page.waitForURL(`**/connections/${connectionId}`);
    expect(await page.locator('#oauth .badge').textContent()).toBe('Not authorized');
  });

  it('offers the other sites of the grant and creates a child alias for the chosen one', async () => {
    await oauthConnectionPage(world.sites.acme.id, 'Jira_SM');
    await page.getByRole('button', { name: 'Save and Get OAuth Token' }).click();

    await answerConsent(['acme', 'beta'], 'Allow');

    await page.getByRole('heading', { name: 'The grant covers more sites' }).waitFor();
    await page.getByLabel('beta').check();
    await page
      .getByRole('button', { name: 'Create child alias + connection for the selected sites' })
      .click();

    await page.getByRole('heading', { name: 'Created' }).waitFor();
    await page.getByRole('link', { name: 'Jira_SM_beta' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jira_SM_beta' }).waitFor();
    expect(await page.locator('table').textContent()).toContain('Authorized');
    await page.getByRole('link', { name: /\(beta\)$/ }).click();
    expect(await page.locator('#oauth .badge').textContent()).toBe('Authorized');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Test passed.').waitFor();
    expect(world.fake.requestsTo('/rest/api/3/myself').at(-1)?.path).toBe(
      `/ex/jira/${world.sites.beta.id}/rest/api/3/myself`,
    );
  });

  it('on re-consent marks connected sites and moves the old grant’s connections along', async () => {
    const appId = await oauthCredential(harness.api, client, unique('Reconsent app'));
    const parentName = unique('Jira_RC').replace(/-/g, '_');
    const parent = await harness.api
      .post('/api/aliases', { name: parentName, spoke: 'jira' })
      .expect(201);
    const child = await harness.api
      .post('/api/aliases', { name: `${parentName}_acme`, parentId: parent.body.id as string })
      .expect(201);
    const first = await harness.api.createConnection({
      name: unique('Reconsent acme'),
      url: connectionUrl(world.fake.url, world.sites.acme.id),
      credentialId: appId,
      aliasId: child.body.id as string,
    });
    await page.goto(`/connections/${String(first.id)}`);
    await page.getByRole('button', { name: 'Save and Get OAuth Token' }).click();
    await answerConsent(['acme', 'beta'], 'Allow');
    await page.getByLabel('beta').check();
    await page
      .getByRole('button', { name: 'Create child alias + connection for the selected sites' })
      .click();
    await page.getByRole('heading', { name: 'Created' }).waitFor();
    const second = String(first.name) + ' (beta)';

    // Consent again for the first connection: the second still has the old grant.
    await page.goto(`/connections/${String(first.id)}`);
    await page.getByRole('button', { name: 'Save and Get OAuth Token' }).click();
    await answerConsent(['acme', 'beta'], 'Allow');
    await page.getByRole('heading', { level: 1, name: 'OAuth token saved' }).waitFor();
    // beta is connected already: marked, with its connection, and not offered again.
    const sites = page.locator('section', { hasText: 'The grant covers more sites' });
    expect(await sites.locator('.site-connected').textContent()).toContain('Already connected');
    await sites.getByRole('link', { name: second }).waitFor();
    expect(await sites.getByRole('checkbox').count()).toBe(0);

    const previous = page.locator('#previous-grant');
    expect(await previous.getByLabel(second).isChecked()).toBe(true);
    await previous
      .getByRole('button', { name: 'Move the selected connections to this grant' })
      .click();
    await page.getByText('now sign in with this connection’s new grant').waitFor();
    const connections = (await harness.api.get('/api/connections').expect(200)).body as Array<{
      name: string;
      oauth: { consentedAt: string } | null;
    }>;
    const consentOf = (name: string) => connections.find((c) => c.name === name)?.oauth;
    expect(consentOf(second)?.consentedAt).toBe(consentOf(String(first.name))?.consentedAt);
  });

  it('says that the token’s scopes differ after a save reset them, and gets new ones', async () => {
    const connectionId = await oauthConnectionPage(world.sites.acme.id);
    await harness.api
      .patch(`/api/connections/${connectionId}`, { scopes: ['read:jira-work', 'read:me'] })
      .expect(200);
    // Authorized over the API for those two scopes, as a script would do it.
    const { page: apiPage } = await consent(harness.hub, harness.api, world, connectionId);
    expect(apiPage.status).toBe(200);
    await page.goto(`/connections/${connectionId}`);
    expect(await page.locator('#oauth .badge').textContent()).toBe('Authorized');

    await page.getByLabel('Timeout (ms)').fill('20000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await page.getByText('Connection saved.').waitFor();
    const notice = await page
      .locator('.notice', { hasText: 'Scopes were reset to the jira spoke’s defaults' })
      .textContent();
    expect(notice).toContain('status scopes_changed');
    expect(notice).toContain('Save and Get OAuth Token gets a token with the new scopes');
    expect(await page.locator('#oauth .badge').textContent()).toBe('Scopes changed');

    await page.getByRole('button', { name: 'Save and Get OAuth Token' }).click();
    await answerConsent(['acme'], 'Allow');
    await page.getByRole('heading', { level: 1, name: 'OAuth token saved' }).waitFor();
    expect(await page.locator('.scope-list').textContent()).toContain('write:jira-work');
    await page.getByRole('link', { name: /^Back to / }).click();
    expect(await page.locator('#oauth .badge').textContent()).toBe('Authorized');
  });

  it('shows a designer the status but never the button', async () => {
    const connectionId = await oauthConnectionPage(world.sites.acme.id);
    const password = await harness.createUser('dee', 'designer');
    const designer = await harness.newPage();
    await harness.signIn(designer, 'dee', password);

    await designer.goto(`/connections/${connectionId}`);

    expect(await designer.locator('#oauth').textContent()).toContain(
      'an admin uses Save and Get OAuth Token',
    );
    expect(await designer.getByRole('button', { name: 'Save and Get OAuth Token' }).count()).toBe(
      0,
    );
  });
});
