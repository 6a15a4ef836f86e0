import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  ConfigurationError,
  describeHubEnvironment,
  loadHubConfig,
  validateHubEnvironment,
} from './hub-config';
import { hubVariableNames, isSensitive } from './hub-environment';

const validKey = (): string => randomBytes(32).toString('base64');

/** The ConfigurationError loadHubConfig throws for `env`; fails the test when it accepts it. */
function configurationErrorFor(env: NodeJS.ProcessEnv): ConfigurationError {
  try {
    loadHubConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error(`loadHubConfig accepted ${JSON.stringify(env)}`);
}

describe('loadHubConfig', () => {
  it('starts with working defaults when nothing is set', () => {
    const sut = loadHubConfig({});

    expect(sut.port).toBe(3000);
    expect(sut.database).toEqual({
      type: 'sqlite',
      path: join(process.cwd(), 'data', 'hub.sqlite'),
    });
    expect(sut.atlassianApiUrl).toBe('https://api.atlassian.com');
    expect(sut.atlassianAuthUrl).toBe('https://auth.atlassian.com');
    expect(sut.encryptionKey).toBeUndefined();
    expect(sut.previousEncryptionKeys).toEqual([]);
    expect(sut.adminToken).toBeUndefined();
    expect(sut.allowedHosts).toEqual([]);
    expect(sut.logLevel).toBe('info');
    expect(sut.logFormat).toBe('auto');
  });

  it('treats blank values as unset', () => {
    const sut = loadHubConfig({ PORT: '  ', DATABASE_URL: '', HUB_LOG_LEVEL: ' ' });

    expect(sut.port).toBe(3000);
    expect(sut.database.type).toBe('sqlite');
    expect(sut.logLevel).toBe('info');
  });

  it('reads a PostgreSQL database with its encryption key', () => {
    const key = validKey();

    const sut = loadHubConfig({
      DATABASE_URL: 'postgresql://hub:pw@db:5432/hub',
      HUB_ENCRYPTION_KEY: key,
    });

    expect(sut.database).toEqual({ type: 'postgres', url: 'postgresql://hub:pw@db:5432/hub' });
    expect(sut.encryptionKey).toBe(key);
  });

  it('resolves a relative HUB_DATABASE_PATH against the working directory', () => {
    const sut = loadHubConfig({ HUB_DATABASE_PATH: 'var/state.sqlite' });

    expect(sut.database).toEqual({
      type: 'sqlite',
      path: join(process.cwd(), 'var', 'state.sqlite'),
    });
  });

  it.each<[string, NodeJS.ProcessEnv]>([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '0' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x', HUB_ENCRYPTION_KEY: validKey() }],
    ['HUB_ENCRYPTION_KEY', { HUB_ENCRYPTION_KEY: 'short' }],
    ['HUB_ENCRYPTION_KEY', { DATABASE_URL: 'postgres://hub@db/hub' }],
    ['HUB_ENCRYPTION_PREVIOUS_KEYS', { HUB_ENCRYPTION_PREVIOUS_KEYS: validKey() }],
    [
      'HUB_ENCRYPTION_PREVIOUS_KEYS',
      { HUB_ENCRYPTION_KEY: validKey(), HUB_ENCRYPTION_PREVIOUS_KEYS: `${validKey()},nope` },
    ],
    ['HUB_ADMIN_TOKEN', { HUB_ADMIN_TOKEN: 'x'.repeat(31) }],
    ['HUB_METRICS_TOKEN', { HUB_METRICS_TOKEN: 'm'.repeat(31) }],
    ['HUB_METRICS_TOKEN', { HUB_METRICS_TOKEN: 'x'.repeat(40), HUB_ADMIN_TOKEN: 'x'.repeat(40) }],
    ['ATLASSIAN_API_URL', { ATLASSIAN_API_URL: 'http://example.com' }],
    ['ATLASSIAN_API_URL', { ATLASSIAN_API_URL: 'not a url' }],
    ['ATLASSIAN_API_URL', { ATLASSIAN_API_URL: 'ftp://api.atlassian.com' }],
    ['ATLASSIAN_AUTH_URL', { ATLASSIAN_AUTH_URL: 'http://auth.example.com' }],
    [
      'ATLASSIAN_SITE_DISCOVERY_URL',
      { ATLASSIAN_SITE_DISCOVERY_URL: 'https://x/_edge/tenant_info' },
    ],
    ['ATLASSIAN_SITE_DISCOVERY_URL', { ATLASSIAN_SITE_DISCOVERY_URL: 'http://{site}/tenant_info' }],
    ['HUB_LOG_LEVEL', { HUB_LOG_LEVEL: 'loud' }],
    ['HUB_LOG_FORMAT', { HUB_LOG_FORMAT: 'xml' }],
    ['HUB_ALLOWED_HOSTS', { HUB_ALLOWED_HOSTS: 'jira.example.com,https://bad.example.com' }],
    ['HUB_ALLOWED_HOSTS', { HUB_ALLOWED_HOSTS: 'bad host' }],
    ['HUB_RESOLUTION_CACHE_TTL_MS', { HUB_RESOLUTION_CACHE_TTL_MS: '-1' }],
    ['HUB_RESOLUTION_CACHE_TTL_MS', { HUB_RESOLUTION_CACHE_TTL_MS: '600001' }],
    ['HUB_RESOLUTION_CACHE_MAX_ENTRIES', { HUB_RESOLUTION_CACHE_MAX_ENTRIES: '0' }],
    ['HUB_RESOLUTION_CACHE_MAX_ENTRIES', { HUB_RESOLUTION_CACHE_MAX_ENTRIES: 'lots' }],
    ['HUB_API_TOKEN_CACHE_TTL_MS', { HUB_API_TOKEN_CACHE_TTL_MS: '60001' }],
    ['HUB_API_TOKEN_CACHE_TTL_MS', { HUB_API_TOKEN_CACHE_TTL_MS: '1.5' }],
  ])('refuses a bad %s and names it (%#)', (variable, env) => {
    const error = configurationErrorFor(env);

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(variable);
    expect(error.message).toContain(variable);
  });

  it('caches resolutions for 5 s unless told otherwise', () => {
    expect(loadHubConfig({})).toEqual(expect.objectContaining({ resolutionCacheTtlMs: 5000 }));
    expect(loadHubConfig({ HUB_RESOLUTION_CACHE_TTL_MS: '0' })).toEqual(
      expect.objectContaining({ resolutionCacheTtlMs: 0 }),
    );
  });

  it('keeps 12,000 resolutions and believes a verified API token for 2 s unless told otherwise', () => {
    expect(loadHubConfig({})).toEqual(
      expect.objectContaining({ resolutionCacheMaxEntries: 12_000, apiTokenCacheTtlMs: 2000 }),
    );
    expect(
      loadHubConfig({ HUB_RESOLUTION_CACHE_MAX_ENTRIES: '50', HUB_API_TOKEN_CACHE_TTL_MS: '0' }),
    ).toEqual(expect.objectContaining({ resolutionCacheMaxEntries: 50, apiTokenCacheTtlMs: 0 }));
  });

  it('says which HUB_ALLOWED_HOSTS entry is wrong', () => {
    const error = configurationErrorFor({
      HUB_ALLOWED_HOSTS: 'jira.example.com, https://bad.example.com',
    });

    expect(error.message).toContain('https://bad.example.com');
    expect(error.message).not.toContain('"jira.example.com"');
  });

  it('requires HUB_ENCRYPTION_KEY with PostgreSQL, saying why', () => {
    const error = configurationErrorFor({ DATABASE_URL: 'postgres://hub@db/hub' });

    expect(error.problems).toEqual([expect.stringMatching(/HUB_ENCRYPTION_KEY.*DATABASE_URL/)]);
  });

  it('does not echo a sensitive value in its message', () => {
    const error = configurationErrorFor({
      DATABASE_URL: 'mysql://root:hunter2@db/hub',
      HUB_ENCRYPTION_KEY: 'not-a-key-but-a-secret',
      HUB_ADMIN_TOKEN: 'tiny-secret',
    });

    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('not-a-key-but-a-secret');
    expect(error.message).not.toContain('tiny-secret');
  });

  it('reports every problem at once', () => {
    const error = configurationErrorFor({
      PORT: 'abc',
      HUB_LOG_LEVEL: 'loud',
      HUB_ADMIN_TOKEN: 'short',
      ATLASSIAN_API_URL: 'http://example.com',
    });

    expect(error.problems).toHaveLength(4);
    for (const variable of ['PORT', 'HUB_LOG_LEVEL', 'HUB_ADMIN_TOKEN', 'ATLASSIAN_API_URL']) {
      expect(error.problems.filter((problem) => problem.startsWith(variable))).toHaveLength(1);
      expect(error.message).toContain(variable);
    }
  });

  it('removes trailing slashes from ATLASSIAN_API_URL', () => {
    const sut = loadHubConfig({ ATLASSIAN_API_URL: 'https://api.atlassian.com///' });

    expect(sut.atlassianApiUrl).toBe('https://api.atlassian.com');
  });

  it.each(['http://127.0.0.1:1234', 'http://localhost:8080', 'http://[::1]:9000'])(
    'accepts plain http on this machine: %s',
    (url) => {
      const sut = loadHubConfig({ ATLASSIAN_API_URL: url, ATLASSIAN_AUTH_URL: `${url}/` });

      expect(sut.atlassianApiUrl).toBe(url);
      expect(sut.atlassianAuthUrl).toBe(url);
    },
  );

  it('accepts the valid forms of the other settings', () => {
    const token = 'a'.repeat(32);

    const sut = loadHubConfig({
      PORT: '8080',
      HUB_ADMIN_TOKEN: token,
      HUB_LOG_LEVEL: 'DEBUG',
      HUB_LOG_FORMAT: 'Pretty',
      HUB_ALLOWED_HOSTS: ' Jira.Example.com:8443 , auth.example.test ,',
      ATLASSIAN_SITE_DISCOVERY_URL: 'http://127.0.0.1:4000/{site}/tenant_info',
    });

    expect(sut.port).toBe(8080);
    expect(sut.adminToken).toBe(token);
    expect(sut.logLevel).toBe('debug');
    expect(sut.logFormat).toBe('pretty');
    expect(sut.allowedHosts).toEqual(['jira.example.com:8443', 'auth.example.test']);
    expect(sut.siteDiscoveryUrl).toBe('http://127.0.0.1:4000/{site}/tenant_info');
  });

  it('defaults HUB_PUBLIC_URL to this machine on PORT and the keep-alive to 30 days', () => {
    const sut = loadHubConfig({ PORT: '8080' });

    expect(sut.publicUrl).toBe('http://localhost:8080');
    expect(sut.oauthKeepAliveDays).toBe(30);
  });

  it('reads HUB_PUBLIC_URL with a path prefix, without its trailing slash', () => {
    const sut = loadHubConfig({
      HUB_PUBLIC_URL: 'https://hub.example.com/integration/',
      HUB_OAUTH_KEEPALIVE_DAYS: '7',
    });

    expect(sut.publicUrl).toBe('https://hub.example.com/integration');
    expect(sut.oauthKeepAliveDays).toBe(7);
  });

  it.each([
    ['http://hub.example.com', 'HUB_PUBLIC_URL must be an https:// URL'],
    ['https://hub.example.com/?x=1', 'HUB_PUBLIC_URL must not contain a query'],
    ['https://user@hub.example.com', 'HUB_PUBLIC_URL must not contain a query'],
    ['hub.example.com', 'HUB_PUBLIC_URL must be a URL'],
  ])('refuses HUB_PUBLIC_URL %s', (value, message) => {
    const error = configurationErrorFor({ HUB_PUBLIC_URL: value });

    expect(error.problems.join('\n')).toContain(message);
  });

  it.each(['0', '61', '1.5', 'monthly'])('refuses HUB_OAUTH_KEEPALIVE_DAYS=%s', (value) => {
    const error = configurationErrorFor({ HUB_OAUTH_KEEPALIVE_DAYS: value });

    expect(error.problems).toEqual([
      'HUB_OAUTH_KEEPALIVE_DAYS must be a whole number of days from 1 to 60',
    ]);
  });

  it('names the unit and the range of every whole-number variable that has one', () => {
    const error = configurationErrorFor({
      PORT: '0',
      HUB_EXECUTION_RETENTION_DAYS: '3651',
      HUB_RESOLUTION_CACHE_TTL_MS: 'soon',
    });

    expect(error.problems).toEqual([
      'PORT must be a whole number from 1 to 65535',
      'HUB_EXECUTION_RETENTION_DAYS must be a whole number of days from 1 to 3650',
      'HUB_RESOLUTION_CACHE_TTL_MS must be a whole number of milliseconds from 0 to 600000',
    ]);
  });

  it('reads the console session lifetimes and the trusted proxies', () => {
    const defaults = loadHubConfig({});
    expect(defaults.sessionIdleMinutes).toBe(60);
    expect(defaults.sessionMaxHours).toBe(12);
    expect(defaults.trustProxy).toBe(false);

    const sut = loadHubConfig({
      HUB_SESSION_IDLE_MINUTES: '30',
      HUB_SESSION_MAX_HOURS: '8',
      HUB_TRUST_PROXY: 'loopback, 10.0.0.0/8',
    });
    expect(sut.sessionIdleMinutes).toBe(30);
    expect(sut.sessionMaxHours).toBe(8);
    expect(sut.trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadHubConfig({ HUB_TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('refuses session lifetimes out of range and an unreadable HUB_TRUST_PROXY', () => {
    const error = configurationErrorFor({
      HUB_SESSION_IDLE_MINUTES: '0',
      HUB_SESSION_MAX_HOURS: 'forever',
      HUB_TRUST_PROXY: 'everyone',
    });

    expect(error.problems).toEqual([
      'HUB_SESSION_IDLE_MINUTES must be a whole number from 5 to 1440',
      'HUB_SESSION_MAX_HOURS must be a whole number from 1 to 720',
      expect.stringContaining('HUB_TRUST_PROXY must be'),
    ]);
  });

  it('reads HUB_METRICS_TOKEN, unset by default', () => {
    const token = 'm'.repeat(32);

    expect(loadHubConfig({}).metricsToken).toBeUndefined();
    expect(loadHubConfig({ HUB_METRICS_TOKEN: ` ${token} ` }).metricsToken).toBe(token);
  });

  it('names every wrong HUB_ALLOWED_HOSTS entry in one problem', () => {
    const error = configurationErrorFor({ HUB_ALLOWED_HOSTS: 'ok.example.com,bad host,x_y' });

    expect(error.problems).toEqual([
      'HUB_ALLOWED_HOSTS entries "bad host", "x_y" must be host names, optionally with :port',
    ]);
  });

  it('marks exactly the variables holding secrets as sensitive', () => {
    expect(hubVariableNames().filter(isSensitive)).toEqual([
      'DATABASE_URL',
      'HUB_ENCRYPTION_KEY',
      'HUB_ENCRYPTION_PREVIOUS_KEYS',
      'HUB_ADMIN_TOKEN',
      'HUB_METRICS_TOKEN',
    ]);
  });

  it('describes the effective configuration with secrets masked and defaults marked', () => {
    const key = validKey();
    const text = describeHubEnvironment(
      validateHubEnvironment({
        HUB_ENCRYPTION_KEY: key,
        HUB_ALLOWED_HOSTS: 'Jira.Example.com ,',
        HUB_TRUST_PROXY: 'loopback',
      }),
    );
    const lines = text.split('\n');

    expect(lines.map((line) => line.split(' ')[0])).toEqual(hubVariableNames());
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT +3000 \(default\)$/),
        expect.stringMatching(/^DATABASE_URL +\(unset\)$/),
        expect.stringMatching(/^HUB_ENCRYPTION_KEY +\*{8}$/),
        expect.stringMatching(/^HUB_ADMIN_TOKEN +\(unset\)$/),
        expect.stringMatching(/^HUB_ALLOWED_HOSTS +jira\.example\.com$/),
        expect.stringMatching(/^HUB_TRUST_PROXY +loopback$/),
        expect.stringMatching(/^HUB_LOG_LEVEL +info \(default\)$/),
      ]),
    );
    expect(text).not.toContain(key);
  });
});
