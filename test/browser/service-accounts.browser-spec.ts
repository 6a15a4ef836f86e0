import { Page } from 'playwright-core';
import { unique } from '../factories/records';
import { OAuthWorld, startOAuthWorld } from '../support/oauth-world';
import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

/** A service account's OAuth 2.0 client credentials, created in the console in Chromium. */
describe('Service-account credentials in the console (Chromium)', () => {
  let world: OAuthWorld;
  let harness: ConsoleHarness;
  let page: Page;
  let account: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    world = await startOAuthWorld();
    harness = await startConsoleHarness({
      fake: world.fake,
      env: { ATLASSIAN_AUTH_URL: world.authServer.url },
    });
    account = world.authServer.addServiceAccount(
      {
        account: {
          accountId: '5b10ac8d82e05b22cc7d4e99',
          displayName: 'Service Bot',
          accountType: 'app',
        },
        sites: [world.sites.acme],
      },
      ['read:jira-user', 'read:jira-work'],
    );
    const password = await harness.createUser('ada', 'admin');
    page = await harness.newPage();
    await harness.signIn(page, 'ada', password);
  });
  afterAll(async () => {
    try {
      await harness?.close();
    } finally {
      await world?.stop();
    }
  });

  async function fillServiceAccount(name: string, clientSecret: string): Promise<void> {
    await page.goto('/credentials');
    await page.getByRole('link', { name: 'New Service account' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Client id').fill(account.clientId);
    await page.getByLabel('Client secret').fill(clientSecret);
    await page.getByRole('button', { name: 'Create credential' }).click();
  }

  it('shows the token endpoint’s refusal of a wrong secret and creates nothing', async () => {
    const name = unique('Service account');
    await fillServiceAccount(name, 'not-the-secret');

    await page.getByText('Atlassian refused the client id and secret').first().waitFor();
    expect(await page.content()).toContain('invalid_client');
    expect(await page.content()).not.toContain('not-the-secret');
    await page.goto('/credentials');
    expect(await page.content()).not.toContain(name);
  });

  it('creates a service-account credential whose secret is never shown again', async () => {
    const name = unique('Service account');
    await fillServiceAccount(name, account.clientSecret);

    await page.getByText('Credential created.').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect(await page.locator('.secret-state').textContent()).toContain('Set');
    expect(await page.getByLabel('Token URL').inputValue()).toBe(
      `${world.authServer.url}/oauth/token`,
    );
    expect(await page.content()).not.toContain(account.clientSecret);
    expect(await page.content()).toContain('client_credentials');
  });
});
