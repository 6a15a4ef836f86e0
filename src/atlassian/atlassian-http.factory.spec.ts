import { AxiosAdapter, AxiosError, InternalAxiosRequestConfig, isAxiosError } from 'axios';
import { REDACTED } from '../logging/redact';
import { loadHubConfig } from '../config/hub-config';
import { AllowedHosts } from './allowed-hosts';
import { AtlassianHttpFactory } from './atlassian-http.factory';

describe(AtlassianHttpFactory.name, () => {
  const sut = new AtlassianHttpFactory(
    new AllowedHosts(loadHubConfig({ HUB_ALLOWED_HOSTS: 'mirror.atlassian.com' })),
  );
  const client = sut.createClient({
    baseURL: 'https://api.atlassian.com/ex/jira/0f8b2c3d-1a2b-4c5d-8e9f-0a1b2c3d4e5f',
    authorization: 'Bearer secret-token',
    timeoutMs: 5000,
  });
  it('refuses to build a client for a host off the allow-list', () => {
    expect(() =>
      sut.createClient({ baseURL: 'https://evil.example.com', authorization: 'x', timeoutMs: 1 }),
    ).toThrow(/not on the allow-list/);
  });

  it('follows no redirect and shares one keep-alive agent between its clients', () => {
    const other = sut.createClient({
      baseURL: 'https://mirror.atlassian.com/ex/jira/1',
      authorization: 'Bearer other-token',
      timeoutMs: 5000,
    });

    expect(client.defaults.maxRedirects).toBe(0);
    expect(client.defaults.httpsAgent).toBeDefined();
    expect(other.defaults.httpsAgent).toBe(client.defaults.httpsAgent);
    expect((client.defaults.httpsAgent as { keepAlive: boolean }).keepAlive).toBe(true);
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

  describe('answers', () => {
    const TOKEN = 'api/token"with+odd=chars-0123456789';
    const basic = `Basic ${Buffer.from(`me@example.com:${TOKEN}`).toString('base64')}`;
    // Stands in for Atlassian: echoes the Authorization header it got, in the status asked for.
    const echoing =
      (status: number, body: (authorization: string) => string): AxiosAdapter =>
      (config) => {
        const authorization = String(config.headers.get('Authorization'));
        const response = {
          data: body(authorization),
          status,
          statusText: `Refused ${authorization}`,
          headers: { 'www-authenticate': `Basic realm="${authorization}"` },
          config,
        };
        return status < 400
          ? Promise.resolve(response)
          : Promise.reject(new AxiosError('refused', 'ERR_BAD_REQUEST', config, null, response));
      };
    const basicClient = sut.createClient({
      baseURL: 'https://api.atlassian.com/ex/jira/0f8b2c3d-1a2b-4c5d-8e9f-0a1b2c3d4e5f',
      authorization: basic,
      timeoutMs: 5000,
    });

    it('masks the credential of the request in a JSON body, its status text and headers', async () => {
      const adapter = echoing(200, (authorization) =>
        JSON.stringify({ echo: authorization, token: TOKEN.replace(/\//g, '\\/') }),
      );

      const response = await basicClient.get('rest/api/3/myself', { adapter });

      expect(response.data).toEqual({ echo: `Basic ${REDACTED}`, token: REDACTED });
      expect(response.statusText).toBe(`Refused Basic ${REDACTED}`);
      expect(response.headers['www-authenticate']).toBe(`Basic realm="Basic ${REDACTED}"`);
    });

    it('masks the body first also for a request that brings its own transformers', async () => {
      const adapter = echoing(200, (authorization) => `raw ${authorization}`);

      const response = await basicClient.get<string>('rest/api/3/myself', {
        adapter,
        transformResponse: (data: string) => data.toUpperCase(),
      });

      expect(response.data).toBe(`RAW BASIC ${REDACTED.toUpperCase()}`);
    });

    it('masks an error answer before the caller catches it', async () => {
      const adapter = echoing(401, () => `token ${encodeURIComponent(TOKEN)} refused`);

      const error = await basicClient
        .get('rest/api/3/myself', { adapter })
        .catch((e: unknown) => e);

      expect(isAxiosError(error)).toBe(true);
      expect((error as AxiosError).response?.data).toBe(`token ${REDACTED} refused`);
    });

    it("masks each request's own token for a client whose token changes (OAuth)", async () => {
      let current = 'first-access-token-0001';
      const oauthClient = sut.createClient({
        baseURL: 'https://api.atlassian.com/ex/jira/0f8b2c3d-1a2b-4c5d-8e9f-0a1b2c3d4e5f',
        authorization: {
          authorization: () => Promise.resolve({ header: `Bearer ${current}`, version: 1 }),
          afterUnauthorized: () => Promise.resolve(undefined),
        },
        timeoutMs: 5000,
      });
      const adapter = echoing(200, (authorization) => JSON.stringify({ echo: authorization }));

      const first = await oauthClient.get('rest/api/3/myself', { adapter });
      current = 'second-access-token-0002';
      const second = await oauthClient.get('rest/api/3/myself', { adapter });

      expect([first.data, second.data]).toEqual([
        { echo: `Bearer ${REDACTED}` },
        { echo: `Bearer ${REDACTED}` },
      ]);
    });

    describe('of a token endpoint', () => {
      const tokenClient = sut.createTokenEndpointClient(
        'https://auth.atlassian.com/oauth/token',
        1,
      );
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'client-id',
        client_secret: 'the-client-secret',
        refresh_token: 'the-refresh-token',
      }).toString();
      const answering =
        (status: number): AxiosAdapter =>
        (config) =>
          Promise.resolve({
            data: JSON.stringify({
              error: 'invalid_grant',
              error_description: String(config.data),
            }),
            status,
            statusText: '',
            headers: {},
            config,
          });

      it('masks the secrets of the form in an error answer, as text', async () => {
        const response = await tokenClient.post<string>(
          'https://auth.atlassian.com/oauth/token',
          form,
          {
            adapter: answering(400),
          },
        );

        expect(JSON.parse(response.data)).toEqual({
          error: 'invalid_grant',
          error_description: `grant_type=refresh_token&client_id=client-id&client_secret=${REDACTED}&refresh_token=${REDACTED}`,
        });
      });

      it('leaves a success answer as it is: it carries the tokens to store', async () => {
        const response = await tokenClient.post<string>(
          'https://auth.atlassian.com/oauth/token',
          form,
          {
            adapter: answering(200),
          },
        );

        expect(response.data).toContain('the-refresh-token');
      });
    });
  });
});
