import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { createFakeAtlassian, FakeAtlassian } from '../../fake-atlassian';
import { Api } from '../../factories/records';
import { freePort } from '../../support/free-port';
import { startTestHub, TestHub } from '../../support/test-hub';
import { ChromiumLaunch, launchChromium, resolveChromium } from './chromium';

export interface ConsoleHarness {
  hub: TestHub;
  fake: FakeAtlassian;
  /** The hub's console, e.g. http://127.0.0.1:40123 (a real socket). */
  baseUrl: string;
  /** The REST API as HUB_ADMIN_TOKEN, for arranging records. */
  api: Api;
  /** A new browser context (its own cookies) with one page. */
  newPage(options?: { javaScriptEnabled?: boolean }): Promise<Page>;
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
  /** That port, chosen by the test (implies knownPort). */
  port?: number;
  /** A fake Atlassian started by the test (which stops it); by default the harness starts one. */
  fake?: FakeAtlassian;
  /** The browser to start; by default the one resolveChromium() picks. */
  chromium?: ChromiumLaunch;
}

/**
 * The real hub on a real port, the fake Atlassian on another, and headless Chromium. If any of
 * them fails to start, what had started is closed before the error is thrown, so a failed
 * beforeAll leaves no server or browser holding jest open.
 */
export async function startConsoleHarness(
  options: ConsoleHarnessOptions = {},
): Promise<ConsoleHarness> {
  // Picked (and unpacked, the first time) before anything is opened.
  const launch = options.chromium ?? (await resolveChromium());
  const closers: Array<() => Promise<void>> = [];
  let closing: Promise<void> | undefined;
  /** Closes what was opened, last first; each step runs even if one before it failed. */
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const failures: unknown[] = [];
      for (const closer of closers.reverse()) {
        try {
          await closer();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) {
        throw new AggregateError(failures, 'Closing the console harness failed');
      }
    })();
    return closing;
  };
  try {
    const fake = options.fake ?? (await createFakeAtlassian().start());
    if (!options.fake) closers.push(() => fake.stop());
    const fixedPort = options.port ?? (options.knownPort ? await freePort() : undefined);
    const hub = await startTestHub({
      env: {
        ATLASSIAN_API_URL: fake.url,
        ATLASSIAN_SITE_DISCOVERY_URL: fake.siteDiscoveryUrl,
        HUB_LOG_LEVEL: 'warn',
        ...(fixedPort ? { HUB_PUBLIC_URL: `http://127.0.0.1:${fixedPort}` } : {}),
        ...options.env,
      },
    });
    closers.push(() => hub.close());
    await hub.app.listen(fixedPort ?? 0, '127.0.0.1');
    const { port } = hub.app.getHttpServer().address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const browser: Browser = await launchChromium(launch);
    const contexts: BrowserContext[] = [];
    closers.push(async () => {
      for (const context of contexts) await context.close();
      await browser.close();
    });
    const api = new Api(hub.http, hub.adminToken);
    return {
      hub,
      fake,
      baseUrl,
      api,
      newPage: async (options) => {
        const context = await browser.newContext({ baseURL: baseUrl, ...options });
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
      close,
    };
  } catch (error) {
    // The start's own error is the reason to report; a failure to close is only appended to it.
    await close().catch((closeError: unknown) => {
      if (error instanceof Error)
        error.message += ` (closing what had started failed too: ${String(closeError)})`;
    });
    throw error;
  }
}
