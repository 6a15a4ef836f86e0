import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { runHubCli } from './hub-cli';

const ROOT = join(__dirname, '..', '..');

/** `npm run hub -- config` as an operator runs it: the CLI's entry point in its own process. */
function runConfigCommand(env: Record<string, string>): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(
    process.execPath,
    ['-r', join(ROOT, 'test', 'support', 'register-ts.js'), join(ROOT, 'src', 'cli.ts'), 'config'],
    { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run hub -- config', () => {
  const key = randomBytes(32).toString('base64');
  const previousKey = randomBytes(32).toString('base64');
  const adminToken = `admin-${randomBytes(24).toString('hex')}`;
  const metricsToken = `metrics-${randomBytes(24).toString('hex')}`;

  it('prints every variable with its effective value and masks the secrets', () => {
    const { status, stdout, stderr } = runConfigCommand({
      DATABASE_URL: 'postgres://hub:db-password-77@db.example.com/hub',
      HUB_ENCRYPTION_KEY: key,
      HUB_ENCRYPTION_PREVIOUS_KEYS: previousKey,
      HUB_ADMIN_TOKEN: adminToken,
      HUB_METRICS_TOKEN: metricsToken,
      PORT: '8080',
      HUB_LOG_LEVEL: 'WARN',
      ATLASSIAN_API_URL: 'https://api.atlassian.com/',
    });

    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => [line.split(/\s+/)[0], line.split(/\s+/).slice(1).join(' ')]),
    );
    expect(lines).toEqual(
      expect.objectContaining({
        PORT: '8080',
        HUB_LOG_LEVEL: 'warn',
        ATLASSIAN_API_URL: 'https://api.atlassian.com',
        ATLASSIAN_AUTH_URL: 'https://auth.atlassian.com (default)',
        HUB_PUBLIC_URL: 'http://localhost:8080 (default)',
        HUB_EXECUTION_RETENTION_DAYS: '30 (default)',
        HUB_ALLOWED_HOSTS: '(unset)',
        DATABASE_URL: '********',
        HUB_ENCRYPTION_KEY: '********',
        HUB_ENCRYPTION_PREVIOUS_KEYS: '********',
        HUB_ADMIN_TOKEN: '********',
        HUB_METRICS_TOKEN: '********',
      }),
    );
    for (const secret of ['db-password-77', key, previousKey, adminToken, metricsToken]) {
      expect(stdout).not.toContain(secret);
    }
  });

  it('names every problem of an invalid configuration, exits 1 and echoes no secret', () => {
    const { status, stdout, stderr } = runConfigCommand({
      PORT: 'abc',
      HUB_ADMIN_TOKEN: 'short-secret',
      HUB_METRICS_TOKEN: 'tiny-metrics-secret',
    });

    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Invalid configuration:');
    expect(stderr).toContain('PORT must be a whole number from 1 to 65535');
    expect(stderr).toContain('HUB_ADMIN_TOKEN must be at least 32 characters long');
    expect(stderr).toContain('HUB_METRICS_TOKEN must be at least 32 characters long');
    expect(stderr).toContain('See docs/configuration.md.');
    expect(stderr).not.toContain('short-secret');
    expect(stderr).not.toContain('tiny-metrics-secret');
  });

  it('is listed in the usage and opens nothing', async () => {
    const usage: string[] = [];
    expect(await runHubCli([], {}, (text) => usage.push(text))).toBe(0);
    expect(usage.join('')).toMatch(/^ {2}config +Print the effective configuration/m);

    // A database path nobody can create: the command must not try.
    const output: string[] = [];
    expect(
      await runHubCli(['config'], { HUB_DATABASE_PATH: '/proc/no-such-dir/hub.sqlite' }, (text) =>
        output.push(text),
      ),
    ).toBe(0);
    expect(output.join('')).toMatch(/^HUB_DATABASE_PATH +\/proc\/no-such-dir\/hub\.sqlite$/m);
  });
});
