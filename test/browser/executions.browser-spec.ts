import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ExecutionEntity } from '../../src/executions/execution.entity';
import { executionRow } from '../factories/executions';
import { connectedAlias } from '../factories/records';
import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

const TOKEN = 'history-console-token';
const LONG_ERROR = `Atlassian refused the request: ${'a very long explanation '.repeat(40)}end.`;

/** The execution history as a reader uses it: times, errors, names, paging and running again. */
describe('Console execution history (Chromium)', () => {
  let harness: ConsoleHarness;
  let page: Page;
  let aliasName: string;
  let connectionId: string;

  beforeAll(async () => {
    harness = await startConsoleHarness();
    const cloudId = harness.fake.addSite('history.atlassian.net');
    harness.fake.addAccount({ bearer: TOKEN }, { displayName: 'History Bot' });
    ({ aliasName, connectionId } = await connectedAlias(harness.api, harness.fake.url, cloudId, {
      token: TOKEN,
    }));
    await harness.api
      .post('/api/actions/jsm.create_customer/execute', {
        alias: aliasName,
        inputs: { email: 'jane.doe@example.com', displayName: 'Jane Doe' },
      })
      .expect(200);
    // Older runs, enough for three pages, and one failure with a long message.
    const executions = harness.hub.app.get(DataSource).getRepository(ExecutionEntity);
    const start = Date.parse('2026-03-01T08:15:42Z');
    await executions.insert(
      Array.from({ length: 55 }, (_, index) =>
        executionRow({
          alias: 'Jira',
          startedAt: new Date(start - index * 1000),
          finishedAt: new Date(start - index * 1000),
          ...(index === 0
            ? { status: 'error', error: JSON.stringify({ code: 'UPSTREAM', message: LONG_ERROR }) }
            : {}),
        }),
      ),
    );
    const password = await harness.createUser('dee', 'designer');
    page = await harness.newPage();
    await harness.signIn(page, 'dee', password);
  });
  afterAll(() => harness?.close());

  it('shows full timestamps in the viewer’s time zone, errors and linked names', async () => {
    await page.goto('/executions');
    const rows = page.locator('table tbody tr');
    const newest = rows.first();
    // Linked by name, not by id or "open".
    expect(await newest.getByRole('link', { name: aliasName }).getAttribute('href')).toMatch(
      /^\/aliases\/[0-9a-f-]{36}$/,
    );
    const connection = newest.getByRole('link', { name: /^conn-/ });
    expect(await connection.getAttribute('href')).toBe(`/connections/${connectionId}`);

    // The seeded failure, 08:15:42 UTC: to the second, with the UTC text kept in the title.
    const failed = rows.filter({ hasText: 'Atlassian refused the request' });
    const time = failed.locator('time');
    expect(await time.getAttribute('datetime')).toBe('2026-03-01T08:15:42.000Z');
    expect(await time.getAttribute('title')).toContain('2026-03-01 08:15:42 UTC');
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await time.getAttribute('title')).toContain(zone);
    expect(await time.textContent()).toMatch(/15:42/);
    expect(await failed.textContent()).toContain('Error');
  });

  it('pages first, previous and next, and filters by an alias picked from a list', async () => {
    await page.goto('/executions');
    await page.getByText('1–25 of 56 · page 1 of 3').waitFor();
    expect(await page.getByRole('link', { name: 'Previous' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Next' }).click();
    await page.getByText('26–50 of 56 · page 2 of 3').waitFor();
    await page.getByRole('link', { name: 'Next' }).click();
    await page.getByText('51–56 of 56 · page 3 of 3').waitFor();
    await page.getByRole('link', { name: 'Previous' }).click();
    await page.getByText('26–50 of 56 · page 2 of 3').waitFor();
    await page.getByRole('link', { name: 'First (newest)' }).click();
    await page.getByText('1–25 of 56 · page 1 of 3').waitFor();

    const picker = page.getByLabel('Alias');
    expect(
      await page.locator('select', { has: page.getByRole('option', { name: aliasName }) }).count(),
    ).toBe(1);
    await picker.selectOption(aliasName);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/alias=/);
    expect(await page.locator('table tbody tr').count()).toBe(1);
  });

  it('wraps a long error on the detail page instead of cutting it off', async () => {
    await page.goto('/executions?status=error');
    await page.locator('table tbody tr').first().locator('time').click();
    await page.getByRole('heading', { name: 'Error', exact: true }).waitFor();
    const error = page.locator('pre', { hasText: 'a very long explanation' });
    const fits = await error.evaluate((element) => element.scrollWidth <= element.clientWidth + 1);
    expect(fits).toBe(true);
    expect(await page.getByText('end.', { exact: false }).first().isVisible()).toBe(true);
  });

  it('runs again with the inputs of an execution, pre-filled in the action runner', async () => {
    await page.goto(`/executions?alias=${aliasName}`);
    await page.locator('table tbody tr').first().locator('time').click();
    await page.getByRole('link', { name: 'Run again with these inputs' }).click();
    await page.waitForURL(/\/actions\/jsm\.create_customer\?execution=/);
    expect(await page.locator('[name="inputs.email"]').inputValue()).toBe('jane.doe@example.com');
    expect(await page.locator('[name="inputs.displayName"]').inputValue()).toBe('Jane Doe');
    expect(await page.getByLabel('Alias').inputValue()).toBe(aliasName);
    // A form to check and send, not a run.
    expect(await page.getByRole('heading', { name: /Result/ }).count()).toBe(0);
  });
});
