import { Injectable } from '@nestjs/common';
import axios, {
  AxiosInstance,
  AxiosRequestConfig,
  AxiosResponse,
  InternalAxiosRequestConfig,
  isAxiosError,
} from 'axios';
import { HubError, HubErrorCode } from '../common/hub-error';
import { AllowedHosts } from './allowed-hosts';

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
 * across token refreshes (OAuth). After a 401 it is asked once for a newer grant: the request is
 * then repeated once with it, or the 401 stands when there is none.
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
 * The one place that builds HTTP clients which carry Atlassian credentials. Every request and every
 * redirect is checked against the allow-list, and a redirect to another host never keeps the
 * Authorization header.
 */
@Injectable()
export class AtlassianHttpFactory {
  constructor(private readonly allowedHosts: AllowedHosts) {}

  createClient({ baseURL, authorization, timeoutMs }: AtlassianClientOptions): AxiosInstance {
    this.assertAllowed(baseURL);
    const origin = new URL(baseURL);
    const client = axios.create({
      baseURL: baseURL.endsWith('/') ? baseURL : `${baseURL}/`,
      timeout: timeoutMs,
      proxy: false,
      maxRedirects: 5,
      headers: {
        ...(typeof authorization === 'string' ? { Authorization: authorization } : {}),
        'User-Agent': HUB_USER_AGENT,
        Accept: 'application/json',
      },
      beforeRedirect: (options: Record<string, unknown>) => {
        const text = (value: unknown) =>
          typeof value === 'string' || typeof value === 'number' ? String(value) : '';
        const port = text(options.port) ? `:${text(options.port)}` : '';
        const target = new URL(
          `${text(options.protocol) || 'https:'}//${text(options.hostname)}${port}`,
        );
        if (origin.protocol === 'https:' && target.protocol !== 'https:') {
          throw new HubError(
            HubErrorCode.HostNotAllowed,
            `Refused a redirect from https to ${target.protocol}//${target.host}: credentials never travel unencrypted`,
          );
        }
        if (!this.allowedHosts.allows(target)) {
          throw this.notAllowed(target.host);
        }
        if (target.host !== origin.host) {
          const headers = (options.headers ?? {}) as Record<string, unknown>;
          for (const name of Object.keys(headers)) {
            if (/^(proxy-)?authorization$|^cookie$/i.test(name)) delete headers[name];
          }
        }
      },
    });
    // Request interceptors run last-registered first: the host is checked before a token is fetched.
    if (typeof authorization !== 'string') authorizeEachRequest(client, authorization);
    client.interceptors.request.use((request) => {
      this.assertAllowed(client.getUri(request));
      return request;
    });
    return client;
  }

  /** A client for an OAuth token endpoint: no Authorization header, no redirects, no proxy. */
  createTokenEndpointClient(tokenUrl: string, timeoutMs: number): AxiosInstance {
    this.assertAllowed(tokenUrl);
    return axios.create({
      timeout: timeoutMs,
      proxy: false,
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      headers: { 'User-Agent': HUB_USER_AGENT, Accept: 'application/json' },
    });
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

function authorizeEachRequest(client: AxiosInstance, authorizer: RequestAuthorizer): void {
  client.interceptors.request.use(async (request: AuthorizedRequestConfig) => {
    request.hubGrant ??= await authorizer.authorization();
    request.headers.set('Authorization', request.hubGrant.header);
    return request;
  });
  // A 401 to a token believed valid: one newer grant, one repeat; never a loop.
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
      response.status === 401 ? ((await repeatOnce(response.config)) ?? response) : response,
    async (error: unknown) => {
      if (isAxiosError(error) && error.response?.status === 401) {
        const repeated = await repeatOnce(error.config);
        if (repeated) return repeated;
      }
      throw error;
    },
  );
}
