import { Injectable } from '@nestjs/common';
import type { FieldError } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';

/**
 * The only hosts the hub ever sends a credential to: ATLASSIAN_API_URL's host, ATLASSIAN_AUTH_URL's
 * host (the token endpoint gets client secrets and refresh tokens) and HUB_ALLOWED_HOSTS.
 */
@Injectable()
export class AllowedHosts {
  private readonly entries: Array<{ hostname: string; port?: string }>;
  private readonly names: string[];

  private readonly formTargets: string[];

  constructor(config: HubConfig) {
    this.formTargets = [
      new URL(config.atlassianAuthUrl).origin,
      ...config.allowedHosts.map((entry) => `https://${entry}`),
    ];
    const api = new URL(config.atlassianApiUrl);
    const auth = new URL(config.atlassianAuthUrl);
    this.entries = [
      { hostname: api.hostname.toLowerCase(), port: effectivePort(api) },
      { hostname: auth.hostname.toLowerCase(), port: effectivePort(auth) },
      ...config.allowedHosts.map((entry) => {
        const [hostname, port] = entry.split(':');
        return { hostname, port };
      }),
    ];
    this.names = [...new Set([api.host.toLowerCase(), auth.host.toLowerCase()])].concat(
      config.allowedHosts,
    );
  }

  /** An entry with a port allows that port only; one without allows the host on any port. */
  allows(url: string | URL): boolean {
    let parsed: URL;
    try {
      parsed = typeof url === 'string' ? new URL(url) : url;
    } catch {
      return false;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
    const hostname = parsed.hostname.toLowerCase();
    const port = effectivePort(parsed);
    return this.entries.some(
      (entry) => entry.hostname === hostname && (entry.port === undefined || entry.port === port),
    );
  }

  /**
   * Why `url` cannot be an endpoint the hub sends credentials to (an OAuth token URL) or sends a
   * browser to (an authorization URL), or undefined when it can. User info would be shown with the
   * credential and sent along as a Basic header, and hides the real host from a reader
   * (`https://auth.atlassian.com@evil.example/`); a fragment is never sent, so it can only mislead.
   */
  endpointProblem(field: string, url: string): FieldError | undefined {
    const authority = /^[a-z][a-z0-9+.-]*:[\\/]*([^\\/?#]*)/i.exec(url)?.[1] ?? '';
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      // not a URL at all: refused below as not on an allowed host
    }
    if (authority.includes('@') || parsed?.username || parsed?.password) {
      return {
        field,
        rule: 'noUserInfo',
        message: `${field} must not contain a user name or password (user:password@); the hub sends the credential's own secrets`,
      };
    }
    if (url.includes('#')) {
      return { field, rule: 'noFragment', message: `${field} must not contain a fragment (#…)` };
    }
    if (!parsed || !this.allows(parsed)) {
      return {
        field,
        rule: 'allowedHost',
        message: `${field} must be on an allowed host (${this.describe()}); add its host to HUB_ALLOWED_HOSTS if it is an Atlassian host you trust`,
      };
    }
    return undefined;
  }

  /**
   * The allow-list as CSP source expressions: ATLASSIAN_AUTH_URL's origin as it is, and each
   * HUB_ALLOWED_HOSTS entry over https (with its port when it names one).
   */
  cspSources(): string[] {
    return this.formTargets;
  }

  describe(): string {
    return this.names.join(', ');
  }
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}
