import { validateSync } from 'class-validator';
import {
  HubEnvironment,
  hubVariableNames,
  isSensitive,
  LOG_LEVELS,
  readHubEnvironment,
  wasSet,
} from './hub-environment';

export { isBase64Key, isLoopback } from './hub-environment';

export type DatabaseSettings = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export type LogLevel = (typeof LOG_LEVELS)[number];

/** `auto`: pretty lines when stdout is a terminal, JSON lines otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** The hub's whole configuration, read once from the environment and validated at start. */
export class HubConfig {
  port: number;
  database: DatabaseSettings;
  /** Base64 of the current 32-byte key; undefined means "use the key file beside the SQLite file". */
  encryptionKey?: string;
  previousEncryptionKeys: string[];
  adminToken?: string;
  /** Accepted for GET /api/metrics only. */
  metricsToken?: string;
  atlassianApiUrl: string;
  atlassianAuthUrl: string;
  allowedHosts: string[];
  siteDiscoveryUrl: string;
  logLevel: LogLevel;
  logFormat: LogFormat;
  executionRetentionDays: number;
  /** Where browsers reach the hub; the OAuth redirect URI is `<publicUrl>/oauth/callback`. */
  publicUrl: string;
  /** OAuth tokens not refreshed for this many days are refreshed by the keep-alive job. */
  oauthKeepAliveDays: number;
  /** How long a resolved alias (rows and client) is reused; 0 resolves from the database every time. */
  resolutionCacheTtlMs: number;
  /** At most this many aliases' resolutions are kept; the least recently used one goes first. */
  resolutionCacheMaxEntries: number;
  /** How long a verified API token is believed without asking the database; 0 asks every time. */
  apiTokenCacheTtlMs: number;
  /** Console sessions end after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** ...and after this many hours in any case. */
  sessionMaxHours: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For / -Proto to believe; false = none. */
  trustProxy: boolean | number | string;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads the environment through the HubEnvironment schema and validates it (every problem at
 * once); the `validate` function of the hub's @nestjs/config module, also called by main.ts and the
 * CLI before anything starts, so that a bad value stops the hub with the documented message.
 */
export function validateHubEnvironment(env: NodeJS.ProcessEnv): HubEnvironment {
  const environment = readHubEnvironment(env);
  const problems = validateSync(environment, { stopAtFirstError: true }).flatMap((error) => {
    const messages = Object.values(error.constraints ?? {});
    const value = (environment as unknown as Record<string, string | undefined>)[error.property];
    // No rule's message quotes a secret, and none ever may: this holds it to that.
    return isSensitive(error.property) && value
      ? messages.map((message) => message.split(value).join('****'))
      : messages;
  });
  if (problems.length > 0) throw new ConfigurationError(problems);
  return environment;
}

export function loadHubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  return toHubConfig(validateHubEnvironment(env));
}

/** The typed configuration the services inject, from a validated environment. */
export function toHubConfig(env: HubEnvironment): HubConfig {
  const list = (value: string | undefined) => (value ? value.split(',') : []);
  const config = new HubConfig();
  config.port = Number(env.PORT);
  config.database =
    env.DATABASE_URL !== undefined
      ? { type: 'postgres', url: env.DATABASE_URL }
      : { type: 'sqlite', path: env.HUB_DATABASE_PATH ?? '' };
  config.encryptionKey = env.HUB_ENCRYPTION_KEY;
  config.previousEncryptionKeys = list(env.HUB_ENCRYPTION_PREVIOUS_KEYS);
  config.adminToken = env.HUB_ADMIN_TOKEN;
  config.metricsToken = env.HUB_METRICS_TOKEN;
  config.atlassianApiUrl = env.ATLASSIAN_API_URL;
  config.atlassianAuthUrl = env.ATLASSIAN_AUTH_URL;
  config.allowedHosts = list(env.HUB_ALLOWED_HOSTS);
  config.siteDiscoveryUrl = env.ATLASSIAN_SITE_DISCOVERY_URL;
  config.logLevel = env.HUB_LOG_LEVEL as LogLevel;
  config.logFormat = env.HUB_LOG_FORMAT as LogFormat;
  config.executionRetentionDays = Number(env.HUB_EXECUTION_RETENTION_DAYS);
  config.publicUrl = env.HUB_PUBLIC_URL;
  config.oauthKeepAliveDays = Number(env.HUB_OAUTH_KEEPALIVE_DAYS);
  config.resolutionCacheTtlMs = Number(env.HUB_RESOLUTION_CACHE_TTL_MS);
  config.resolutionCacheMaxEntries = Number(env.HUB_RESOLUTION_CACHE_MAX_ENTRIES);
  config.apiTokenCacheTtlMs = Number(env.HUB_API_TOKEN_CACHE_TTL_MS);
  config.sessionIdleMinutes = Number(env.HUB_SESSION_IDLE_MINUTES);
  config.sessionMaxHours = Number(env.HUB_SESSION_MAX_HOURS);
  config.trustProxy =
    env.HUB_TRUST_PROXY === 'false'
      ? false
      : /^\d+$/.test(env.HUB_TRUST_PROXY)
        ? Number(env.HUB_TRUST_PROXY)
        : env.HUB_TRUST_PROXY;
  return config;
}

/** How `npm run hub -- config` shows a secret that is set. */
export const MASKED = '********';

/**
 * The effective configuration, one line per variable in the order the hub reads them: the value
 * after defaults and normalisation, secrets masked, and whether it was set or defaulted.
 */
export function describeHubEnvironment(env: HubEnvironment): string {
  const names = hubVariableNames();
  const width = Math.max(...names.map((name) => name.length));
  const values = env as unknown as Record<string, string | undefined>;
  return names
    .map((name) => {
      const value = values[name];
      const shown =
        value === undefined || value === '' ? '(unset)' : isSensitive(name) ? MASKED : value;
      const source = wasSet(env, name)
        ? ''
        : value === undefined || value === ''
          ? ''
          : ' (default)';
      return `${name.padEnd(width)}  ${shown}${source}`;
    })
    .join('\n');
}
