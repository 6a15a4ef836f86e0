/** Debian's chromium package; nothing here ever downloads a browser. */
export const CHROMIUM_PATH = process.env.HUB_TEST_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The network is closed: no component updates, sync or first-run fetches. Playwright starts the
 * browser with a fresh temporary profile (user-data-dir) of its own and removes it on close.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
