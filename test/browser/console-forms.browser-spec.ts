import { Page } from 'playwright-core';
import { ALIAS_NAME_RULE } from '../../src/aliases/dto/create-alias.dto';
import { htmlPattern } from '../../src/console/form-rules';
import { unique } from '../factories/records';
import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

const EMAIL = 'automation@example.com';
const API_TOKEN = 'ATATT3x-forms-test-token';

/** The id of the element that has the focus. */
function focusedId(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
        .activeElement?.id ?? '',
  );
}

function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );
}

describe('Console forms: errors, rules and helpers (Chromium)', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let password: string;
  let cloudId: string;

  beforeAll(async () => {
    harness = await startConsoleHarness({ knownPort: true });
    cloudId = harness.fake.addSite('acme.atlassian.net');
    harness.fake.addAccount(
      { email: EMAIL, apiToken: API_TOKEN },
      { displayName: 'Acme Automation', accountId: '5b10ac8d82e05b22cc7d4ef6' },
    );
    password = await harness.createUser('ada', 'admin');
    page = await harness.newPage();
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.baseUrl });
    await harness.signIn(page, 'ada', password);
  });
  afterAll(() => harness?.close());

  async function openAddConnection(target: Page): Promise<void> {
    const aliasId = await harness.api.aliasId('Jira_SM');
    await target.goto(`/aliases/${aliasId}/connections/new?child=1`);
  }

  const field = (target: Page, label: string | RegExp) =>
    target.locator('.field', { has: target.getByLabel(label, { exact: true }) });

  it('checks the form in the browser with the DTOs’ rules and shows every problem at once', async () => {
    await openAddConnection(page);
    // The attributes come from the DTOs' class-validator decorators.
    const childAlias = page.getByLabel('Child alias name');
    expect(await childAlias.getAttribute('pattern')).toBe(htmlPattern(ALIAS_NAME_RULE));
    expect(await childAlias.getAttribute('required')).not.toBeNull();
    const name = page.getByLabel('Name', { exact: true });
    expect(await name.getAttribute('maxlength')).toBe('200');
    expect(await name.getAttribute('required')).not.toBeNull();

    await childAlias.fill('1st_site');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await field(page, 'Child alias name')
      .getByText('Start with a letter; use only letters, digits and _ . -')
      .waitFor();
    await field(page, 'Name').getByText('Enter a name for the connection.').waitFor();
    await field(page, 'Credential')
      .getByText('Choose a credential, or New credential to make one here.')
      .waitFor();
    // Nothing was sent: the page is the same one, with focus on the first problem.
    expect(await page.locator('#problem').count()).toBe(0);
    expect(await focusedId(page)).toBe('f-childAlias-name');
  });

  it('answers without JavaScript in the same words, every field at once, and offers Find cloud id', async () => {
    const plain = await harness.newPage({ javaScriptEnabled: false });
    await harness.signIn(plain, 'ada', password);
    await openAddConnection(plain);
    await plain.getByLabel('Child alias name').fill(unique('Jira_SM_Plain').replace(/-/g, '_'));
    await plain.getByLabel('Connection URL').fill('https://acme.atlassian.net/');
    await plain
      .getByLabel('Credential', { exact: true })
      .selectOption({ label: 'New credential (below)' });
    // The browser's own checks would stop the form first; the server's answer is the point here.
    await plain.locator('form.connection-form').evaluate((form) => {
      (form as unknown as { noValidate: boolean }).noValidate = true;
    });
    await plain.getByRole('button', { name: 'Save', exact: true }).click();

    await field(plain, 'Name').getByText('Enter a name for the connection.').waitFor();
    await field(plain, /^Connection URL/)
      .getByText(
        'That is the site’s address, not the connection URL: Find cloud id turns acme.atlassian.net into the connection URL.',
      )
      .waitFor();
    await field(plain, /^Credential name/)
      .getByText('Enter a name for the credential.')
      .waitFor();
    await field(plain, /^Credential account email/)
      .getByText('Enter the Atlassian account email.')
      .waitFor();
    await field(plain, /^Credential API token/)
      .getByText('Enter the API token.')
      .waitFor();
    const text = (await plain.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/connection\.name|must be longer than|POST \/api/);
    // The summary at the top names the same problems.
    expect(await plain.locator('#problem li').count()).toBe(5);

    await plain.getByRole('button', { name: 'Find cloud id for acme.atlassian.net' }).click();
    await plain.getByText(`acme.atlassian.net has cloud id ${cloudId}`).waitFor();
    expect(await plain.getByLabel('Connection URL').inputValue()).toBe(
      `${harness.fake.url}/ex/jira/${cloudId}`,
    );
    // Focus is back on the field the lookup filled in.
    expect(await focusedId(plain)).toBe('f-connection-url');
    await plain.context().close();
  });

  it('shows only the chosen type’s fields in New credential, and Find cloud id keeps a typed token', async () => {
    await openAddConnection(page);
    const aliasName = unique('Jira_SM_Acme').replace(/-/g, '_');
    await page.getByLabel('Child alias name').fill(aliasName);
    await page.getByLabel('Name', { exact: true }).fill(unique('Acme connection'));
    await page
      .getByLabel('Credential', { exact: true })
      .selectOption({ label: 'New credential (below)' });
    await page.locator('summary', { hasText: 'New credential' }).click();
    const credentialName = unique('acme-basic');
    await page.getByLabel('Credential name').fill(credentialName);

    expect(await page.getByLabel('Credential account email').isVisible()).toBe(true);
    expect(await page.getByLabel('Client id').isVisible()).toBe(false);
    expect(await page.getByLabel('Token', { exact: true }).isVisible()).toBe(false);
    await page.getByLabel('Credential type').selectOption('oauth2');
    expect(await page.getByLabel('Client id').isVisible()).toBe(true);
    expect(await page.getByLabel('Credential account email').isVisible()).toBe(false);
    // The OAuth app's fields come with the redirect URI to register at Atlassian.
    expect(await page.getByLabel('Redirect URI (callback URL)').inputValue()).toBe(
      `${harness.baseUrl}/oauth/callback`,
    );
    await page.getByLabel('Credential type').selectOption('basic');

    await page.getByLabel('Credential account email').fill(EMAIL);
    await page.getByLabel('Credential API token').fill(API_TOKEN);
    // A pasted site address: Find cloud id is offered right there.
    await page.getByLabel('Connection URL').fill('https://acme.atlassian.net/jira/servicedesk');
    await page.getByRole('button', { name: 'Find cloud id for acme.atlassian.net' }).click();
    await page.getByText(`acme.atlassian.net has cloud id ${cloudId}`).waitFor();
    expect(await page.getByLabel('Connection URL').inputValue()).toBe(
      `${harness.fake.url}/ex/jira/${cloudId}`,
    );
    expect(await focusedId(page)).toBe('f-connection-url');
    // Nothing typed was lost, the API token included.
    expect(await page.getByLabel('Credential API token').inputValue()).toBe(API_TOKEN);
    expect(await page.getByLabel('Child alias name').inputValue()).toBe(aliasName);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Connection created.').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Test passed.').waitFor();
  });

  it('shows the OAuth redirect URI on the OAuth credential form, with a copy button', async () => {
    await page.goto('/credentials/new?type=oauth2');
    const uri = page.getByLabel('Redirect URI (callback URL)');
    expect(await uri.inputValue()).toBe(`${harness.baseUrl}/oauth/callback`);
    await page.getByRole('button', { name: 'Copy redirect URI' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await clipboardText(page)).toBe(`${harness.baseUrl}/oauth/callback`);
  });

  it('gives a new API token a copy button', async () => {
    await page.goto('/tokens');
    await page.getByLabel('Name').fill(unique('flow'));
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByLabel('New API token').inputValue();
    expect(token.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await clipboardText(page)).toBe(token);
  });

  async function oauthConnection(scopes: string[]): Promise<string> {
    const credential = await harness.api
      .post('/api/credentials', {
        name: unique('oauth'),
        type: 'oauth2',
        clientId: 'client-1',
        clientSecret: 'secret-1',
      })
      .expect(201);
    const connection = await harness.api.createConnection({
      name: unique('OAuth connection'),
      url: `${harness.fake.url}/ex/jira/${cloudId}`,
      credentialId: credential.body.id as string,
      aliasId: await harness.api.aliasId('Jira_SM'),
      scopes,
      active: false,
    });
    return String(connection.id);
  }

  it('lists what a scope reset would change and keeps the saved scopes when asked', async () => {
    const id = await oauthConnection(['read:jira-user', 'write:jira-work']);
    await page.goto(`/connections/${id}`);
    const change = page.locator('#scope-change');
    expect(await change.locator('li', { hasText: 'removed' }).allTextContents()).toContain(
      'removed write:jira-work',
    );
    expect(await change.locator('li', { hasText: 'added' }).allTextContents()).toContain(
      'added manage:servicedesk-customer',
    );

    await page.getByLabel('Keep the saved scopes for this save').check();
    await page.getByLabel('Timeout (ms)').fill('25000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Connection saved.').waitFor();
    expect(await page.getByText('Scopes were reset').count()).toBe(0);
    const saved = await harness.api.get(`/api/connections/${id}`).expect(200);
    expect(saved.body.timeoutMs).toBe(25000);
    expect([...(saved.body.scopes as string[])].sort()).toEqual([
      'read:jira-user',
      'write:jira-work',
    ]);
  });

  it('shows designers read-only views, not greyed-out forms', async () => {
    const id = await oauthConnection(['read:jira-user']);
    const username = unique('dee').replace(/[^A-Za-z0-9]/g, '');
    const designerPassword = await harness.createUser(username, 'designer');
    const designer = await harness.newPage();
    await harness.signIn(designer, username, designerPassword);

    await designer.goto(`/connections/${id}`);
    const view = designer.locator('.read-only-view');
    expect(await view.textContent()).toContain(`${harness.fake.url}/ex/jira/${cloudId}`);
    expect(await designer.locator('main input:not([type=hidden]), main textarea').count()).toBe(0);
    expect(await designer.locator('fieldset[disabled]').count()).toBe(0);

    const connection = await harness.api.get(`/api/connections/${id}`).expect(200);
    await designer.goto(`/credentials/${String(connection.body.credentialId)}`);
    await designer.locator('.read-only-view').waitFor();
    expect(await designer.locator('.read-only-view').textContent()).toContain('client-1');
    expect(await designer.locator('main input:not([type=hidden])').count()).toBe(0);
    await designer.context().close();
  });
});
