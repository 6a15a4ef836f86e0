import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ExecutionEntity } from '../../src/executions/execution.entity';
import { executionRow } from '../factories/executions';
import { connectionUrl } from '../factories/records';
import { ConsoleHarness, startConsoleHarness } from './support/console-harness';

const CONNECTIONS = 1000;
const EXECUTIONS = 10_000;
const SITES = 20;
const TOKEN = 'dashboard-bearer-token';

/**
 * The dashboard of a hub at scale: 1,000 connections made through the API (on 20 sites, 10 child
 * aliases of two spokes) and 10,000 executions stored as ActionsService stores them.
 */
describe('Console dashboard at a thousand connections (Chromium)', () => {
  let harness: ConsoleHarness;
  let page: Page;
  const hosts: string[] = [];
  let failingName: string;

  beforeAll(async () => {
    harness = await startConsoleHarness();
    harness.fake.addAccount({ bearer: TOKEN }, { displayName: 'Dashboard Bot' });
    const api = harness.api;
    const cloudIds: string[] = [];
    for (let site = 0; site < SITES; site++) {
      const host = `site${String(site).padStart(2, '0')}.atlassian.net`;
      hosts.push(host);
      cloudIds.push(harness.fake.addSite(host));
      // Find cloud id is how the hub learns a site's name.
      await api.post('/api/connections/discover', { site: host }).expect(200);
    }
    const credential = await api
      .post('/api/credentials', { name: 'Dashboard bearer', type: 'bearer', token: TOKEN })
      .expect(201);
    const credentialId = (credential.body as { id: string }).id;
    const aliasIds: string[] = [];
    for (const parent of ['Jira_SM', 'Jira']) {
      const parentId = await api.aliasId(parent);
      for (let child = 0; child < 5; child++) {
        const alias = await api
          .post('/api/aliases', { name: `${parent}_Scale${child}`, parentId })
          .expect(201);
        aliasIds.push((alias.body as { id: string }).id);
      }
    }
    for (let index = 0; index < CONNECTIONS; index++) {
      await api
        .post('/api/connections', {
          name: `Scale connection ${String(index).padStart(4, '0')}`,
          url: connectionUrl(harness.fake.url, cloudIds[index % SITES]),
          credentialId,
          aliasId: aliasIds[index % aliasIds.length],
        })
        .expect(201);
    }
    // One connection whose test fails: a cloud id no site has.
    const failing = await api
      .post('/api/connections', {
        name: 'Broken site connection',
        url: connectionUrl(harness.fake.url),
        credentialId,
        aliasId: aliasIds[0],
        active: false,
      })
      .expect(201);
    failingName = 'Broken site connection';
    await api.post(`/api/connections/${(failing.body as { id: string }).id}/test`);

    const executions = harness.hub.app.get(DataSource).getRepository(ExecutionEntity);
    const rows: ExecutionEntity[] = [];
    const now = Date.now();
    for (let index = 0; index < EXECUTIONS; index++) {
      const startedAt = new Date(now - index * 60_000);
      rows.push(
        executionRow({
          alias: 'Jira_SM_Scale0',
          startedAt,
          finishedAt: startedAt,
          ...(index % 10 === 0
            ? { status: 'error', error: JSON.stringify({ message: `Failure number ${index}` }) }
            : {}),
        }),
      );
    }
    for (let start = 0; start < rows.length; start += 500) {
      await executions.insert(rows.slice(start, start + 500));
    }

    const password = await harness.createUser('ada', 'admin');
    page = await harness.newPage();
    await harness.signIn(page, 'ada', password);
  });
  afterAll(() => harness?.close());

  it('stays under 100 KB and 300 ms with 1,000 connections and 10,000 executions', async () => {
    // The one measured check. The best of three loads, so one hiccup of a shared
    // machine does not decide it; the first load warms the hub's and the browser's caches.
    const loads: Array<{ bytes: number; ms: number }> = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      await page.goto('/', { waitUntil: 'load' });
      // The browser's own Navigation Timing entry (a string: the test's TypeScript has no DOM).
      loads.push(
        await page.evaluate<{ bytes: number; ms: number }>(`(() => {
          const [entry] = performance.getEntriesByType('navigation');
          return { bytes: entry.decodedBodySize, ms: entry.loadEventEnd - entry.startTime };
        })()`),
      );
    }
    const measured = loads.slice(1);
    expect(Math.max(...measured.map((load) => load.bytes))).toBeLessThan(100 * 1024);
    expect(Math.min(...measured.map((load) => load.ms))).toBeLessThan(300);
    expect(await page.getByText(`1–25 of ${CONNECTIONS + 1}`).count()).toBe(1);
  });

  it('leads with health counts and lists what needs attention', async () => {
    await page.goto('/');
    const counts = page.locator('.health-counts');
    expect(await counts.getByRole('link', { name: `${CONNECTIONS + 1} connections` }).count()).toBe(
      1,
    );
    expect(await counts.getByRole('link', { name: '1 failed their last test' }).count()).toBe(1);
    // One run a minute, every tenth failing: 144 failures in the last 24 hours.
    expect(await counts.getByRole('link', { name: '144 failed executions in 24 h' }).count()).toBe(
      1,
    );
    const attention = page.locator('section', {
      has: page.getByRole('heading', { name: 'Needs attention' }),
    });
    const failingTests = attention.getByRole('list', { name: 'Failing tests' });
    expect(await failingTests.getByRole('link', { name: failingName }).count()).toBe(1);
    const failures = attention.getByRole('list', { name: 'Recent failed executions' });
    expect(await failures.getByRole('listitem').count()).toBe(5);
    expect(
      await attention
        .getByRole('link', { name: `All ${EXECUTIONS / 10} failed executions` })
        .count(),
    ).toBe(1);
  });

  it('searches, filters by spoke, status and site, sorts and pages on the server', async () => {
    await page.goto('/');
    const table = page.locator('table', { has: page.getByRole('columnheader', { name: 'Alias' }) });
    // Sites by name, the cloud id in the title.
    const firstSite = table
      .locator('tbody tr', { hasText: 'Scale connection 0000' })
      .locator('.site-name');
    expect(await firstSite.textContent()).toBe(hosts[0]);
    expect(await firstSite.getAttribute('title')).toMatch(/^cloud id [0-9a-f-]{36}$/);

    await page.getByLabel('Search').fill('connection 0042');
    await Promise.all([
      page.waitForURL(/q=connection/),
      page.getByRole('button', { name: 'Show' }).click(),
    ]);
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().textContent()).toContain(
      'Scale connection 0042',
    );

    await page.goto('/');
    await page.getByLabel('Spoke').selectOption('jira');
    await page.getByLabel('Site').selectOption({ label: 'site05.atlassian.net' });
    await Promise.all([
      page.waitForURL(/site=/),
      page.getByRole('button', { name: 'Show' }).click(),
    ]);
    // Jira's aliases hold the connections numbered 5 to 9 modulo 10; site 5 every 20th: 5, 25, 45, …
    expect(await page.getByText('1–25 of 50 matching').count()).toBe(1);
    for (const row of await table.locator('tbody tr').all()) {
      expect(await row.textContent()).toContain('site05.atlassian.net');
      expect(await row.textContent()).toMatch(/Jira_Scale\d/);
    }

    await page.getByLabel('Status').selectOption('test_failed');
    await page.getByLabel('Spoke').selectOption('');
    await page.getByLabel('Site').selectOption('');
    await Promise.all([
      page.waitForURL(/status=test_failed/),
      page.getByRole('button', { name: 'Show' }).click(),
    ]);
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().textContent()).toContain(failingName);

    // Sorting by name, descending, then paging keeps both.
    await page.goto('/');
    await page.getByRole('link', { name: /^Connection/ }).click();
    expect(
      await page.getByRole('columnheader', { name: /Connection/ }).getAttribute('aria-sort'),
    ).toBe('descending');
    expect(await table.locator('tbody tr').first().textContent()).toContain(
      'Scale connection 0999',
    );
    await page.getByRole('link', { name: 'Next', exact: true }).click();
    expect(await page.getByText('26–50 of 1001 · page 2 of 41').count()).toBe(1);
    expect(await table.locator('tbody tr').first().textContent()).toContain(
      'Scale connection 0974',
    );
    await page.getByRole('link', { name: 'Last', exact: true }).click();
    expect(await table.locator('tbody tr').last().textContent()).toContain(
      'Broken site connection',
    );
    await page.getByRole('link', { name: 'First', exact: true }).click();
    expect(await page.getByText('1–25 of 1001 · page 1 of 41').count()).toBe(1);
  });

  it('names the field of a broken list query instead of failing', async () => {
    const response = await page.goto('/?sort=colour&page=0');
    expect(response?.status()).toBe(400);
    expect(await page.getByText('Sort must be name, alias, site, tested or status').count()).toBe(
      1,
    );
    expect(await page.getByText('Page must be 1 or more').count()).toBe(1);
    expect(await page.locator('.health-counts').count()).toBe(1);
  });
});
