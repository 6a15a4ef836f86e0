import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

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
  /** When the request arrived (Date.now()), for tests of when the hub sent it. */
  receivedAt: number;
}

/** What a route handler gets: the parsed request and a way to answer like Atlassian does. */
export interface RouteContext {
  method: string;
  /** Path below the gateway prefix (`/rest/api/3/...`), or the whole path for root routes. */
  path: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
  account: FakeAccount;
  cloudId?: string;
  send(status: number, payload?: unknown, headers?: Record<string, string>): void;
}

export interface FakeRoute {
  method: string;
  pattern: RegExp;
  /** Routes under `/ex/jira/<cloud-id>` (default) or at the root of the API host (admin APIs). */
  root?: boolean;
  handle(context: RouteContext): void;
}

/** One injected fault, consumed by the next matching gateway request. */
export type Fault =
  | {
      kind: 'status';
      status: number;
      retryAfter?: string;
      /** More headers, e.g. `RateLimit-Reason` and `X-RateLimit-Reset` on a 429. */
      headers?: Record<string, string>;
      body?: unknown;
      /** Sent as it is instead of a JSON body: what a proxy in front of Atlassian may answer. */
      raw?: { contentType: string; text: string };
      path?: RegExp;
    }
  | { kind: 'slow'; delayMs: number; path?: RegExp }
  /** Answers as usual once `until` resolves: lets a test change things while a call is open. */
  | { kind: 'hold'; until: Promise<void>; path?: RegExp }
  | { kind: 'drop'; path?: RegExp }
  /** An error answer that echoes the credential the request carried, in the form named. */
  | { kind: 'echo'; status: number; form: EchoForm; path?: RegExp };

/**
 * How an error answer may echo a credential back: a bare token in Atlassian's message fields, in a
 * plain-text or HTML page from something in front of Atlassian, in a field with an innocent name,
 * the base64 Basic value without its scheme, the base64 of the token alone, `Bearer%20…` in a
 * URL, or inside a JSON document held in a string (escaped again, `/` as `\/`).
 */
export const ECHO_FORMS = [
  'message',
  'errorMessages',
  'errorMessage',
  'plainText',
  'html',
  'innocentField',
  'basicValue',
  'base64Token',
  'bearerUrlEncoded',
  'jsonEscaped',
] as const;
export type EchoForm = (typeof ECHO_FORMS)[number];

type Credential = { email: string; apiToken: string } | { bearer: string };

/** The limits Jira names in `RateLimit-Reason`. */
export type RateLimitReasonName =
  | 'jira-burst-based'
  | 'jira-per-issue-on-write'
  | 'jira-quota-global-based'
  | 'jira-quota-tenant-based';

interface RateLimitWindow {
  path?: RegExp;
  method?: string;
  reason?: RateLimitReasonName;
  until: number;
}

/** A site as `/oauth/token/accessible-resources` lists it. */
export interface FakeGrantedSite {
  id: string;
  name: string;
  url: string;
}

/** What an OAuth authorization server says about one of its access tokens. */
export interface FakeOAuthGrant {
  account: FakeAccount;
  sites: FakeGrantedSite[];
  scopes: string[];
}

/**
 * Atlassian on a real socket, speaking the documented wire format: the api.atlassian.com gateway
 * paths `/ex/jira/<cloud-id>/rest/...`, Basic and Bearer auth, Atlassian's error bodies and paging,
 * the public `/_edge/tenant_info` of each site (served here under `/_sites/<site>/`), and
 * injectable faults (429 with Retry-After and the limit's reason, 5xx, slow answers, dropped
 * connections), rate-limit headers on every answer, and gateway-style refusals of unknown tokens.
 */
export class FakeAtlassian {
  readonly requests: RecordedRequest[] = [];
  private readonly cloudIdBySite = new Map<string, string>();
  private readonly cloudIds = new Set<string>();
  private readonly accounts = new Map<string, FakeAccount>();
  private readonly redirects = new Map<string, string>();
  private readonly routes: FakeRoute[] = [];
  private readonly faults: Fault[] = [];
  private readonly rateLimits: RateLimitWindow[] = [];
  private answerHeaders: Record<string, string> = {};
  private tokenRefusal?: { status: number; body: unknown };
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private oauthGrantOf?: (accessToken: string) => FakeOAuthGrant | undefined;

  constructor(routes: FakeRoute[] = []) {
    this.routes.push(...routes, ...this.builtInRoutes());
  }

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
      request.on('end', () => {
        void this.handle(request, Buffer.concat(chunks).toString('utf8'), response);
      });
    });
    // Like Atlassian's gateway, keep idle connections a while. Node's client agent gives up a
    // socket one second before the server's `Keep-Alive: timeout` hint, so a 1 s timeout here would
    // make every request open a new connection.
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
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
    this.accounts.set(credentialKey(credential), full);
    return full;
  }

  /**
   * Accepts the access tokens of an OAuth authorization server (as Atlassian accepts those of its
   * own): `lookup` tells which account, sites and scopes a token stands for, if any.
   */
  acceptOAuthTokens(lookup: (accessToken: string) => FakeOAuthGrant | undefined): void {
    this.oauthGrantOf = lookup;
  }

  /** Routes tried after every other one: answers for whatever no specific route takes. */
  addFallbackRoutes(...routes: FakeRoute[]): void {
    this.routes.push(...routes);
  }

  /** Answers `path` (under a site's gateway prefix) with a 302 to `location`. */
  redirect(path: string, location: string): void {
    this.redirects.set(path, location);
  }

  /** Queues faults; each is used once, by the next request whose path it matches. */
  injectFaults(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /**
   * From now on, answers 429 to every request whose path (and method, if given) matches, for
   * `seconds`, with the seconds left as Retry-After, as Atlassian does. The window closes a little
   * before the seconds it names have passed: a client that waits as told is never refused again.
   * With a `reason`, the answer names it in `RateLimit-Reason` and carries `X-RateLimit-Limit`,
   * `X-RateLimit-Remaining: 0` and `X-RateLimit-Reset`, as Jira's limits by reason do.
   */
  rateLimit(
    seconds: number,
    path?: RegExp,
    options: { reason?: RateLimitReasonName; method?: string } = {},
  ): void {
    this.rateLimits.push({ path, until: Date.now() + seconds * 1000 - 100, ...options });
  }

  /**
   * Headers sent with every answer from now on (until clearFaults): e.g.
   * `{'X-RateLimit-NearLimit': 'true'}` for a budget nearly used up.
   */
  sendWithEveryAnswer(headers: Record<string, string>): void {
    this.answerHeaders = { ...headers };
  }

  /**
   * Answers a bearer token it does not know (expired, revoked, forgotten) with this status and
   * body instead of a 401, as Atlassian's gateway sometimes does (a 403 or 404 that says the
   * token expired). Until clearFaults.
   */
  refuseUnknownTokensWith(status: number, body: unknown): void {
    this.tokenRefusal = { status, body };
  }

  clearFaults(): void {
    this.faults.length = 0;
    this.rateLimits.length = 0;
    this.answerHeaders = {};
    this.tokenRefusal = undefined;
  }

  requestsTo(pathSuffix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.split('?')[0].endsWith(pathSuffix));
  }

  private async handle(
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
  ): Promise<void> {
    const fullPath = request.url ?? '/';
    const method = request.method ?? 'GET';
    this.requests.push({
      method,
      path: fullPath,
      headers: request.headers,
      body,
      receivedAt: Date.now(),
    });
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      if (response.headersSent) return;
      response.writeHead(status, {
        'content-type': 'application/json;charset=UTF-8',
        ...this.answerHeaders,
        ...headers,
      });
      response.end(payload === undefined ? undefined : JSON.stringify(payload));
    };

    const tenant = /^\/_sites\/([^/]+)\/_edge\/tenant_info$/.exec(fullPath);
    if (tenant) {
      const cloudId = this.cloudIdBySite.get(decodeURIComponent(tenant[1]));
      return cloudId ? send(200, { cloudId }) : send(404, { message: 'Site not found' });
    }

    const url = new URL(fullPath, 'http://fake');
    const gateway = /^\/ex\/jira\/([^/]+)(\/.*)$/.exec(url.pathname);
    const cloudId = gateway?.[1];
    const resource = gateway ? gateway[2] : url.pathname;

    const limited = this.rateLimits.find(
      (limit) =>
        limit.until > Date.now() &&
        (!limit.path || limit.path.test(resource)) &&
        (!limit.method || limit.method === method),
    );
    if (limited) {
      const seconds = Math.ceil((limited.until + 100 - Date.now()) / 1000);
      return send(
        429,
        { errorMessages: ['Rate limit exceeded'], errors: {} },
        {
          'Retry-After': String(seconds),
          ...(limited.reason
            ? {
                'RateLimit-Reason': limited.reason,
                'X-RateLimit-Limit': '100',
                'X-RateLimit-Remaining': '0',
                'X-RateLimit-Reset': new Date(limited.until + 100).toISOString(),
              }
            : {}),
        },
      );
    }

    const faultIndex = this.faults.findIndex((fault) => !fault.path || fault.path.test(resource));
    if (faultIndex >= 0) {
      const [fault] = this.faults.splice(faultIndex, 1);
      if (fault.kind === 'drop') return void request.socket.destroy();
      if (fault.kind === 'hold') {
        await fault.until;
        if (request.socket.destroyed) return;
      }
      if (fault.kind === 'slow') {
        // Unref'd: a test that gave up waiting does not keep the process alive until it fires.
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
        if (request.socket.destroyed) return;
      }
      if (fault.kind === 'echo') {
        const echo = echoBody(fault.form, request.headers.authorization ?? '');
        response.writeHead(fault.status, { 'content-type': echo.contentType });
        return void response.end(echo.text);
      }
      if (fault.kind === 'status' && fault.raw) {
        response.writeHead(fault.status, {
          'content-type': fault.raw.contentType,
          ...(fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {}),
        });
        return void response.end(fault.raw.text);
      }
      if (fault.kind === 'status') {
        return send(
          fault.status,
          fault.body ?? { errorMessages: [`Injected ${fault.status}`], errors: {} },
          {
            ...(fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {}),
            ...fault.headers,
          },
        );
      }
    }

    if (gateway && !this.cloudIds.has(cloudId!)) {
      return send(404, { errorMessages: ['Site temporarily unavailable'], errors: {} });
    }
    const redirectTo = gateway ? this.redirects.get(resource) : undefined;
    if (redirectTo) {
      response.writeHead(302, { location: redirectTo });
      return void response.end();
    }
    const authorization = request.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/.exec(authorization)?.[1];
    const grant =
      bearer && !this.accounts.has(authorization) ? this.oauthGrantOf?.(bearer) : undefined;
    const account = this.accounts.get(authorization) ?? grant?.account;
    if (!account && bearer && this.tokenRefusal) {
      return send(this.tokenRefusal.status, this.tokenRefusal.body);
    }
    if (!account) return send(401, { code: 401, message: 'Unauthorized; scope does not match' });
    // An OAuth token reaches only the sites its grant covers.
    if (grant && gateway && !grant.sites.some((site) => site.id === cloudId)) {
      return send(401, { code: 401, message: 'Unauthorized' });
    }
    if (grant && method === 'GET' && url.pathname === '/oauth/token/accessible-resources') {
      return send(
        200,
        grant.sites.map((site) => ({
          ...site,
          scopes: grant.scopes,
          avatarUrl: `${site.url}/avatar.png`,
        })),
      );
    }

    for (const route of this.routes) {
      if (route.method !== method || Boolean(route.root) === Boolean(gateway)) continue;
      const match = route.pattern.exec(resource);
      if (!match) continue;
      let parsed: unknown;
      try {
        parsed = body ? JSON.parse(body) : undefined;
      } catch {
        return send(400, { errorMessages: ['Unexpected character in JSON body'], errors: {} });
      }
      return route.handle({
        method,
        path: resource,
        params: match.slice(1).map(decodeURIComponent),
        query: url.searchParams,
        body: parsed,
        headers: request.headers,
        account,
        cloudId,
        send,
      });
    }
    return send(404, { errorMessages: [`No fake for ${method} ${resource}`], errors: {} });
  }

  private builtInRoutes(): FakeRoute[] {
    return [
      {
        method: 'GET',
        pattern: /^\/rest\/api\/3\/myself$/,
        handle: ({ account, cloudId, send }) => {
          if (
            account.scopes &&
            !account.scopes.some((scope) => ['read:jira-user', 'read:user:jira'].includes(scope))
          ) {
            return send(403, { errorMessages: ['Unauthorized; scope does not match'], errors: {} });
          }
          send(200, {
            self: `${this.url}/ex/jira/${cloudId}/rest/api/3/user?accountId=${account.accountId}`,
            accountId: account.accountId,
            accountType: account.accountType,
            emailAddress: account.emailAddress,
            displayName: account.displayName,
            active: true,
            timeZone: 'Etc/UTC',
            locale: 'en_US',
          });
        },
      },
    ];
  }
}

/** The error answer of an echo fault, for the Authorization header the request carried. */
function echoBody(form: EchoForm, authorization: string): { contentType: string; text: string } {
  const [scheme, value = ''] = authorization.split(/ (.*)/s);
  const decoded = scheme === 'Basic' ? Buffer.from(value, 'base64').toString('utf8') : value;
  const token = scheme === 'Basic' ? decoded.slice(decoded.indexOf(':') + 1) : value;
  const json = (body: unknown) => ({
    contentType: 'application/json;charset=UTF-8',
    text: JSON.stringify(body),
  });
  switch (form) {
    case 'message':
      return json({ code: 401, message: `Token ${token} is not valid for this site` });
    case 'errorMessages':
      return json({ errorMessages: [`The API token ${token} has expired`], errors: {} });
    case 'errorMessage':
      return json({ errorMessage: `Credential ${token} refused`, i18nErrorMessage: null });
    case 'plainText':
      return { contentType: 'text/plain', text: `Proxy refused credential ${token}` };
    case 'html': {
      const escaped = token.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      return { contentType: 'text/html', text: `<p>Refused: &quot;${escaped}&quot;</p>` };
    }
    case 'innocentField':
      return json({ errorMessages: [], errors: { summary: token, customfield_10042: token } });
    case 'basicValue':
      return json({ message: `Header value ${value} not accepted` });
    case 'base64Token':
      return json({ message: `Token fingerprint ${Buffer.from(token).toString('base64')}` });
    case 'bearerUrlEncoded':
      return json({ message: `Sign in at /login?auth=Bearer%20${encodeURIComponent(token)}` });
    case 'jsonEscaped':
      return {
        contentType: 'application/json',
        text: JSON.stringify({ message: JSON.stringify({ received: { credential: token } }) })
          // As PHP and some Java encoders write it.
          .replace(/\//g, '\\/'),
      };
  }
}

function credentialKey(credential: Credential): string {
  return 'bearer' in credential
    ? `Bearer ${credential.bearer}`
    : `Basic ${Buffer.from(`${credential.email}:${credential.apiToken}`).toString('base64')}`;
}
