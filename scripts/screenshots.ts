import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Page } from 'playwright-core';
import request from 'supertest';
import { createHubApp } from '../src/app.factory';
import { loadHubConfig } from '../src/config/hub-config';
import { createHubLogger } from '../src/logging/hub-logger';
import { launchChromium } from '../test/browser/support/chromium';
import { Api } from '../test/factories/records';
import { createFakeAtlassian, FakeData } from '../test/fake-atlassian';
import { TestAuthorizationServer } from '../test/oauth-server/test-authorization-server';
import { freePort } from '../test/support/free-port';

/**
 * `npm run screenshots`: the hub on a temporary SQLite database with a fake Atlassian and a few
 * seeded records, signed in through headless Chromium, each main page captured into
 * docs/screenshots/. Nothing leaves this machine.
 */
const OUT_DIR = resolve(__dirname, '..', '..', 'docs', 'screenshots');
const PASSWORD = 'screenshot-password';

async function main(): Promise<void> {
  // The same browser as the browser tests (HUB_TEST_CHROMIUM, Debian's, or @sparticuz/chromium's),
  // started first: if it cannot start, nothing else has been opened.
  const browser = await launchChromium();
  const fake = await createFakeAtlassian(FakeData.seeded({ users: 40, customers: 40 })).start();
  const cloudId = fake.addSite('acme.atlassian.net');
  fake.addAccount(
    { email: 'automation@acme.example', apiToken: 'ATATT3x-acme' },
    { displayName: 'Acme Automation', accountId: '5b10ac8d82e05b22cc7d4ef5' },
  );
  fake.addAccount(
    { bearer: 'org-admin-key' },
    { displayName: 'Acme Org Admin', accountType: 'app' },
  );
  // An OAuth 2.0 authorization server standing in for Atlassian's, whose consent page is clicked.
  const authServer = await new TestAuthorizationServer().start();
  fake.acceptOAuthTokens(authServer.grantOf);
  const euCloudId = fake.addSite('acme-eu.atlassian.net');
  authServer.addAccount({
    account: {
      accountId: '5b10ac8d82e05b22cc7d4ef6',
      displayName: 'Acme Automation',
      accountType: 'atlassian',
    },
    sites: [
      { id: cloudId, name: 'acme', url: 'https://acme.atlassian.net' },
      { id: euCloudId, name: 'acme-eu', url: 'https://acme-eu.atlassian.net' },
    ],
  });
  const directory = mkdtempSync(join(tmpdir(), 'hub-screenshots-'));
  const adminToken = randomBytes(24).toString('hex');
  // The redirect URI names the hub's port, so the port is chosen before the hub starts.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadHubConfig({
    HUB_DATABASE_PATH: join(directory, 'hub.sqlite'),
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUB_ADMIN_TOKEN: adminToken,
    HUB_LOG_LEVEL: 'error',
    HUB_PUBLIC_URL: baseUrl,
    ATLASSIAN_API_URL: fake.url,
    ATLASSIAN_AUTH_URL: authServer.url,
    ATLASSIAN_SITE_DISCOVERY_URL: fake.siteDiscoveryUrl,
  });
  const oauthClient = authServer.addClient(`${baseUrl}/oauth/callback`);
  const app = await createHubApp(
    config,
    createHubLogger({ logLevel: 'error', logFormat: config.logFormat }),
  );
  await app.listen(port, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const api = new Api(request(server), adminToken);
  try {
    const seeded = await seed(api, fake.url, cloudId, oauthClient);
    mkdirSync(OUT_DIR, { recursive: true });
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const shoot = async (name: string) => {
      await page.screenshot({ path: join(OUT_DIR, `${name}.png`), fullPage: true });
      process.stdout.write(`docs/screenshots/${name}.png\n`);
    };

    await page.goto('/sign-in');
    await shoot('sign-in');
    await signIn(page, 'ada');
    await page.goto('/');
    await shoot('dashboard');
    await page.goto('/?status=attention&sort=status#connections-heading');
    await shoot('dashboard-filtered');
    await page.goto('/aliases');
    await shoot('aliases');
    await page.goto(`/aliases/${seeded.jsmAliasId}`);
    await shoot('alias');
    // An alias without connections: New connection in its Connections tab is the primary button.
    await page.goto(`/aliases/${seeded.adminAliasId}`);
    await shoot('alias-new-connection');
    await page.goto(`/aliases/${seeded.jsmAliasId}/connections/new?child=1`);
    await page.getByLabel('Child alias name').fill('Jira_SM_Acme_EU');
    await page.getByLabel('Name', { exact: true }).fill('Jira SM Acme EU');
    await page.getByLabel('Site').fill('acme.atlassian.net');
    await page.getByRole('button', { name: 'Find cloud id' }).click();
    await page.getByLabel('Connection URL').waitFor();
    await shoot('add-connection');
    await page.goto(`/connections/${seeded.connectionId}`);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Test passed.').waitFor();
    await shoot('connection');
    // Save and Get OAuth Token, keeping the connection's own scopes (typed in the Scopes field),
    // through the authorization server's consent page, granting two sites.
    await page.goto(`/connections/${seeded.oauthConnectionId}`);
    await page.locator('#f-connection-scopes').fill(seeded.oauthScopes.join('\n'));
    await page.getByRole('button', { name: 'Save and Get OAuth Token' }).click();
    await page.getByLabel('Acme Automation').check();
    await page.getByLabel('acme (https://acme.atlassian.net)').check();
    await page.getByLabel('acme-eu (https://acme-eu.atlassian.net)').check();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByRole('heading', { name: 'The grant covers more sites' }).waitFor();
    await shoot('oauth-callback');
    await page.goto(`/connections/${seeded.oauthConnectionId}`);
    await shoot('connection-oauth');
    await page.getByLabel('Timeout (ms)').fill('20000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Scopes were reset').waitFor();
    await shoot('connection-scopes-reset');
    await page.goto(`/credentials/${seeded.credentialId}`);
    await shoot('credential');
    await page.goto('/actions');
    await shoot('actions');
    await page.goto('/actions/jsm.create_customer?example=1');
    await page.getByLabel('Alias').selectOption('Jira_SM_Acme');
    await page.getByLabel('Email address').fill('john.smith@example.com');
    await page.getByLabel('Display name').fill('John Smith');
    await page.getByRole('button', { name: 'Run action' }).click();
    await page.getByRole('heading', { name: /Result/ }).waitFor();
    await shoot('action-runner');
    await page.goto('/executions');
    await shoot('executions');
    await page.locator('table tbody tr').first().locator('time').click();
    await page.getByRole('heading', { name: 'Upstream calls' }).waitFor();
    await shoot('execution');
    await page.goto('/executions?status=error');
    await page.locator('table tbody tr').first().locator('time').click();
    await page.getByRole('heading', { name: 'Error', exact: true }).waitFor();
    await shoot('execution-failed');
    await page.goto('/users');
    await shoot('users');
    await page.goto('/tokens');
    await page.getByLabel('Name').fill('onboarding-flow');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('it is shown only this once').waitFor();
    await shoot('api-token-created');

    const designerPage = await (
      await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } })
    ).newPage();
    await signIn(designerPage, 'dee');
    await designerPage.goto('/users');
    await designerPage.screenshot({
      path: join(OUT_DIR, 'designer-forbidden.png'),
      fullPage: true,
    });
    process.stdout.write('docs/screenshots/designer-forbidden.png\n');
  } finally {
    await browser.close();
    await app.close();
    await authServer.stop();
    await fake.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/sign-in'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** A small, plausible configuration: two users, three credentials, connections, executions. */
async function seed(
  api: Api,
  apiUrl: string,
  cloudId: string,
  oauthClient: { clientId: string; clientSecret: string },
) {
  const ok = async (pending: ReturnType<Api['post']>, status = 201) => {
    const response = await pending;
    if (response.status !== status) {
      throw new Error(`seeding: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body as Record<string, unknown>;
  };
  await ok(api.post('/api/users', { username: 'ada', password: PASSWORD, role: 'admin' }));
  await ok(api.post('/api/users', { username: 'dee', password: PASSWORD, role: 'designer' }));
  const jsmAliasId = await api.aliasId('Jira_SM');
  const adminAliasId = await api.aliasId('Atlassian_Admin');
  const url = `${apiUrl}/ex/jira/${cloudId}`;
  // Find cloud id, as an admin would: the hub learns the site's name with it.
  await ok(api.post('/api/connections/discover', { site: 'acme.atlassian.net' }), 200);
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  const added = await ok(
    api.post(`/api/aliases/${jsmAliasId}/connections`, {
      childAlias: { name: 'Jira_SM_Acme' },
      credential: {
        name: 'Jira SM Basic Auth Token cred',
        type: 'basic',
        username: 'automation@acme.example',
        apiToken: 'ATATT3x-acme',
        expiresAt: inDays(21),
      },
      connection: { name: 'Jira cloud Basic Auth Token Connection', url },
    }),
  );
  const connection = added.connection as { id: string; credentialId: string };
  await ok(api.post(`/api/connections/${connection.id}/test`), 200);

  const oauth = await ok(
    api.post('/api/credentials', { name: 'Jira SM OAuth app', type: 'oauth2', ...oauthClient }),
  );
  const oauthScopes = ['read:jira-user', 'read:servicedesk-request', 'read:me'];
  const oauthConnection = await ok(
    api.post('/api/connections', {
      name: 'Jira SM OAuth Connection',
      url,
      credentialId: oauth.id,
      aliasId: jsmAliasId,
      scopes: oauthScopes,
    }),
  );

  const jiraAliasId = await api.aliasId('Jira');
  const stale = await ok(
    api.post(`/api/aliases/${jiraAliasId}/connections`, {
      childAlias: { name: 'Jira_Legacy' },
      credential: {
        name: 'Legacy service account',
        type: 'bearer',
        token: 'revoked-token',
        expiresAt: inDays(-3),
      },
      connection: { name: 'Jira legacy connection', url },
    }),
  );
  await ok(api.post(`/api/connections/${(stale.connection as { id: string }).id}/test`), 200);

  const execute = (action: string, alias: string, inputs: object) =>
    api.post(`/api/actions/${action}/execute`, { alias, inputs });
  await execute('jsm.create_customer', 'Jira_SM_Acme', {
    email: 'jane.doe@example.com',
    displayName: 'Jane Doe',
  });
  await execute('jsm.create_customer', 'Jira_SM_Acme', {
    email: 'jane.doe@example.com',
    displayName: 'Jane Doe',
  });
  await execute('jsm.list_service_desks', 'Jira_SM_Acme', {});
  await execute('jira.get_myself', 'Jira_Legacy', {});
  return {
    jsmAliasId,
    adminAliasId,
    connectionId: connection.id,
    credentialId: connection.credentialId,
    oauthConnectionId: oauthConnection.id as string,
    oauthScopes,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
