import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

describe('Console sign-in (Chromium)', () => {
  let harness: ConsoleHarness;
  let adminPassword: string;
  let designerPassword: string;

  beforeAll(async () => {
    harness = await startConsoleHarness();
    adminPassword = await harness.createUser('ada', 'admin');
    designerPassword = await harness.createUser('dee', 'designer');
  });
  afterAll(() => harness?.close());

  it('sends a visitor to the sign-in page, back to the page asked for, and out again', async () => {
    const page = await harness.newPage();

    await page.goto('/aliases');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/aliases');

    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The user name or password is wrong').waitFor();
    expect(await page.getByLabel('User name').inputValue()).toBe('ada');
    expect(await page.getByLabel('Password').inputValue()).toBe('');

    await page.getByLabel('Password').fill(adminPassword);
    await Promise.all([
      page.waitForURL('**/aliases'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Aliases');
    expect(await page.locator('.account-name').textContent()).toBe('ada');

    const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'hub_session');
    expect(cookie).toEqual(
      expect.objectContaining({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' }),
    );

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect((await page.context().cookies()).filter((c) => c.name === 'hub_session')).toEqual([]);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('keeps a designer out of the admin pages with a 403 page, and shows configuration read-only', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'dee', designerPassword);

    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Aliases' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'API tokens' }).count()).toBe(0);

    for (const path of ['/users', '/tokens', '/credentials/new']) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed');
      await page.getByText('you are signed in as dee, a designer').waitFor();
    }

    await page.goto('/aliases');
    await page.getByRole('link', { name: 'Jira_SM' }).click();
    await page.getByRole('heading', { name: 'Jira_SM' }).waitFor();
    expect(await page.getByRole('link', { name: 'Add Connection' }).count()).toBe(0);

    const credential = await harness.api.createCredential();
    const connection = await harness.api.createConnection({
      url: `${harness.fake.url}/ex/jira/11223344-a1b2-3b33-c444-def123456789`,
      credentialId: credential.id,
      aliasId: await harness.api.aliasId('Jira'),
    });
    // Read-only views, not greyed-out forms.
    await page.goto(`/connections/${String(connection.id)}`);
    expect(await page.locator('.read-only-view').textContent()).toContain(
      `${harness.fake.url}/ex/jira/11223344-a1b2-3b33-c444-def123456789`,
    );
    expect(await page.getByLabel('Connection URL').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Test connection' }).count()).toBe(0);
    await page.goto(`/credentials/${credential.id}`);
    expect(await page.locator('.read-only-view').textContent()).toContain(
      String(credential.input.name),
    );
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.content()).not.toContain(String(credential.input.apiToken));
  });
  it('lets an admin create a user, set their password and hand out an API token shown once', async () => {
    const page = await harness.newPage();
    await harness.signIn(page, 'ada', adminPassword);

    await page.goto('/users');
    await page.getByLabel('User name').fill('newbie');
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Role').selectOption('designer');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page
      .locator('.field', { has: page.getByLabel('Password') })
      .getByText('Password must be 12 to 200 characters long.')
      .waitFor();
    expect(await page.getByLabel('User name').inputValue()).toBe('newbie');

    await page.getByLabel('Password').fill('newbie password 1');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('User created.').waitFor();
    await page.getByLabel('New password').fill('newbie password 2');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Password set.').waitFor();

    const newbie = await harness.newPage();
    await harness.signIn(newbie, 'newbie', 'newbie password 2');
    expect(await newbie.locator('.account-name').textContent()).toBe('newbie');

    await page.goto('/tokens');
    await page.getByLabel('Name').fill('onboarding-flow');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('it is shown only this once').waitFor();
    const token = await page.locator('#token-value').inputValue();
    expect(token).toMatch(/^ihub_/);
    await harness.hub.http.get('/api/actions').set('Authorization', `Bearer ${token}`).expect(200);

    await page.goto('/tokens');
    const row = page.locator('tr', { hasText: 'onboarding-flow' });
    expect(await row.textContent()).toContain(`${token.slice(0, 9)}…`);
    expect(await page.content()).not.toContain(token);
    await row.getByRole('button', { name: /Revoke/ }).click();
    await page.getByText('API token revoked.').waitFor();
    await harness.hub.http.get('/api/actions').set('Authorization', `Bearer ${token}`).expect(401);
  });
});
