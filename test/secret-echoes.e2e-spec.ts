import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConnectionGrantEntity } from '../src/oauth/connection-grant.entity';
import { OAuthGrantEntity } from '../src/oauth/oauth-grant.entity';
import { ECHO_FORMS, EchoForm } from './fake-atlassian/fake-atlassian.server';
import { Api, connectedAlias } from './factories/records';
import { signInConsole } from './support/console-session';
import {
  consent,
  decideConsent,
  oauthConnection,
  OAuthWorld,
  PUBLIC_URL,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';
import { TestHub } from './support/test-hub';

const REDACTED = '[redacted]';
const EMAIL = 'echo.bot@example.com';
// Characters JSON, URLs and HTML escape, so an echo splits the secret into escaped pieces.
const oddSecret = (prefix: string) =>
  `${prefix}/${randomBytes(12).toString('hex')}"mid+${randomBytes(12).toString('base64url')}=\\end`;

/**
 * Every form of `secret` an echo could carry, and long pieces of each: none of them may be found
 * in what the hub shows, however the upstream encoded it.
 */
function formsOf(secret: string, ...wrappers: string[]): string[] {
  const forms = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    ...[secret, ...wrappers].map((text) => Buffer.from(text).toString('base64')),
  ];
  // Pieces away from the edges, where no neighbouring character changes the encoding.
  return [...forms, ...forms.map((form) => form.slice(6, 22))];
}

function leaksIn(text: string, forms: string[]): string[] {
  return forms.filter((form) => text.includes(form));
}

/**
 * Atlassian (or a proxy in front of it, or a token endpoint) echoing the credential it received in
 * an error: the hub masks those exact values, in every encoding, before they reach an answer, the
 * execution history, a stored message, a page or a log line (on both databases).
 */
describe('Secrets echoed back by the upstream are masked by value', () => {
  let world: OAuthWorld;
  let hub: TestHub;
  let admin: Api;
  let designer: Api;
  let designerSession: { cookie: string };

  beforeAll(async () => {
    world = await startOAuthWorld();
    hub = await startOAuthHub(world);
    admin = new Api(hub.http, hub.adminToken);
    designer = new Api(hub.http, await hub.tokenFor('designer'));
    const password = `pw-${randomBytes(12).toString('hex')}`;
    await admin.post('/api/users', { username: 'dee', password, role: 'designer' }).expect(201);
    designerSession = await signInConsole(hub.http, 'dee', password);
  });

  afterEach(() => world.fake.clearFaults());

  afterAll(async () => {
    await hub.close();
    await world.stop();
  });

  const consolePage = (path: string) =>
    hub.http.get(path).set('Cookie', designerSession.cookie).expect(200);

  describe.each([
    { kind: 'basic', secret: oddSecret('ATATT3xFf') },
    { kind: 'bearer', secret: oddSecret('scoped') },
  ])('a $kind credential echoed by Atlassian', ({ kind, secret }) => {
    let aliasName: string;
    let connectionId: string;
    let forms: string[];

    beforeAll(async () => {
      const credential =
        kind === 'basic'
          ? { type: 'basic', username: EMAIL, apiToken: secret }
          : { type: 'bearer', token: secret };
      world.fake.addAccount(
        kind === 'basic' ? { email: EMAIL, apiToken: secret } : { bearer: secret },
        { displayName: 'Echo Bot' },
      );
      ({ aliasName, connectionId } = await connectedAlias(
        admin,
        world.fake.url,
        world.sites.acme.id,
        { parentAlias: 'Jira', credential },
      ));
      forms = formsOf(secret, `${EMAIL}:${secret}`);
    });

    it.each(ECHO_FORMS)(
      'masks the %s echo in the 502 answer, the execution and its console page',
      async (form: EchoForm) => {
        world.fake.injectFaults({ kind: 'echo', status: 401, form, path: /myself$/ });

        const answer = await designer
          .post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} })
          .expect(502);
        const execution = await designer
          .get(`/api/executions/${answer.body.executionId}`)
          .expect(200);
        const page = await consolePage(`/executions/${answer.body.executionId}`);

        // The fake did echo the credential: the hub masked it.
        expect(world.fake.requestsTo('/rest/api/3/myself').at(-1)!.headers.authorization).toMatch(
          kind === 'basic' ? /^Basic / : new RegExp(`^Bearer ${escapeRegExp(secret)}$`),
        );
        for (const [where, text] of [
          ['answer', JSON.stringify(answer.body)],
          ['execution', JSON.stringify(execution.body)],
          ['console page', page.text],
        ]) {
          expect({ form, where, leaks: leaksIn(text, forms) }).toEqual({ form, where, leaks: [] });
        }
        expect(answer.body.error.message).toContain(REDACTED);
        expect(execution.body.error).toEqual(answer.body.error);
      },
    );

    it.each(ECHO_FORMS)(
      'masks the %s echo in the connection test and its stored message',
      async (form: EchoForm) => {
        world.fake.injectFaults({ kind: 'echo', status: 403, form, path: /myself$/ });

        const test = await admin.post(`/api/connections/${connectionId}/test`).expect(200);
        const stored = await designer.get(`/api/connections/${connectionId}`).expect(200);
        const page = await consolePage(`/connections/${connectionId}`);

        expect(test.body).toMatchObject({ ok: false, httpStatus: 403 });
        expect(test.body.message).toContain(REDACTED);
        expect(stored.body.lastTest.message).toBe(test.body.message);
        for (const [where, text] of [
          ['test answer', JSON.stringify(test.body)],
          ['connection', JSON.stringify(stored.body)],
          ['console page', page.text],
        ]) {
          expect({ form, where, leaks: leaksIn(text, forms) }).toEqual({ form, where, leaks: [] });
        }
      },
    );

    it('still signs in and answers normally: masking changes nothing else', async () => {
      const test = await admin.post(`/api/connections/${connectionId}/test`).expect(200);
      expect(test.body).toMatchObject({ ok: true, displayName: 'Echo Bot' });
    });

    it('has logged none of it', () => {
      expect(leaksIn(hub.logLines.join('\n'), forms)).toEqual([]);
    });
  });

  describe('a token endpoint echoing the refresh token and client secret', () => {
    const clientSecret = oddSecret('cs');
    const client = () => world.authServer.addClient(`${PUBLIC_URL}/oauth/callback`, clientSecret);
    const worldWith = (oauthClient: { clientId: string; clientSecret: string }) => ({
      ...world,
      client: oauthClient,
    });
    const grantOf = async (connectionId: string) => {
      const data = hub.app.get(DataSource);
      const link = await data.getRepository(ConnectionGrantEntity).findOneBy({ connectionId });
      return data.getRepository(OAuthGrantEntity).findOneByOrFail({ id: link!.grantId });
    };
    const expireTokenOf = async (connectionId: string) => {
      const grant = await grantOf(connectionId);
      await hub.app
        .get(DataSource)
        .getRepository(OAuthGrantEntity)
        .update({ id: grant.id }, { expiresAt: new Date(Date.now() - 1000) });
    };
    let logLinesBefore: number;
    beforeEach(() => (logLinesBefore = hub.logLines.length));

    it.each(['invalid_grant', 'invalid_client'])(
      'keeps them out of the OAuth last error a designer reads (%s), the answer and the logs',
      async (error) => {
        const oauthWorld = worldWith(client());
        const { connectionId, aliasName } = await oauthConnection(
          admin,
          oauthWorld,
          world.sites.acme.id,
        );
        expect((await consent(hub, admin, oauthWorld, connectionId)).page.status).toBe(200);
        await expireTokenOf(connectionId);
        world.authServer.echoSecretsInNextRefusal(error);

        const run = await designer.post('/api/actions/jira.get_myself/execute', {
          alias: aliasName,
          inputs: {},
        });
        const refresh = world.authServer.refreshRequests().at(-1)!;
        expect(refresh.error).toBe(error);
        const connection = await designer.get(`/api/connections/${connectionId}`).expect(200);
        const page = await consolePage(`/connections/${connectionId}`);
        const execution = run.body.executionId
          ? await designer.get(`/api/executions/${run.body.executionId}`).expect(200)
          : undefined;

        const lastError = connection.body.oauth.lastError as string;
        expect(lastError).toContain(error);
        expect(lastError).toContain(REDACTED);
        const forms = [
          ...formsOf(refresh.refreshToken!),
          ...formsOf(clientSecret, `${oauthWorld.client.clientId}:${clientSecret}`),
        ];
        for (const [where, text] of [
          ['answer', JSON.stringify(run.body)],
          ['connection', JSON.stringify(connection.body)],
          ['execution', JSON.stringify(execution?.body ?? null)],
          ['console page', page.text],
          ['logs', hub.logLines.slice(logLinesBefore).join('\n')],
        ]) {
          expect({ where, leaks: leaksIn(text, forms) }).toEqual({ where, leaks: [] });
        }
      },
    );

    it('keeps them, the code and the verifier off the callback page of the code exchange', async () => {
      const oauthWorld = worldWith(client());
      const { connectionId } = await oauthConnection(admin, oauthWorld, world.sites.acme.id);
      const exchange = async (session?: { cookie: string }) => {
        const started = await admin
          .post(`/api/connections/${connectionId}/oauth/authorize`)
          .expect(200);
        const callbackPath = await decideConsent(new URL(started.body.authorizationUrl), world);
        world.authServer.echoSecretsInNextRefusal('invalid_request');
        const request = hub.http.get(callbackPath);
        const page = await (session ? request.set('Cookie', session.cookie) : request).expect(502);
        return { page, sent: world.authServer.tokenRequests.at(-1)! };
      };

      // Without a console session (plain page) and with one (the console's page).
      for (const { page, sent } of [await exchange(), await exchange(designerSession)]) {
        expect(sent).toMatchObject({ grantType: 'authorization_code', error: 'invalid_request' });
        expect(page.text).toContain('OAuth token not saved');
        expect(page.text).toContain(REDACTED);
        const forms = [
          ...formsOf(clientSecret, `${oauthWorld.client.clientId}:${clientSecret}`),
          ...formsOf(sent.code!),
          ...formsOf(sent.codeVerifier!),
        ];
        expect(leaksIn(page.text, forms)).toEqual([]);
        expect(leaksIn(hub.logLines.slice(logLinesBefore).join('\n'), forms)).toEqual([]);
      }
      const connection = await designer.get(`/api/connections/${connectionId}`).expect(200);
      expect(connection.body.oauth.status).toBe('not_authorized');
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
