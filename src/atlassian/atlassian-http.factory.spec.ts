import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios';
import { loadHubConfig } from '../config/hub-config';
import { AllowedHosts } from './allowed-hosts';
import { AtlassianHttpFactory } from './atlassian-http.factory';

type RedirectHook = (options: Record<string, unknown>) => void;

describe(AtlassianHttpFactory.name, () => {
  const sut = new AtlassianHttpFactory(
    new AllowedHosts(loadHubConfig({ HUB_ALLOWED_HOSTS: 'mirror.atlassian.com' })),
  );
  const client = sut.createClient({
    baseURL: 'https://api.atlassian.com/ex/jira/0f8b2c3d-1a2b-4c5d-8e9f-0a1b2c3d4e5f',
    authorization: 'Bearer secret-token',
    timeoutMs: 5000,
  });
  const beforeRedirect = (client.defaults as unknown as { beforeRedirect: RedirectHook })
    .beforeRedirect;

  it('refuses to build a client for a host off the allow-list', () => {
    expect(() =>
      sut.createClient({ baseURL: 'https://evil.example.com', authorization: 'x', timeoutMs: 1 }),
    ).toThrow(/not on the allow-list/);
  });

  it('refuses a redirect from https to http, even on the same host', () => {
    const options = { protocol: 'http:', hostname: 'api.atlassian.com', headers: {} };

    expect(() => beforeRedirect(options)).toThrow(/never travel unencrypted/);
  });

  it('refuses a redirect to a host off the allow-list', () => {
    expect(() =>
      beforeRedirect({ protocol: 'https:', hostname: 'evil.example.com', headers: {} }),
    ).toThrow(/not on the allow-list/);
  });

  it('drops the Authorization header on a redirect to another allowed host', () => {
    const headers: Record<string, string> = { Authorization: 'Bearer secret-token', Accept: 'x' };

    beforeRedirect({ protocol: 'https:', hostname: 'mirror.atlassian.com', headers });

    expect(headers).toEqual({ Accept: 'x' });
  });

  it('keeps the Authorization header on a redirect within the same host', () => {
    const headers: Record<string, string> = { Authorization: 'Bearer secret-token' };

    beforeRedirect({ protocol: 'https:', hostname: 'api.atlassian.com', headers });

    expect(headers.Authorization).toBe('Bearer secret-token');
  });

  describe('requests', () => {
    const sent: string[] = [];
    // Stands in for the network: records where a request would have gone.
    const adapter: AxiosAdapter = (config: InternalAxiosRequestConfig) => {
      sent.push(client.getUri(config));
      return Promise.resolve({ data: {}, status: 200, statusText: 'OK', headers: {}, config });
    };
    beforeEach(() => (sent.length = 0));

    it('sends relative paths under the connection URL', async () => {
      await client.get('rest/api/3/myself', { adapter });

      expect(sent).toEqual([
        'https://api.atlassian.com/ex/jira/0f8b2c3d-1a2b-4c5d-8e9f-0a1b2c3d4e5f/rest/api/3/myself',
      ]);
    });

    it('sends an absolute URL on an allowed host', async () => {
      await client.get('https://mirror.atlassian.com/admin/v1/orgs', { adapter });

      expect(sent).toEqual(['https://mirror.atlassian.com/admin/v1/orgs']);
    });

    it.each([
      ['an absolute URL', 'https://evil.example.com/steal', {}],
      ['a protocol-relative URL', '//evil.example.com/steal', {}],
      ['another base URL', 'steal', { baseURL: 'https://evil.example.com/' }],
    ])('refuses %s to a host off the allow-list before sending it', async (_, url, config) => {
      await expect(client.get(url, { ...config, adapter })).rejects.toThrow(
        /not on the allow-list/,
      );

      expect(sent).toEqual([]);
    });
  });
});
