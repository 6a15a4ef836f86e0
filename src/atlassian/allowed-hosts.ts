import { Injectable } from '@nestjs/common';
import { HubConfig } from '../config/hub-config';

/** The only hosts the hub ever sends a credential to: ATLASSIAN_API_URL's host plus HUB_ALLOWED_HOSTS. */
@Injectable()
export class AllowedHosts {
  private readonly entries: string[];

  constructor(config: HubConfig) {
    this.entries = [new URL(config.atlassianApiUrl).host.toLowerCase(), ...config.allowedHosts];
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
    const host = parsed.host.toLowerCase();
    const hostname = parsed.hostname.toLowerCase();
    return this.entries.some((entry) => entry === host || entry === hostname);
  }

  describe(): string {
    return this.entries.join(', ');
  }
}
