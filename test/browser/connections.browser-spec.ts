import { Page } from 'playwright-core';
import { unique } from '../factories/records';
import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

const EMAIL = 'automation@example.com';
const API_TOKEN = 'ATATT3x-browser-test-token';

describe('Console configuration (Chromium)', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let cloudId: string;

  beforeAll(async () => {
    harness = await startConsoleHarness();
    cloudId = harness.fake.addSite('acme.atlassian.net');
    harness.fake.addAccount(
      { email: EMAIL, apiToken: API_TOKEN },
      { displayName: 'Acme Automation', accountId: '5b10ac8d82e05b22cc7d4ef5' },
    );
    const password = await harness.createUser('ada', 'admin');
    page = await harness.newPage();
    await harness.signIn(page, 'ada', password);
  });
  afterAll(() => harness?.close());

  async function openJsmAlias(): Promise<void> {
    await page.goto('/aliases');
    await page.getByRole('link', { name: 'Jira_SM', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Jira_SM' }).waitFor();
  }

  it('creates a Basic credential whose API token is never shown again', async () => {
    await page.goto('/credentials');
    await page.getByRole('link', { name: 'New Basic' }).click();
    await page.getByLabel('Name').fill('Jira SM Basic Auth Token cred');
    await page.getByLabel('Atlassian account email').fill(EMAIL);
    await page.getByLabel('API token').fill(API_TOKEN);
    await page.getByLabel('Expires on').fill('2030-06-30');
    await page.getByRole('button', { name: 'Create credential' }).click();

    await page.getByText('Credential created.').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Jira SM Basic Auth Token cred',
    );
    expect(await page.locator('.secret-state').textContent()).toContain('Set');
    expect(await page.content()).not.toContain(API_TOKEN);
    expect(await page.getByLabel('Expires on').inputValue()).toBe('2030-06-30');
  });

  it('shows every refused field at once, beside it, and keeps what was typed', async () => {
    await page.goto('/credentials/new?type=basic');
    await page.getByLabel('Name').fill('Jira SM Basic Auth Token cred');
    await page.getByLabel('Atlassian account email').fill('not-an-email');
    await page.getByRole('button', { name: 'Create credential' }).click();

    // Both problems at once, in words that say what to do, not one per submit.
    const emailField = page.locator('.field', { has: page.getByLabel('Atlassian account email') });
    await emailField.getByText('Enter an email address, such as name@example.com.').waitFor();
    await page
      .locator('.field', { has: page.getByLabel('API token') })
      .getByText('Enter the API token.')
      .waitFor();
    expect(await page.getByLabel('Atlassian account email').inputValue()).toBe('not-an-email');
    expect(await page.getByLabel('Atlassian account email').getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(await page.getByLabel('Name').inputValue()).toBe('Jira SM Basic Auth Token cred');
  });

  it('adds a child alias and its connection in one step, finding the cloud id from the site', async () => {
    await openJsmAlias();
    await page.getByRole('link', { name: 'Add Connection' }).click();
    await page.getByLabel('Child alias name').fill('Jira_SM_Acme');
    await page.getByLabel('Name', { exact: true }).fill('Jira cloud Basic Auth Token Connection');
    await page.getByLabel('Site').fill('acme.atlassian.net');
    await page.getByRole('button', { name: 'Find cloud id' }).click();

    await page.getByText(`acme.atlassian.net has cloud id ${cloudId}`).waitFor();
    expect(await page.getByLabel('Connection URL').inputValue()).toBe(
      `${harness.fake.url}/ex/jira/${cloudId}`,
    );
    // The values typed before the lookup are still there.
    expect(await page.getByLabel('Child alias name').inputValue()).toBe('Jira_SM_Acme');
    await page
      .getByLabel('Credential', { exact: true })
      .selectOption({ label: 'Jira SM Basic Auth Token cred' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await page.getByText('Connection created.').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Jira cloud Basic Auth Token Connection',
    );
    await page.getByRole('link', { name: 'Aliases', exact: true }).first().click();
    const tree = page.locator('.tree > li', {
      has: page.getByRole('link', { name: 'Jira_SM', exact: true }),
    });
    await tree.getByRole('link', { name: 'Jira_SM_Acme' }).waitFor();
    expect(await tree.textContent()).toContain('→ Jira cloud Basic Auth Token Connection');
  });

  it('tests a connection against Atlassian and shows who the hub is signed in as', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Jira cloud Basic Auth Token Connection' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();

    await page.getByText('Test passed.').waitFor();
    expect(await page.locator('.test-message').textContent()).toBe(
      'Signed in as Acme Automation (5b10ac8d82e05b22cc7d4ef5)',
    );
    expect(harness.fake.requestsTo('/rest/api/3/myself').at(-1)?.path).toBe(
      `/ex/jira/${cloudId}/rest/api/3/myself`,
    );

    await page.goto('/');
    const row = page.locator('tr', { hasText: 'Jira cloud Basic Auth Token Connection' });
    expect(await row.textContent()).toContain('Jira_SM_Acme');
    expect(await row.textContent()).toContain('Passed');
  });

  it('replaces a stored API token through Replace, leaving it unseen', async () => {
    await page.goto('/credentials');
    await page.getByRole('link', { name: 'Jira SM Basic Auth Token cred' }).click();
    await page.locator('summary', { hasText: 'Replace' }).click();
    await page.getByLabel('New api token').fill('ATATT3x-revoked-token');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Credential saved.').waitFor();
    expect(await page.content()).not.toContain('ATATT3x-revoked-token');

    await page.goto('/');
    await page.getByRole('link', { name: 'Jira cloud Basic Auth Token Connection' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Test failed.').waitFor();

    // Saving the form without touching Replace keeps the stored token.
    await page.goto('/credentials');
    await page.getByRole('link', { name: 'Jira SM Basic Auth Token cred' }).click();
    await page.locator('summary', { hasText: 'Replace' }).click();
    await page.getByLabel('New api token').fill(API_TOKEN);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Credential saved.').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Credential saved.').waitFor();
    await page.goto('/');
    await page
      .getByRole('table')
      .getByRole('link', { name: 'Jira cloud Basic Auth Token Connection' })
      .click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Test passed.').waitFor();
  });

  it('names the specific error when Atlassian refuses the credential', async () => {
    const credential = await harness.api.createCredential({ username: 'someone@example.com' });
    const aliasId = await harness.api.aliasId('Jira');
    const connection = await harness.api.createConnection({
      name: 'Refused connection',
      url: `${harness.fake.url}/ex/jira/${cloudId}`,
      credentialId: credential.id,
      aliasId,
    });
    await page.goto(`/connections/${String(connection.id)}`);
    await page.getByRole('button', { name: 'Test connection' }).click();

    await page.getByText('Test failed.').waitFor();
    expect(await page.locator('.test-message').textContent()).toContain(
      'Atlassian refused the credential (401)',
    );
  });

  it('says beside the Connection URL that a pasted site address needs Find cloud id', async () => {
    await openJsmAlias();
    await page.getByRole('link', { name: 'New connection', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('Typo connection');
    await page.getByLabel('Connection URL').fill('https://acme.atlassian.net/');
    await page
      .getByLabel('Credential', { exact: true })
      .selectOption({ label: 'Jira SM Basic Auth Token cred' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const urlField = page.locator('.field', { has: page.getByLabel('Connection URL') });
    await urlField
      .getByText('That is the site’s address: use Find cloud id for acme.atlassian.net')
      .waitFor();
    await urlField.getByRole('button', { name: 'Find cloud id for acme.atlassian.net' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Typo connection');
    expect(await page.getByLabel('Connection URL').inputValue()).toBe(
      'https://acme.atlassian.net/',
    );
  });

  it('saves a connection with a credential made in place, or nothing at all', async () => {
    const aliasName = unique('Jira_SM_Beta').replace(/-/g, '_');
    const credentialName = unique('beta-bearer');
    await openJsmAlias();
    await page.getByRole('link', { name: 'Add Connection' }).click();
    await page.getByLabel('Child alias name').fill(aliasName);
    await page.getByLabel('Name', { exact: true }).fill('Beta connection');
    await page.getByLabel('Connection URL').fill(`${harness.fake.url}/ex/jira/${cloudId}`);
    await page
      .getByLabel('Credential', { exact: true })
      .selectOption({ label: 'New credential (below)' });
    await page.locator('summary', { hasText: 'New credential' }).click();
    await page.getByLabel('Credential type').selectOption('bearer');
    await page.getByLabel('Credential name').fill(credentialName);
    // The connection name is taken: the whole save must be refused.
    await page.getByLabel('Name', { exact: true }).fill('Jira cloud Basic Auth Token Connection');
    await page.locator('#f-credential-token').fill('beta-token');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await page
      .locator('.field', { has: page.getByLabel('Name', { exact: true }) })
      .getByText('is already taken')
      .waitFor();
    const credentials = (await harness.api.get('/api/credentials').expect(200)).body as Array<{
      name: string;
    }>;
    expect(credentials.map((credential) => credential.name)).not.toContain(credentialName);
    const aliases = (await harness.api.get('/api/aliases').expect(200)).body as Array<{
      name: string;
    }>;
    expect(aliases.map((alias) => alias.name)).not.toContain(aliasName);

    await page.getByLabel('Name', { exact: true }).fill('Beta connection');
    await page.locator('#f-credential-token').fill('beta-token');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Connection created.').waitFor();
    expect(await page.getByRole('link', { name: credentialName }).count()).toBe(1);
  });

  it('says so when saving a connection put the default scopes back', async () => {
    const credential = await harness.api
      .post('/api/credentials', {
        name: unique('oauth'),
        type: 'oauth2',
        clientId: 'client-1',
        clientSecret: 'secret-1',
      })
      .expect(201);
    const connection = await harness.api.createConnection({
      name: 'OAuth connection',
      url: `${harness.fake.url}/ex/jira/${cloudId}`,
      credentialId: credential.body.id as string,
      aliasId: await harness.api.aliasId('Jira_SM'),
      scopes: ['read:jira-user', 'read:me'],
      active: false,
    });
    await page.goto(`/connections/${String(connection.id)}`);
    // OAuth connections show their scopes, filled with the spoke's defaults.
    const scopes = await page.getByRole('textbox', { name: /^Scopes/ }).inputValue();
    expect(scopes.split('\n')).toContain('manage:servicedesk-customer');
    // What a save would change, before saving.
    const change = page.locator('#scope-change');
    expect(await change.locator('li', { hasText: 'added' }).allTextContents()).toContain(
      'added manage:servicedesk-customer',
    );

    await page.getByLabel('Timeout (ms)').fill('20000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await page.getByText('Connection saved.').waitFor();
    await page.getByText('Scopes were reset to the jsm spoke’s defaults').waitFor();
    expect(await page.locator('.notice', { hasText: 'Scopes were reset' }).textContent()).toMatch(
      /Added: [^.]*manage:servicedesk-customer/,
    );
    const saved = await harness.api.get(`/api/connections/${String(connection.id)}`).expect(200);
    expect(saved.body.timeoutMs).toBe(20000);
    expect(saved.body.scopes).toContain('manage:servicedesk-customer');

    // Saving again changes nothing about the scopes, so no notice this time.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Connection saved.').waitFor();
    expect(await page.getByText('Scopes were reset').count()).toBe(0);
  });
});
