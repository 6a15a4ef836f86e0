import { Page } from 'playwright-core';
import { ALL_SPOKE_ACTIONS } from '../../src/spokes';
import { connectedAlias } from '../factories/records';
import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

const TOKEN = 'jsm-console-token';

describe('Console actions and executions (Chromium)', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let aliasName: string;

  beforeAll(async () => {
    harness = await startConsoleHarness();
    const cloudId = harness.fake.addSite('jsm.atlassian.net');
    harness.fake.addAccount({ bearer: TOKEN }, { displayName: 'JSM Bot' });
    ({ aliasName } = await connectedAlias(harness.api, harness.fake.url, cloudId, {
      token: TOKEN,
    }));
    // Designers may run actions: the runner is theirs as much as the admins'.
    const password = await harness.createUser('dee', 'designer');
    page = await harness.newPage();
    await harness.signIn(page, 'dee', password);
  });
  afterAll(() => harness?.close());

  it('lists the catalog by spoke with each action’s inputs, outputs and scopes', async () => {
    await page.goto('/actions');
    const jsm = page.locator('section', { has: page.getByRole('heading', { name: /Spoke jsm/ }) });
    const row = jsm.locator('tr', { hasText: 'jsm.create_customer' });
    const text = await row.textContent();
    expect(text).toContain('email*');
    expect(text).toContain('displayName*');
    expect(text).toContain('manage:servicedesk-customer');
    expect(text).toContain('accountId');
    const jira = page.locator('section', {
      has: page.getByRole('heading', { name: /Spoke jira/ }),
    });
    expect(await jira.locator('tr', { hasText: 'jira.get_myself' }).count()).toBe(1);
  });

  it('runs an action from a form generated from its input schema and shows the outputs', async () => {
    await page.goto('/actions');
    await page
      .locator('tr', { hasText: 'jsm.create_customer' })
      .getByRole('link', { name: 'Test action' })
      .click();
    await page.getByLabel('Alias').selectOption(aliasName);
    await page.getByLabel('Email address').fill('not an email');
    await page.getByLabel('Display name').fill('Jane Doe');
    await page.getByRole('button', { name: 'Run action' }).click();

    // The browser checks the e-mail first, beside its field, in the console's words.
    await page
      .locator('.field', { has: page.getByLabel('Email address') })
      .getByText('Enter an email address, such as name@example.com.')
      .waitFor();
    expect(await page.getByLabel('Display name').inputValue()).toBe('Jane Doe');
    expect(await page.getByLabel('Alias').inputValue()).toBe(aliasName);

    await page.getByLabel('Email address').fill('jane.doe@example.com');
    await page.getByRole('button', { name: 'Run action' }).click();
    await page.getByRole('heading', { name: /Result/ }).waitFor();
    expect(await page.locator('#result .badge').textContent()).toBe('Success');
    const outputs = JSON.parse((await page.locator('pre.outputs').textContent()) ?? '{}');
    expect(outputs).toEqual(
      expect.objectContaining({ emailAddress: 'jane.doe@example.com', displayName: 'Jane Doe' }),
    );
  });

  it('shows Atlassian’s error when the action fails upstream', async () => {
    await page.goto('/actions/jsm.create_customer');
    await page.getByLabel('Alias').selectOption(aliasName);
    await page.getByLabel('Email address').fill('jane.doe@example.com');
    await page.getByLabel('Display name').fill('Jane Doe again');
    await page.getByRole('button', { name: 'Run action' }).click();

    await page.getByRole('heading', { name: /Result/ }).waitFor();
    expect(await page.locator('#result .badge').textContent()).toBe('Error');
    expect(await page.locator('.action-error').textContent()).toMatch(/400/);
  });

  it('turns number and boolean inputs into typed values the schema checks', async () => {
    await page.goto('/actions/jsm.get_service_desk_customers');
    await page.getByLabel('Alias').selectOption(aliasName);
    await page.getByLabel('Service desk ID').fill('1');
    await page.getByLabel('Results per page').fill('0');
    await page.getByRole('button', { name: 'Run action' }).click();
    await page
      .locator('.field', { has: page.getByLabel('Results per page') })
      .getByText('Results per page must be >= 1')
      .waitFor();

    await page.getByLabel('Results per page').fill('3');
    await page.getByLabel('Fetch all pages').selectOption('false');
    await page.getByRole('button', { name: 'Run action' }).click();
    await page.getByRole('heading', { name: /Result/ }).waitFor();
    // A list of records reads as a table; the JSON is one click away.
    const table = page.locator('table.outputs-table');
    expect(await table.locator('caption').textContent()).toContain('3 records in items');
    expect(await table.locator('tbody tr').count()).toBe(3);
    expect(await table.locator('thead th').allTextContents()).toContain('accountId');
    expect(await page.locator('pre.outputs').isVisible()).toBe(false);
    await page.getByText('Show as JSON').click();
    expect(await page.locator('pre.outputs').isVisible()).toBe(true);
    const outputs = JSON.parse((await page.locator('pre.outputs').textContent()) ?? '{}');
    expect(outputs.items).toHaveLength(3);
  });

  it('lists executions with filters and paging, and opens one with its upstream calls', async () => {
    await page.goto('/executions');
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(3);

    await page.getByLabel('Status').selectOption('error');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=error/);
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('jsm.create_customer');

    await rows.first().getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Upstream calls' }).waitFor();
    const call = page.locator('table tbody tr').first();
    expect(await call.textContent()).toContain('POST');
    expect(await call.textContent()).toContain('POST rest/servicedeskapi/customer');
    expect(await call.textContent()).toContain('400');
    expect(await page.content()).not.toContain(TOKEN);
    await page.getByText('"displayName": "Jane Doe again"').waitFor();

    await page.goto('/executions?from=not-a-date');
    await page
      .locator('.field', { has: page.getByLabel('From (UTC)') })
      .getByText('from must be an ISO 8601 date-time')
      .waitFor();
  });

  // Labels are the schema's titles where the console shows them, else the property names.
  it('runs a Jira issue action from its form, JSON fields included, and shows Atlassian’s refusal', async () => {
    const jiraToken = 'jira-console-token';
    const cloudId = harness.fake.addSite('jira-console.atlassian.net');
    harness.fake.addAccount({ bearer: jiraToken }, { displayName: 'Jira Bot' });
    const { aliasName: jiraAlias } = await connectedAlias(harness.api, harness.fake.url, cloudId, {
      parentAlias: 'Jira',
      token: jiraToken,
    });
    await page.goto('/actions');
    const jira = page.locator('section', {
      has: page.getByRole('heading', { name: /Spoke jira/ }),
    });
    await jira
      .locator('tr', { hasText: 'jira.transition_issue' })
      .getByRole('link', { name: 'Test action' })
      .click();
    await page.getByLabel('Alias').selectOption(jiraAlias);
    await page.getByLabel(/^(issueIdOrKey|Issue key)/).fill('HSP-3');
    await page.getByLabel(/^(transitionId|Transition ID)/).fill('31');
    await page.getByLabel(/^comment/i).fill('Closed from the console.');
    await page.getByRole('button', { name: 'Run action' }).click();
    await page.getByRole('heading', { name: /Result/ }).waitFor();
    expect(await page.locator('#result .badge').textContent()).toBe('Error');
    expect(await page.locator('.action-error').textContent()).toContain('Resolution is required.');

    await page.getByLabel(/^(fields|Screen fields)/).fill('{"resolution": {"name": "Done"}}');
    await page.getByRole('button', { name: 'Run action' }).click();
    await page.getByRole('heading', { name: /Result/ }).waitFor();
    expect(await page.locator('#result .badge').textContent()).toBe('Success');
    const outputs = JSON.parse((await page.locator('pre.outputs').textContent()) ?? '{}');
    expect(outputs).toEqual({ issueIdOrKey: 'HSP-3', transitionId: '31', transitioned: true });
  });

  // The Jira issue work of issue 13: every action has its page, with a field for each input.
  const ISSUE_WORK = [
    'update_issue',
    'delete_issue',
    'list_issue_transitions',
    'transition_issue',
    'add_issue_comment',
    'list_issue_comments',
    'assign_issue',
    'add_watcher',
    'remove_watcher',
    'list_watchers',
    'create_group',
    'delete_group',
    'get_create_fields',
    'list_issue_types',
    'list_priorities',
    'list_statuses',
  ].map((name) => ALL_SPOKE_ACTIONS.find((action) => action.name === `jira.${name}`)!);

  it.each(ISSUE_WORK.map((action) => [action.name, action] as const))(
    'shows %s in the runner with a form field for each input',
    async (name, action) => {
      await page.goto(`/actions/${name}`);
      await page.getByRole('button', { name: 'Run action' }).waitFor();
      const missing: string[] = [];
      for (const property of Object.keys(action.inputSchema.properties as object)) {
        if ((await page.locator(`[name="inputs.${property}"]`).count()) === 0)
          missing.push(property);
      }
      expect(missing).toEqual([]);
    },
  );

  it('shows the request lifecycle actions with forms, and runs one', async () => {
    await page.goto('/actions');
    const jsm = page.locator('section', { has: page.getByRole('heading', { name: /Spoke jsm/ }) });
    for (const name of ['jsm.transition_request', 'jsm.list_queues', 'jsm.create_organization']) {
      expect(await jsm.locator('tr', { hasText: name }).count()).toBe(1);
    }
    await page.goto('/actions/jsm.transition_request');
    // Located by input name: the label text comes from the schema (its title, if any).
    const field = (property: string) => page.locator(`[name="inputs.${property}"]`);
    await page.getByLabel('Alias').selectOption(aliasName);
    await field('issueIdOrKey').fill('SD-1');
    await field('transitionId').fill('781');
    await field('comment').fill('No longer needed.');
    await page.getByRole('button', { name: 'Run action' }).click();
    await page.getByRole('heading', { name: /Result/ }).waitFor();
    expect(await page.locator('#result .badge').textContent()).toBe('Success');
    const outputs = JSON.parse((await page.locator('pre.outputs').textContent()) ?? '{}');
    expect(outputs).toEqual({ issueIdOrKey: 'SD-1', transitionId: '781' });
  });

  // The JSM request lifecycle and organizations of issue 13: each with a field for each input.
  const REQUEST_WORK = [
    'list_request_types',
    'get_request_type_fields',
    'list_requests',
    'get_request_status_history',
    'add_request_comment',
    'list_request_comments',
    'list_request_transitions',
    'transition_request',
    'add_request_participants',
    'remove_request_participants',
    'list_request_participants',
    'list_request_approvals',
    'answer_approval',
    'get_request_sla',
    'subscribe_request',
    'unsubscribe_request',
    'list_queues',
    'list_queue_issues',
    'create_organization',
    'delete_organization',
    'list_organizations',
    'add_users_to_organization',
    'remove_users_from_organization',
    'list_organization_users',
    'add_organization_to_service_desk',
    'remove_organization_from_service_desk',
  ].map((name) => ALL_SPOKE_ACTIONS.find((action) => action.name === `jsm.${name}`)!);

  it.each(REQUEST_WORK.map((action) => [action.name, action] as const))(
    'shows %s in the runner with a form field for each input',
    async (name, action) => {
      await page.goto(`/actions/${name}`);
      await page.getByRole('button', { name: 'Run action' }).waitFor();
      const missing: string[] = [];
      for (const property of Object.keys(action.inputSchema.properties as object)) {
        if ((await page.locator(`[name="inputs.${property}"]`).count()) === 0)
          missing.push(property);
      }
      expect(missing).toEqual([]);
    },
  );
});
