import { Page } from 'playwright-core';
import { connectedAlias, unique } from '../factories/records';
import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

const TOKEN = 'attributes-browser-token';
const SCOPES = ['read:servicedesk-request', 'read:me'];

describe('Connection attributes in the console (Chromium)', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let cloudId: string;

  beforeAll(async () => {
    harness = await startConsoleHarness();
    cloudId = harness.fake.addSite('attrs.atlassian.net');
    harness.fake.addAccount({ bearer: TOKEN }, { displayName: 'Attributes Bot' });
    const password = await harness.createUser('grace', 'admin');
    page = await harness.newPage();
    await harness.signIn(page, 'grace', password);
  });
  afterAll(() => harness?.close());

  it('edits the attributes of a connection, keeping its scopes, and actions take them', async () => {
    const { aliasName, connectionId } = await connectedAlias(
      harness.api,
      harness.fake.url,
      cloudId,
      { token: TOKEN, connection: { scopes: SCOPES, attributes: { serviceDeskId: '1' } } },
    );
    await page.goto(`/connections/${connectionId}`);
    const field = page.getByLabel('Attributes (optional)', { exact: true });
    expect(await field.inputValue()).toBe('serviceDeskId=1');

    await field.fill('serviceDeskId=2\nprojectKey=OPS');
    await page.getByRole('button', { name: 'Save attributes' }).click();
    await page.getByText('Attributes saved. The scopes were kept.').waitFor();
    expect(await page.getByText('Scopes were reset').count()).toBe(0);
    expect(await page.getByLabel('Attributes (optional)', { exact: true }).inputValue()).toBe(
      'serviceDeskId=2\nprojectKey=OPS',
    );
    const saved = await harness.api.get(`/api/connections/${connectionId}`).expect(200);
    expect(saved.body).toEqual(
      expect.objectContaining({
        attributes: { serviceDeskId: '2', projectKey: 'OPS' },
        scopes: SCOPES,
      }),
    );

    const before = harness.fake.requests.length;
    await harness.api
      .post('/api/actions/jsm.list_request_types/execute', {
        alias: aliasName,
        inputs: { serviceDeskId: { fromConnection: 'serviceDeskId' } },
      })
      .expect(200);
    expect(harness.fake.requests.slice(before).map((request) => request.path)).toEqual([
      expect.stringContaining(`/ex/jira/${cloudId}/rest/servicedeskapi/servicedesk/2/requesttype`),
    ]);
  });

  it('shows a refused attribute name beside the field, keeping what was typed and what was saved', async () => {
    const { connectionId } = await connectedAlias(harness.api, harness.fake.url, cloudId, {
      token: TOKEN,
      connection: { attributes: { serviceDeskId: '1' } },
    });
    await page.goto(`/connections/${connectionId}`);
    await page.getByLabel('Attributes (optional)', { exact: true }).fill('service-desk=2');
    await page.getByRole('button', { name: 'Save attributes' }).click();

    await page
      .locator('.field', { has: page.getByLabel('Attributes (optional)', { exact: true }) })
      .getByText('attributes.service-desk is not a valid attribute name')
      .waitFor();
    expect(await page.getByLabel('Attributes (optional)', { exact: true }).inputValue()).toBe(
      'service-desk=2',
    );
    const kept = await harness.api.get(`/api/connections/${connectionId}`).expect(200);
    expect(kept.body.attributes).toEqual({ serviceDeskId: '1' });
  });

  it('takes attributes on a new connection', async () => {
    const credential = await harness.api.post('/api/credentials', {
      name: unique('attrs-bearer'),
      type: 'bearer',
      token: TOKEN,
    });
    const name = unique('Attributes connection');
    await page.goto('/aliases');
    await page.getByRole('link', { name: 'Jira_SM', exact: true }).click();
    await page.getByRole('link', { name: 'New connection', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Connection URL').fill(`${harness.fake.url}/ex/jira/${cloudId}`);
    await page
      .getByLabel('Credential', { exact: true })
      .selectOption({ label: credential.body.name as string });
    await page.getByLabel('Attributes (optional)', { exact: true }).fill('projectKey=OPS');
    await page.getByLabel('Active').uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await page.getByText('Connection created.').waitFor();
    expect(await page.getByLabel('Attributes (optional)', { exact: true }).inputValue()).toBe(
      'projectKey=OPS',
    );
  });
});
