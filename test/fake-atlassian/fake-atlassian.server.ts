import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeAccount {
  accountId: string;
  displayName: string;
  emailAddress?: string;
  accountType: 'atlassian' | 'app' | 'customer';
  /** Classic and granular scopes the token holds; undefined means "every scope" (a Basic API token). */
  scopes?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Credential = { email: string; apiToken: string } | { bearer: string };

/**
 * Atlassian on a real socket, speaking the documented wire format: the api.atlassian.com gateway
 * paths `/ex/jira/<cloud-id>/rest/...`, Basic and Bearer auth, Atlassian's error bodies, and the
 * public `/_edge/tenant_info` of each site (served here under `/_sites/<site>/`).
 */
export class FakeAtlassian {
  readonly requests: RecordedRequest[] = [];
  private readonly cloudIdBySite = new Map<string, string>();
  private readonly cloudIds = new Set<string>();
  private readonly accounts = new Map<string, FakeAccount>();
  private readonly redirects = new Map<string, string>();
  private server?: Server;

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeAtlassian is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** ATLASSIAN_SITE_DISCOVERY_URL for a hub that should look sites up here. */
  get siteDiscoveryUrl(): string {
    return `${this.url}/_sites/{site}/_edge/tenant_info`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () =>
        this.handle(request, Buffer.concat(chunks).toString('utf8'), response),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  addSite(site: string, cloudId: string = randomUUID()): string {
    this.cloudIdBySite.set(site, cloudId);
    this.cloudIds.add(cloudId);
    return cloudId;
  }

  addAccount(credential: Credential, account: Partial<FakeAccount> = {}): FakeAccount {
    const full: FakeAccount = {
      accountId: account.accountId ?? randomUUID().replace(/-/g, '').slice(0, 24),
      displayName: account.displayName ?? 'Automation Bot',
      accountType: account.accountType ?? 'atlassian',
      ...account,
    };
    this.accounts.set(this.credentialKey(credential), full);
    return full;
  }

  /** Answers `path` (under a site's gateway prefix) with a 302 to `location`. */
  redirect(path: string, location: string): void {
    this.redirects.set(path, location);
  }

  requestsTo(pathSuffix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.split('?')[0].endsWith(pathSuffix));
  }

  private credentialKey(credential: Credential): string {
    return 'bearer' in credential
      ? `Bearer ${credential.bearer}`
      : `Basic ${Buffer.from(`${credential.email}:${credential.apiToken}`).toString('base64')}`;
  }

  private handle(request: IncomingMessage, body: string, response: ServerResponse): void {
    const path = request.url ?? '/';
    this.requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
      response.end(JSON.stringify(payload));
    };

    const tenant = /^\/_sites\/([^/]+)\/_edge\/tenant_info$/.exec(path);
    if (tenant) {
      const cloudId = this.cloudIdBySite.get(decodeURIComponent(tenant[1]));
      return cloudId ? send(200, { cloudId }) : send(404, { message: 'Site not found' });
    }

    const gateway = /^\/ex\/jira\/([^/]+)(\/[^?]*)(\?.*)?$/.exec(path);
    if (!gateway) return send(404, { message: `No route for ${path}` });
    const [, cloudId, resource] = gateway;
    if (!this.cloudIds.has(cloudId)) {
      return send(404, { errorMessages: ['Site temporarily unavailable'], errors: {} });
    }
    const redirectTo = this.redirects.get(resource);
    if (redirectTo) {
      response.writeHead(302, { location: redirectTo });
      return void response.end();
    }
    const account = this.accounts.get(request.headers.authorization ?? '');
    if (!account) {
      return send(401, { code: 401, message: 'Unauthorized; scope does not match' });
    }
    if (request.method === 'GET' && resource === '/rest/api/3/myself') {
      if (
        account.scopes &&
        !account.scopes.some((scope) => ['read:jira-user', 'read:user:jira'].includes(scope))
      ) {
        return send(403, { errorMessages: ['Unauthorized; scope does not match'], errors: {} });
      }
      return send(200, {
        self: `${this.url}/ex/jira/${cloudId}/rest/api/3/user?accountId=${account.accountId}`,
        accountId: account.accountId,
        accountType: account.accountType,
        emailAddress: account.emailAddress,
        displayName: account.displayName,
        active: true,
        timeZone: 'Etc/UTC',
        locale: 'en_US',
      });
    }
    return send(404, { errorMessages: [`No fake for ${request.method} ${resource}`], errors: {} });
  }
}
