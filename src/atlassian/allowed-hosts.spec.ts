import { loadHubConfig } from '../config/hub-config';
import { AllowedHosts } from './allowed-hosts';

function allowedHostsFor(env: NodeJS.ProcessEnv): AllowedHosts {
  return new AllowedHosts(loadHubConfig({ HUB_DATABASE_PATH: '/tmp/unused/hub.sqlite', ...env }));
}

describe(AllowedHosts.name, () => {
  let sut: AllowedHosts;

  beforeEach(() => {
    sut = allowedHostsFor({ HUB_ALLOWED_HOSTS: 'jira.example.com:8443, Auth.Example.Test' });
  });

  it.each([
    'https://api.atlassian.com/ex/jira/0f8b2c3d-1a2b-4c5d-8e9f-0a1b2c3d4e5f/rest/api/3/myself',
    'https://API.Atlassian.com/',
    'https://api.atlassian.com:443/',
  ])('allows the host of ATLASSIAN_API_URL: %s', (url) => {
    expect(sut.allows(url)).toBe(true);
  });

  it.each([
    ['https://user:secret@auth.atlassian.com/oauth/token', 'noUserInfo'],
    ['https://auth.atlassian.com@evil.example.com/authorize', 'noUserInfo'],
    ['https://@auth.atlassian.com/authorize', 'noUserInfo'],
    ['https://auth.atlassian.com/authorize#x', 'noFragment'],
    ['https://auth.atlassian.com/authorize#', 'noFragment'],
    ['https://evil.example.com/oauth/token', 'allowedHost'],
    ['not a url', 'allowedHost'],
  ])('refuses %s as an OAuth endpoint (%s)', (url, rule) => {
    expect(sut.endpointProblem('tokenUrl', url)).toEqual(
      expect.objectContaining({ field: 'tokenUrl', rule }),
    );
  });

  it('takes an allow-listed endpoint with a path and a query', () => {
    expect(
      sut.endpointProblem('tokenUrl', 'https://auth.atlassian.com/oauth/token'),
    ).toBeUndefined();
    expect(
      sut.endpointProblem('authorizationUrl', 'https://auth.example.test/a?b=c'),
    ).toBeUndefined();
  });

  it('accepts a URL object as well as a string', () => {
    expect(sut.allows(new URL('https://api.atlassian.com/oauth/token'))).toBe(true);
    expect(sut.allows(new URL('https://evil.example.com/'))).toBe(false);
  });

  it('allows an entry with a port on that port only', () => {
    expect(sut.allows('https://jira.example.com:8443/rest')).toBe(true);
    expect(sut.allows('https://jira.example.com/rest')).toBe(false);
    expect(sut.allows('https://jira.example.com:9443/rest')).toBe(false);
  });

  it.each([
    'https://auth.example.test/',
    'https://auth.example.test:8443/x',
    'http://auth.example.test:8080/',
    'https://AUTH.EXAMPLE.TEST/',
  ])('allows an entry without a port on any port: %s', (url) => {
    expect(sut.allows(url)).toBe(true);
  });

  it.each([
    'https://evil.example.com/',
    'https://api.atlassian.com.evil.com/',
    'https://evil.com/api.atlassian.com',
    'https://api.atlassian.com@evil.com/',
    'https://sub.api.atlassian.com/',
    'https://example.com/',
    'https://test/',
    'https://example.atlassian.net/',
  ])('refuses a host that is not on the list: %s', (url) => {
    expect(sut.allows(url)).toBe(false);
  });

  it.each([
    'ftp://api.atlassian.com/',
    'ws://api.atlassian.com/',
    'wss://api.atlassian.com/',
    'file:///etc/passwd',
    'data:text/plain,api.atlassian.com',
    'javascript:alert(1)',
  ])('refuses a protocol other than http and https: %s', (url) => {
    expect(sut.allows(url)).toBe(false);
  });

  it.each(['', 'not a url', 'api.atlassian.com', '//api.atlassian.com/', 'https://'])(
    'refuses a string that is not a URL: %j',
    (url) => {
      expect(sut.allows(url)).toBe(false);
    },
  );

  it('allows only the port of a local ATLASSIAN_API_URL', () => {
    const local = allowedHostsFor({ ATLASSIAN_API_URL: 'http://127.0.0.1:1234' });

    expect(local.allows('http://127.0.0.1:1234/ex/jira/x')).toBe(true);
    expect(local.allows('http://127.0.0.1:1235/')).toBe(false);
    expect(local.allows('https://api.atlassian.com/')).toBe(false);
  });

  it('allows the host and port of ATLASSIAN_AUTH_URL, where the token endpoint is', () => {
    const local = allowedHostsFor({ ATLASSIAN_AUTH_URL: 'http://127.0.0.1:4321' });

    expect(sut.allows('https://auth.atlassian.com/oauth/token')).toBe(true);
    expect(local.allows('http://127.0.0.1:4321/oauth/token')).toBe(true);
    expect(local.allows('http://127.0.0.1:4322/oauth/token')).toBe(false);
    expect(local.allows('https://auth.atlassian.com/oauth/token')).toBe(false);
  });

  it('describes its entries for error messages', () => {
    expect(sut.describe()).toBe(
      'api.atlassian.com, auth.atlassian.com, jira.example.com:8443, auth.example.test',
    );
  });

  it('matches an entry that names the default port of the scheme', () => {
    const withDefaultPort = allowedHostsFor({ HUB_ALLOWED_HOSTS: 'jira.example.com:443' });

    expect(withDefaultPort.allows('https://jira.example.com/')).toBe(true);
    expect(withDefaultPort.allows('https://jira.example.com:443/')).toBe(true);
    expect(withDefaultPort.allows('http://jira.example.com/')).toBe(false);
  });
});
