import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createFakeAtlassian, FakeAtlassian } from '../../fake-atlassian';
import { Api } from '../../factories/records';
import { freePort } from '../../support/free-port';
import { startTestHub, TestHub } from '../../support/test-hub';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export interface ConsoleHarness {
  hub: TestHub;
  fake: FakeAtlassian;
  /** The hub's console, e.g. http://127.0.0.1:40123 (a real socket). */
  baseUrl: string;
  /** The REST API as HUB_ADMIN_TOKEN, for arranging records. */
  api: Api;
  /** A new browser context (its own cookies) with one page. */
  newPage(): Promise<Page>;
  /** Creates a console user through the API and returns their password. */
  createUser(username: string, role: 'admin' | 'designer'): Promise<string>;
  /** Signs in on the sign-in page and waits for the page that follows. */
  signIn(page: Page, username: string, password: string): Promise<void>;
  close(): Promise<void>;
}

export interface ConsoleHarnessOptions {
  env?: Record<string, string>;
  /**
   * Start the hub on a port chosen beforehand, with HUB_PUBLIC_URL naming it: OAuth's redirect URI
   * (`<HUB_PUBLIC_URL>/oauth/callback`) must be known when the hub starts.
   */
  knownPort?: boolean;
  /** A fake Atlassian started by the test (which stops it); by default the harness starts one. */
  fake?: FakeAtlassian;
}

/** The real hub on a real port, the fake Atlassian on another, and headless Chromium. */
export async function startConsoleHarness(
  options: ConsoleHarnessOptions = {},
): Promise<ConsoleHarness> {
  const fake = options.fake ?? (await createFakeAtlassian().start());
  const fixedPort = options.knownPort ? await freePort() : undefined;
  const hub = await startTestHub({
    env: {
      ATLASSIAN_API_URL: fake.url,
      ATLASSIAN_SITE_DISCOVERY_URL: fake.siteDiscoveryUrl,
      HUB_LOG_LEVEL: 'warn',
      ...(fixedPort ? { HUB_PUBLIC_URL: `http://127.0.0.1:${fixedPort}` } : {}),
      ...options.env,
    },
  });
  await hub.app.listen(fixedPort ?? 0, '127.0.0.1');
  const { port } = hub.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const contexts: BrowserContext[] = [];
  const api = new Api(hub.http, hub.adminToken);
  return {
    hub,
    fake,
    baseUrl,
    api,
    newPage: async () => {
      const context = await browser.newContext({ baseURL: baseUrl });
      contexts.push(context);
      return context.newPage();
    },
    createUser: async (username, role) => {
      const password = `pw-${randomBytes(12).toString('hex')}`;
      await api.post('/api/users', { username, password, role }).expect(201);
      return password;
    },
    signIn: async (page, username, password) => {
      await page.goto('/sign-in');
      await page.getByLabel('User name').fill(username);
      await page.getByLabel('Password').fill(password);
      await Promise.all([
        page.waitForURL((url) => url.pathname !== '/sign-in'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
    },
    close: async () => {
      for (const context of contexts) await context.close();
      await browser.close();
      await hub.close();
      if (!options.fake) await fake.stop();
    },
  };
}
