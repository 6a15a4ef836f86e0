import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { createFakeAtlassian, FakeAtlassian } from '../fake-atlassian';
import { FakeGrantedSite } from '../fake-atlassian/fake-atlassian.server';
import { Api, connectionUrl, unique } from '../factories/records';
import { ConsentingUser, TestAuthorizationServer } from '../oauth-server/test-authorization-server';
import { startTestHub, TestHub, TestHubOptions } from './test-hub';

/** Where the tests pretend the hub is reachable by browsers; only its path is ever requested. */
export const PUBLIC_URL = 'http://localhost:3999';

/** A fake Atlassian with three sites, a real authorization server, and a hub pointed at both. */
export interface OAuthWorld {
  fake: FakeAtlassian;
  authServer: TestAuthorizationServer;
  client: { clientId: string; clientSecret: string };
  sites: { acme: FakeGrantedSite; beta: FakeGrantedSite; gamma: FakeGrantedSite };
  user: ConsentingUser;
  stop(): Promise<void>;
}

export async function startOAuthWorld(): Promise<OAuthWorld> {
  const fake = await createFakeAtlassian().start();
  const authServer = await new TestAuthorizationServer().start();
  fake.acceptOAuthTokens(authServer.grantOf);
  const site = (name: string): FakeGrantedSite => ({
    id: fake.addSite(`${name}.atlassian.net`),
    name,
    url: `https://${name}.atlassian.net`,
  });
  const sites = { acme: site('acme'), beta: site('beta'), gamma: site('gamma') };
  return {
    fake,
    authServer,
    client: authServer.addClient(`${PUBLIC_URL}/oauth/callback`),
    sites,
    user: {
      account: {
        accountId: randomUUID().replace(/-/g, '').slice(0, 24),
        displayName: 'Automation Admin',
        accountType: 'atlassian',
      },
      sites: [sites.acme],
    },
    stop: async () => {
      await authServer.stop();
      await fake.stop();
    },
  };
}

export function hubEnvFor(world: OAuthWorld): Record<string, string> {
  return {
    ATLASSIAN_API_URL: world.fake.url,
    ATLASSIAN_AUTH_URL: world.authServer.url,
    HUB_PUBLIC_URL: PUBLIC_URL,
  };
}

export function startOAuthHub(world: OAuthWorld, options: TestHubOptions = {}): Promise<TestHub> {
  return startTestHub({ ...options, env: { ...hubEnvFor(world), ...options.env } });
}

/**
 * A child alias of `parentAlias` with one active connection to `cloudId` (null: no URL yet, for
 * Save and Get OAuth Token to fill in) and an OAuth credential.
 */
export async function oauthConnection(
  api: Api,
  world: OAuthWorld,
  cloudId: string | null,
  parentAlias = 'Jira',
): Promise<{ aliasName: string; connectionId: string; credentialId: string }> {
  const parentId = await api.aliasId(parentAlias);
  const aliasName = unique('Site').replace(/-/g, '_');
  const alias = await api.post('/api/aliases', { name: aliasName, parentId }).expect(201);
  const credentialId = await oauthCredential(api, world.client);
  const connection = await api.createConnection({
    ...(cloudId === null ? {} : { url: connectionUrl(world.fake.url, cloudId) }),
    credentialId,
    aliasId: (alias.body as { id: string }).id,
  });
  return { aliasName, connectionId: connection.id as string, credentialId };
}

/** An OAuth 2.0 credential for an app registered at the test authorization server; its id. */
export async function oauthCredential(
  api: Api,
  client: { clientId: string; clientSecret: string },
  name = unique('oauth'),
): Promise<string> {
  const credential = await api
    .post('/api/credentials', { name, type: 'oauth2', ...client })
    .expect(201);
  return (credential.body as { id: string }).id;
}

export interface ConsentResult {
  authorizationUrl: URL;
  /** Path and query of the hub callback Atlassian sent the browser to. */
  callbackPath: string;
  page: Response;
}

export interface ConsentOptions {
  sites?: FakeGrantedSite[];
  decision?: 'allow' | 'deny';
  user?: ConsentingUser;
}

/**
 * Save and Get OAuth Token as a browser would do it, over plain HTTP: start the flow, follow the
 * redirect to the authorization server, submit its consent screen, and bring its answer back.
 */
export async function consent(
  hub: TestHub,
  api: Api,
  world: OAuthWorld,
  connectionId: string,
  options: ConsentOptions & { returnTo?: string } = {},
): Promise<ConsentResult> {
  const started = await api
    .post(`/api/connections/${connectionId}/oauth/authorize`, {
      ...(options.returnTo ? { returnTo: options.returnTo } : {}),
    })
    .expect(200);
  const authorizationUrl = new URL((started.body as { authorizationUrl: string }).authorizationUrl);
  const callbackPath = await decideConsent(authorizationUrl, world, options);
  return { authorizationUrl, callbackPath, page: await hub.http.get(callbackPath) };
}

/**
 * The authorization server's side of a flow, over plain HTTP: open the authorization URL, submit
 * the consent screen, and return the path and query of the hub callback it sends the browser to.
 */
export async function decideConsent(
  authorizationUrl: URL,
  world: OAuthWorld,
  options: ConsentOptions = {},
): Promise<string> {
  const consentScreen = await fetch(authorizationUrl, { redirect: 'manual' });
  if (consentScreen.status !== 302) {
    throw new Error(`authorize: ${consentScreen.status} ${await consentScreen.text()}`);
  }
  const decided = await fetch(new URL(consentScreen.headers.get('location')!, authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      user: JSON.stringify({
        ...(options.user ?? world.user),
        sites: options.sites ?? (options.user ?? world.user).sites,
      }),
      decision: options.decision ?? 'allow',
    }),
  });
  const back = new URL(decided.headers.get('location') ?? '');
  return `${back.pathname}${back.search}`;
}

/** An account for service-account tests: acts on the world's first site. */
export function serviceBot(world: OAuthWorld, displayName = 'Service Bot'): ConsentingUser {
  return {
    account: {
      accountId: randomUUID().replace(/-/g, '').slice(0, 24),
      displayName,
      accountType: 'app',
    },
    sites: [world.sites.acme],
  };
}

/**
 * A service-account credential (`client_credentials`) for `account`, registered at the test
 * authorization server, and a child alias of Jira with a connection using it, its site found by
 * the hub (no URL given unless `url`).
 */
export async function serviceAccountConnection(
  api: Api,
  account: { clientId: string; clientSecret: string },
  url?: string,
): Promise<{ aliasName: string; credentialId: string; connection: Record<string, unknown> }> {
  const credential = await api
    .post('/api/credentials', { name: unique('sa'), type: 'client_credentials', ...account })
    .expect(201);
  const credentialId = (credential.body as { id: string }).id;
  return { credentialId, ...(await serviceAccountAlias(api, credentialId, url)) };
}

/** A child alias of Jira with a connection signed in with the service-account `credentialId`. */
export async function serviceAccountAlias(
  api: Api,
  credentialId: string,
  url?: string,
): Promise<{ aliasName: string; connection: Record<string, unknown> }> {
  const parentId = await api.aliasId('Jira');
  const aliasName = unique('SA').replace(/-/g, '_');
  const alias = await api.post('/api/aliases', { name: aliasName, parentId }).expect(201);
  const connection = await api.createConnection({
    ...(url ? { url } : {}),
    credentialId,
    aliasId: (alias.body as { id: string }).id,
  });
  return { aliasName, connection };
}
