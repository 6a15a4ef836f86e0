import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Browser, chromium } from 'playwright-core';

/** Debian's chromium package: used when it is installed. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The project's flags for every Chromium. The network is closed: no component updates, sync or
 * first-run fetches. Playwright starts the browser with a fresh temporary profile (user-data-dir)
 * of its own and removes it on close.
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

/**
 * Flags of @sparticuz/chromium's list (made for AWS Lambda) left out. Three switch off the web's
 * security model (same-origin, mixed content, site isolation trials), while the console's tests
 * check its CSP and cookies under the same rules as an admin's browser. `--single-process`, which
 * Lambda's kernel needs, makes Chromium exit when a test closes one of its browser contexts.
 */
const DROPPED_PACKAGE_ARGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--single-process',
]);

/** How to start one Chromium. */
export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
  /** Variables added to the browser's environment. */
  env?: Record<string, string>;
  /** Where the browser comes from, for error messages. */
  source: string;
}

let resolving: Promise<ChromiumLaunch> | undefined;

/**
 * The Chromium the browser tests and `npm run screenshots` drive: HUB_TEST_CHROMIUM when set, else
 * Debian's /usr/bin/chromium when installed, else the one inside the @sparticuz/chromium dev
 * dependency (installed by `npm install`, so a fresh machine needs no other step).
 */
export function resolveChromium(): Promise<ChromiumLaunch> {
  resolving ??= pickChromium().catch((error: unknown) => {
    // A later suite tries again rather than inheriting a failure that may have been passing.
    resolving = undefined;
    throw error;
  });
  return resolving;
}

async function pickChromium(): Promise<ChromiumLaunch> {
  const configured = process.env.HUB_TEST_CHROMIUM;
  if (configured) {
    return { executablePath: configured, args: CHROMIUM_ARGS, source: 'HUB_TEST_CHROMIUM' };
  }
  if (await isExecutable(DEBIAN_CHROMIUM)) {
    return { executablePath: DEBIAN_CHROMIUM, args: CHROMIUM_ARGS, source: 'Debian chromium' };
  }
  return unpackPackagedChromium();
}

/**
 * Starts headless Chromium. A launch that fails or hangs ends within a minute (inside the browser
 * suites' two-minute hooks, so the harness still closes what it opened) with a one-line reason.
 */
export async function launchChromium(launch?: ChromiumLaunch): Promise<Browser> {
  const { executablePath, args, env, source } = launch ?? (await resolveChromium());
  try {
    return await chromium.launch({
      executablePath,
      args,
      headless: true,
      timeout: 60_000,
      ...(env ? { env: { ...definedEnv(process.env), ...env } } : {}),
    });
  } catch (error) {
    throw new Error(`Chromium did not start (${source}: ${executablePath}): ${firstLine(error)}`, {
      cause: error,
    });
  }
}

/** The package's files unpacked once per version, under node_modules/.cache (see below). */
interface UnpackedChromium {
  version: string;
  /** @sparticuz/chromium's recommended flags, as it lists them. */
  packageArgs: string[];
}

/**
 * @sparticuz/chromium ships Chromium brotli-compressed; its executablePath() unpacks it into
 * os.tmpdir() and afterwards reuses whatever file is there, even a half-written one from a run
 * that was killed or one that another suite is still writing. So it unpacks in a child process
 * (the package is an ES module, which jest's CommonJS runtime cannot load) whose TMPDIR is a new
 * staging folder, and the finished folder is renamed into place: a folder under the final name is
 * always complete, and two suites unpacking at once both end with one complete copy. It lives in
 * node_modules/.cache/integration-hub/chromium-<version>, not in a guessable /tmp path another
 * local user could plant a binary at, and goes away with node_modules (`npm ci`).
 */
async function unpackPackagedChromium(): Promise<ChromiumLaunch> {
  let entry: string;
  try {
    entry = require.resolve('@sparticuz/chromium');
  } catch {
    throw new Error(
      `No Chromium: ${DEBIAN_CHROMIUM} is not installed and the @sparticuz/chromium dev dependency is missing (run npm install, or set HUB_TEST_CHROMIUM)`,
    );
  }
  const packageDir = resolve(dirname(entry), '..');
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const cacheDir = resolve(packageDir, '..', '..', '.cache', 'integration-hub');
  const finalDir = join(cacheDir, `chromium-${version}`);
  const unpacked =
    (await readUnpacked(finalDir)) ?? (await unpack(entry, packageDir, cacheDir, version));
  return {
    executablePath: join(finalDir, 'chromium'),
    args: [
      ...unpacked.packageArgs.filter((arg) => !DROPPED_PACKAGE_ARGS.has(arg)),
      ...CHROMIUM_ARGS,
    ],
    env: {
      // Fonts: the system's when it has any, else the package's Open Sans, so text is readable.
      FONTCONFIG_FILE: join(finalDir, 'fonts.conf'),
      // NSS, NSPR and expat as the package ships them: nothing needs installing with apt.
      LD_LIBRARY_PATH: join(finalDir, 'al2023', 'lib'),
    },
    source: `@sparticuz/chromium ${version}`,
  };
}

async function readUnpacked(finalDir: string): Promise<UnpackedChromium | undefined> {
  try {
    return JSON.parse(await readFile(join(finalDir, 'unpacked.json'), 'utf8')) as UnpackedChromium;
  } catch {
    return undefined;
  }
}

/** Runs in the child, as an ES module: argv[1] is the package's URL, argv[2] its bin folder. */
const UNPACK_SCRIPT = `
import { join } from 'node:path';
const { default: chromium, inflate } = await import(process.argv[1]);
const executablePath = await chromium.executablePath();
const libraries = await inflate(join(process.argv[2], 'al2023.tar.br'));
process.stdout.write(JSON.stringify({ executablePath, libraries, args: chromium.args }));
`;

async function unpack(
  entry: string,
  packageDir: string,
  cacheDir: string,
  version: string,
): Promise<UnpackedChromium> {
  const finalDir = join(cacheDir, `chromium-${version}`);
  await mkdir(cacheDir, { recursive: true });
  const staging = await mkdtemp(join(cacheDir, `chromium-${version}.partial-`));
  try {
    const output = await runNode(
      [
        '--input-type=module',
        '-e',
        UNPACK_SCRIPT,
        pathToFileURL(entry).href,
        join(packageDir, 'bin'),
      ],
      { ...definedEnv(process.env), TMPDIR: staging },
    );
    const result = JSON.parse(output) as { executablePath: string; args: string[] };
    if (result.executablePath !== join(staging, 'chromium')) {
      throw new Error(`@sparticuz/chromium unpacked to ${result.executablePath}, not ${staging}`);
    }
    await writeFile(join(staging, 'fonts.conf'), fontsConf(finalDir));
    const unpacked: UnpackedChromium = { version, packageArgs: result.args };
    await writeFile(join(staging, 'unpacked.json'), JSON.stringify(unpacked));
    try {
      await rename(staging, finalDir);
    } catch (error) {
      // Another process renamed its complete copy first: use that one.
      const existing = await readUnpacked(finalDir);
      if (!existing) throw error;
      return existing;
    }
    return unpacked;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The system's fontconfig setup when there is one (Debian's fonts, as the docs' screenshots show
 * them), plus the Open Sans the package ships for machines without fonts.
 */
function fontsConf(finalDir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(finalDir, 'fonts')}</dir>
  <cachedir>${join(finalDir, 'fonts-cache')}</cachedir>
</fontconfig>
`;
}

function runNode(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      args,
      { env, timeout: 120_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const reason = stderr.trim().split('\n').at(-1) || error.message;
          reject(new Error(`Unpacking @sparticuz/chromium failed: ${reason}`, { cause: error }));
          return;
        }
        resolvePromise(stdout);
      },
    );
  });
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined[name] = value;
  return defined;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n')[0];
}
