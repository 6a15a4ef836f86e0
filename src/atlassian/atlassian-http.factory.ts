import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import axios, {
  Axios,
  AxiosHeaders,
  AxiosInstance,
  AxiosRequestConfig,
  AxiosResponse,
  AxiosResponseTransformer,
  InternalAxiosRequestConfig,
  isAxiosError,
} from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HubError, HubErrorCode } from '../common/hub-error';
import { AllowedHosts } from './allowed-hosts';
import { isRefusedToken } from './gateway-auth';
import type { HttpClient } from './http';
import { SecretMasker } from './secret-masker';

export const HUB_USER_AGENT = 'IntegrationHub/0.1 (+https://github.com/integration-hub)';

export interface AtlassianClientOptions {
  baseURL: string;
  /** The complete Authorization header value: `Basic …` or `Bearer …`; or an authorizer. */
  authorization: string | RequestAuthorizer;
  timeoutMs: number;
}

/** An Authorization header and the version of the token it carries. */
export interface AuthorizationGrant {
  header: string;
  version: number;
}

/**
 * Supplies the Authorization of every request when it is sent, so a client built once stays valid
 * across token refreshes (OAuth). After Atlassian refuses the token (a 401, or a gateway 403/404
 * that says the token expired: `isRefusedToken`) it is asked once for a newer grant: the request
 * is then repeated once with it, or the refusal stands when there is none.
 */
export interface RequestAuthorizer {
  authorization(): Promise<AuthorizationGrant>;
  afterUnauthorized(rejected: AuthorizationGrant): Promise<AuthorizationGrant | undefined>;
}

type AuthorizedRequestConfig = InternalAxiosRequestConfig & {
  hubGrant?: AuthorizationGrant;
  hubRetried?: boolean;
};

/**
 * The one place that builds HTTP clients which carry Atlassian credentials. Every request is
 * checked against the allow-list, and no redirect is followed. Everything that comes back (body, status text, headers) has the secrets
 * of its own request masked by value before any caller sees it (SecretMasker).
 */
@Injectable()
export class AtlassianHttpFactory implements OnApplicationShutdown {
  // One pool of kept-alive sockets per hub for every client, however many aliases are cached.
  private readonly httpAgent = new HttpAgent({ keepAlive: true, scheduling: 'lifo' });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, scheduling: 'lifo' });

  constructor(private readonly allowedHosts: AllowedHosts) {}

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /**
   * axios's defaults merged with the hub's once: clients share them rather than each holding a
   * deep copy (what axios.create makes), which keeps a cached client near 2 kB and its build cheap
   * when thousands of aliases are in use.
   */
  private readonly clientDefaults: AxiosRequestConfig = axios.mergeConfig(
    axios.defaults as AxiosRequestConfig,
    {
      proxy: false,
      // No redirect is followed: a 3xx comes back as an error, so credentials go to the URL that
      // was checked and nowhere else, and axios sends through Node's client directly instead of
      // follow-redirects (which wraps every request and costs CPU on each one).
      maxRedirects: 0,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
    },
  );

  createClient({ baseURL, authorization, timeoutMs }: AtlassianClientOptions): HttpClient {
    this.assertAllowed(baseURL);
    const maskerFor = maskerCache(secretsSentWith);
    const client = new Axios({
      ...this.clientDefaults,
      baseURL: baseURL.endsWith('/') ? baseURL : `${baseURL}/`,
      timeout: timeoutMs,
      headers: {
        ...(this.clientDefaults.headers as Record<string, unknown>),
        ...(typeof authorization === 'string' ? { Authorization: authorization } : {}),
        'User-Agent': HUB_USER_AGENT,
        Accept: 'application/json',
      },
    });
    maskAnswers(client, maskerFor);
    // Request interceptors run last-registered first: the host is checked before a token is fetched.
    if (typeof authorization !== 'string') authorizeEachRequest(client, authorization);
    const checkedBase = client.defaults.baseURL;
    client.interceptors.request.use((request) => {
      // A relative URL is appended to the base URL checked above and cannot leave its host;
      // anything else (an absolute URL, another base) is checked before it is sent.
      if (request.baseURL !== checkedBase || !isRelativeUrl(request.url)) {
        this.assertAllowed(client.getUri(request));
      }
      return request;
    });
    return client;
  }

  /**
   * A client for an OAuth token endpoint: no Authorization header, no redirects, no proxy. Bodies
   * come back as text; an error answer has the secrets of the form it answers masked (client
   * secret, refresh token, code, PKCE verifier). A success answer is left as it is: it carries the
   * new tokens, which the hub stores encrypted and never shows, and a server that does not rotate
   * sends the same refresh token back.
   */
  createTokenEndpointClient(tokenUrl: string, timeoutMs: number): AxiosInstance {
    this.assertAllowed(tokenUrl);
    const maskerFor = maskerCache(secretsOfTokenRequest);
    const client = axios.create({
      timeout: timeoutMs,
      proxy: false,
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      headers: { 'User-Agent': HUB_USER_AGENT, Accept: 'application/json' },
    });
    maskAnswers(client, maskerFor, { errorsOnly: true });
    return client;
  }

  assertAllowed(url: string): void {
    let host = url;
    try {
      host = new URL(url).host;
    } catch {
      // reported below with the raw value
    }
    if (!this.allowedHosts.allows(url)) throw this.notAllowed(host);
  }

  private notAllowed(host: string): HubError {
    return new HubError(
      HubErrorCode.HostNotAllowed,
      `The hub does not send credentials to ${host}: it is not on the allow-list (${this.allowedHosts.describe()}); add it to HUB_ALLOWED_HOSTS if it is an Atlassian host you trust`,
    );
  }
}

type SecretsOf = (request: InternalAxiosRequestConfig) => string[];

/** The credential a request carried: its Authorization header (per request, for OAuth). */
const secretsSentWith: SecretsOf = (request) =>
  SecretMasker.secretsOfAuthorization(authorizationOf(request));

/** A token request's secrets: those of its form, and of an Authorization header if it has one. */
const secretsOfTokenRequest: SecretsOf = (request) => [
  ...(typeof request.data === 'string' ? SecretMasker.secretsOfForm(request.data) : []),
  ...secretsSentWith(request),
];

function authorizationOf(request: InternalAxiosRequestConfig): string | undefined {
  const value = AxiosHeaders.from(request.headers).get('authorization');
  return typeof value === 'string' ? value : undefined;
}

// The masker of the last credential seen, per client: Basic and bearer clients have one for
// their whole life, OAuth clients one per access token. Building one costs a few milliseconds.
type MaskerFor = (request: InternalAxiosRequestConfig) => SecretMasker;

function maskerCache(secretsOf: SecretsOf): MaskerFor {
  let last: { key: string; masker: SecretMasker } | undefined;
  return (request) => {
    const secrets = secretsOf(request);
    const key = secrets.join('\u0000');
    if (last?.key !== key) last = { key, masker: new SecretMasker(secrets) };
    return last.masker;
  };
}

/**
 * Masks what comes back before anyone sees it: the raw text of the body (success or error, before
 * JSON is parsed, so the secrets are found in every escaped form the text holds them in), the
 * status text and the headers. The body's transformer is put first on every request, also one
 * that brings its own transformers, so nothing later can skip it.
 */
function maskAnswers(client: Axios, maskerFor: MaskerFor, { errorsOnly = false } = {}): void {
  const maskText: AxiosResponseTransformer = function (
    this: InternalAxiosRequestConfig,
    data: unknown,
    _headers,
    status?: number,
  ) {
    if (typeof data !== 'string' || !data) return data;
    if (errorsOnly && status !== undefined && status >= 200 && status < 300) return data;
    return maskerFor(this).mask(data);
  };
  client.interceptors.request.use((request) => {
    const own = request.transformResponse ?? [];
    const transforms = Array.isArray(own) ? own : [own];
    if (transforms[0] !== maskText) request.transformResponse = [maskText, ...transforms];
    return request;
  });
  const maskMeta = (response: AxiosResponse) => {
    const masker = maskerFor(response.config);
    if (!masker.masksAnything) return response;
    if (typeof response.statusText === 'string') {
      response.statusText = masker.mask(response.statusText);
    }
    const headers = response.headers as Record<string, unknown>;
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string') headers[name] = masker.mask(value);
      else if (Array.isArray(value)) {
        headers[name] = value.map((item: unknown) =>
          typeof item === 'string' ? masker.mask(item) : item,
        );
      }
    }
    return response;
  };
  client.interceptors.response.use(maskMeta, (error: unknown) => {
    if (isAxiosError(error) && error.response) maskMeta(error.response);
    throw error;
  });
}

function authorizeEachRequest(client: Axios, authorizer: RequestAuthorizer): void {
  client.interceptors.request.use(async (request: AuthorizedRequestConfig) => {
    request.hubGrant ??= await authorizer.authorization();
    request.headers.set('Authorization', request.hubGrant.header);
    return request;
  });
  // A refused token believed valid: one newer grant, one repeat; never a loop.
  const repeatOnce = async (
    config: AuthorizedRequestConfig | undefined,
  ): Promise<AxiosResponse | undefined> => {
    if (!config?.hubGrant || config.hubRetried) return undefined;
    const fresh = await authorizer.afterUnauthorized(config.hubGrant);
    if (!fresh) return undefined;
    const repeat: AxiosRequestConfig & { hubGrant: AuthorizationGrant; hubRetried: boolean } = {
      ...config,
      hubGrant: fresh,
      hubRetried: true,
    };
    return client.request(repeat);
  };
  client.interceptors.response.use(
    async (response) =>
      isRefusedToken(response) ? ((await repeatOnce(response.config)) ?? response) : response,
    async (error: unknown) => {
      if (isAxiosError(error) && error.response && isRefusedToken(error.response)) {
        const repeated = await repeatOnce(error.config);
        if (repeated) return repeated;
      }
      throw error;
    },
  );
}

/** axios treats `scheme://…` and `//…` as absolute and ignores the base URL for them. */
function isRelativeUrl(url: string | undefined): boolean {
  return url !== undefined && !/^([a-z][a-z\d+\-.]*:)?\/\//i.test(url);
}
