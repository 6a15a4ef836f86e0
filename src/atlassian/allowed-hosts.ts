import { Injectable } from '@nestjs/common';
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
