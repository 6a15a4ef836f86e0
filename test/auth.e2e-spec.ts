import { DataSource } from 'typeorm';
import { runHubCli } from '../src/cli/hub-cli';
import { ApiTokensService } from '../src/identity/api-tokens.service';
import { Role } from '../src/identity/role';
import { Api } from './factories/records';
import { cookieOf, createAndSignIn, hiddenCsrfOf, postSignIn } from './support/console-session';
import { startTestHub, TestHub } from './support/test-hub';

describe('Hub identities and roles', () => {
  let hub: TestHub;
  let admin: Api;
  let designerToken: string;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = new Api(hub.http, hub.adminToken);
    designerToken = await hub.tokenFor('designer');
  });
  afterAll(() => hub.close());

  const id = '00000000-0000-4000-8000-000000000000';
  const everyApiRoute: Array<[string, string]> = [
    ['get', '/api/tokens'],
    ['post', '/api/tokens'],
    ['delete', `/api/tokens/${id}`],
    ['get', '/api/credentials'],
    ['post', '/api/credentials'],
    ['get', `/api/credentials/${id}`],
    ['patch', `/api/credentials/${id}`],
    ['delete', `/api/credentials/${id}`],
    ['get', '/api/connections'],
    ['post', '/api/connections'],
    ['post', '/api/connections/discover'],
    ['get', `/api/connections/${id}`],
    ['patch', `/api/connections/${id}`],
    ['delete', `/api/connections/${id}`],
    ['post', `/api/connections/${id}/test`],
    ['get', '/api/aliases'],
    ['post', '/api/aliases'],
    ['get', `/api/aliases/${id}`],
    ['patch', `/api/aliases/${id}`],
    ['delete', `/api/aliases/${id}`],
    ['post', `/api/aliases/${id}/connections`],
    ['get', '/api/users'],
    ['post', '/api/users'],
    ['get', `/api/users/${id}`],
    ['patch', `/api/users/${id}`],
    ['delete', `/api/users/${id}`],
    ['get', '/api/docs'],
    ['get', '/api/docs-json'],
    ['get', '/api/docs-yaml'],
    // Express routes ignore case: the API description must not be one capital letter away.
    ['get', '/API/docs-json'],
    ['get', '/Api/Docs'],
    ['get', '/api/DOCS-YAML'],
  ];

  it.each(everyApiRoute)(
    '%s %s answers 401 without a token and with a wrong one',
    async (method, path) => {
      const call = (token?: string) => {
        const pending = (
          hub.http as unknown as Record<string, (p: string) => import('supertest').Test>
        )[method](path);
        return token ? pending.set('Authorization', `Bearer ${token}`) : pending;
      };
      const missing = await call();
      expect(missing.status).toBe(401);
      expect(missing.body.message).toMatch(/API token is required/);
      const wrong = await call('ihub_not-a-real-token-at-all-000000000000');
      expect(wrong.status).toBe(401);
    },
  );

  it('answers the health check without a token, with the database status', async () => {
    const response = await hub.http.get('/api/health').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      database: { type: hub.config.database.type, status: 'up' },
    });
  });

  it('accepts HUB_ADMIN_TOKEN as an admin token', async () => {
    await admin.get('/api/tokens').expect(200);
  });

  it('creates a token that is shown once, listed without the token, and works until revoked', async () => {
    const created = await admin.post('/api/tokens', { name: 'ci', role: 'admin' }).expect(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        name: 'ci',
        role: 'admin',
        token: expect.stringMatching(/^ihub_/),
      }),
    );
    const token = created.body.token as string;

    const listed = await admin.get('/api/tokens').expect(200);
    const entry = listed.body.find((item: { id: string }) => item.id === created.body.id);
    expect(entry).toEqual(expect.objectContaining({ name: 'ci', role: 'admin' }));
    expect(entry.token).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(token);

    await new Api(hub.http, token).get('/api/tokens').expect(200);
    await admin.delete(`/api/tokens/${created.body.id}`).expect(204);
    await new Api(hub.http, token).get('/api/tokens').expect(401);
    await admin.delete(`/api/tokens/${created.body.id}`).expect(404);
  });

  it('refuses a token with an unknown role or unknown fields, naming the field', async () => {
    const response = await admin
      .post('/api/tokens', { name: 'x', role: 'root', extra: 1 })
      .expect(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['role', 'extra']));
    expect(response.body.errors.find((e: { field: string }) => e.field === 'extra').rule).toBe(
      'unknownField',
    );
  });

  it('lets designers read configuration but change nothing (403)', async () => {
    const designer = new Api(hub.http, designerToken);
    await designer.get('/api/aliases').expect(200);
    await designer.get('/api/connections').expect(200);
    await designer.get('/api/credentials').expect(200);
    await designer.get('/api/docs-json').expect(200);

    const forbidden = await designer
      .post('/api/aliases', { name: 'Nope', spoke: 'jira' })
      .expect(403);
    expect(forbidden.body.message).toMatch(/admin role/);
    await designer.post('/api/credentials', { name: 'x', token: 'y' }).expect(403);
    await designer.post('/api/connections', {}).expect(403);
    await designer.post('/api/connections/discover', { site: 'a.atlassian.net' }).expect(403);
    await designer.get('/api/tokens').expect(403);
    await designer.post('/api/tokens', { name: 'escalate', role: 'admin' }).expect(403);
  });

  it('serves an OpenAPI description generated from the DTOs, with examples', async () => {
    const response = await admin.get('/api/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/credentials',
        '/api/connections/{id}/test',
        '/api/aliases',
        '/api/tokens',
      ]),
    );
    const schema = response.body.components.schemas.CreateConnectionDto;
    // The URL may wait for Save and Get OAuth Token on OAuth connections, so it is optional here.
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'credentialId', 'aliasId']));
    expect(schema.required).not.toContain('url');
    expect(schema.properties.url.example).toMatch(/\/ex\/jira\//);
  });

  it('never writes a token or authorization header into its logs', async () => {
    await admin.get('/api/credentials').expect(200);
    const logs = hub.logLines.join('\n');
    expect(logs).toContain('"path":"/api/credentials"');
    expect(logs).not.toContain(hub.adminToken);
    expect(logs).not.toContain(designerToken);
  });
});

describe('First start without HUB_ADMIN_TOKEN', () => {
  it('creates user admin once, with a random password printed in a block of its own', async () => {
    const hub = await startTestHub({ env: { HUB_ADMIN_TOKEN: undefined } });
    try {
      const entries = hub.logLines
        .map((line) => JSON.parse(line) as { level: string; msg?: string })
        .filter((entry) => entry.msg?.includes('Created the first hub user'));
      expect(entries).toHaveLength(1);
      const [{ level, msg }] = entries;
      expect(level).toBe('warn');
      // Framed lines of their own: a rule of '=' above and below the user name and password.
      const lines = msg!.split('\n');
      expect(lines.filter((line) => /^=+$/.test(line))).toHaveLength(2);
      expect(lines).toContainEqual(expect.stringMatching(/^\s+user name:\s+admin$/));
      expect(lines).toContainEqual(expect.stringMatching(/^\s+password:\s+[A-Za-z0-9_-]{20,}$/));
      // The API still refuses every call without a token.
      await hub.http.get('/api/aliases').expect(401);
    } finally {
      await hub.close({ keepDatabase: true });
    }
    // Whoever runs the hub gets in with a token made on the command line.
    const output: string[] = [];
    const env = { ...hub.database.env, HUB_ENCRYPTION_KEY: hub.config.encryptionKey };
    expect(
      await runHubCli(['create-token', 'ops', 'admin'], env, (text) => output.push(text)),
    ).toBe(0);
    const token = /^(ihub_\S+)$/m.exec(output.join(''))?.[1];
    expect(token).toBeDefined();

    const second = await startTestHub({
      env: { HUB_ADMIN_TOKEN: undefined },
      database: hub.database,
    });
    try {
      expect(second.logLines.join('\n')).not.toContain('Created the first hub user');
      const listed = await new Api(second.http, token!).get('/api/tokens').expect(200);
      expect(listed.body).toEqual([
        expect.objectContaining({ name: 'ops', role: 'admin', createdBy: 'hub CLI' }),
      ]);
    } finally {
      await second.close();
      await hub.database.drop();
    }
  });

  it('sends the first admin to choose a new password at the first sign-in, and only that user', async () => {
    const hub = await startTestHub({ env: { HUB_ADMIN_TOKEN: undefined } });
    try {
      const block = hub.logLines.find((line) => line.includes('Created the first hub user'))!;
      const password = /password:\s+([A-Za-z0-9_-]{20,})/.exec(block)![1];

      const signedIn = await postSignIn(hub.http, 'admin', password);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.location).toBe('/');
      const cookie = `hub_session=${cookieOf(signedIn.headers['set-cookie'], 'hub_session')}`;
      for (const page of ['/', '/aliases', '/executions', '/users']) {
        const redirect = await hub.http.get(page).set('Cookie', cookie).expect(303);
        expect(redirect.headers.location).toBe('/account/password');
      }
      const form = await hub.http.get('/account/password').set('Cookie', cookie).expect(200);
      expect(form.text).toContain('Choose your password');
      const csrf = hiddenCsrfOf(form.text);
      // A form of another page is not carried out either, and a forged one is still refused.
      const posted = await hub.http
        .post('/tokens')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, name: 'sneaky', role: 'admin' })
        .expect(303);
      expect(posted.headers.location).toBe('/account/password');
      await hub.http
        .post('/tokens')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: 'forged', name: 'sneaky', role: 'admin' })
        .expect(403);
      const refused = await hub.http
        .post('/account/password')
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: csrf,
          currentPassword: 'not-the-password',
          newPassword: 'a new password 123',
        })
        .expect(400);
      expect(refused.text).toContain('Current password is not your password');
      await hub.http.get('/').set('Cookie', cookie).expect(303);

      const changed = await hub.http
        .post('/account/password')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, currentPassword: password, newPassword: 'a new password 123' })
        .expect(303);
      expect(changed.headers.location).toBe('/account?notice=password-changed');
      await hub.http.get('/').set('Cookie', cookie).expect(200);
      await hub.http.get('/users').set('Cookie', cookie).expect(200);

      // A user whose password an admin set through the API is not sent to change it.
      const token = await hub.app
        .get(ApiTokensService)
        .createToken(
          { name: 'ops', role: Role.Admin },
          { kind: 'admin-token', id: 'test', name: 'test', role: Role.Admin },
        );
      const other = await createAndSignIn(hub.http, token.token, {
        username: 'dee',
        password: 'designer password 1',
        role: 'designer',
      });
      await hub.http.get('/').set('Cookie', other.cookie).expect(200);
    } finally {
      await hub.close();
    }
  });
});

describe('Health check', () => {
  it('answers 503 with the database status when the database is gone', async () => {
    const hub = await startTestHub();
    try {
      await hub.app.get(DataSource).destroy();
      const response = await hub.http.get('/api/health').expect(503);
      expect(response.body).toEqual(
        expect.objectContaining({
          status: 'error',
          database: { type: hub.config.database.type, status: 'down' },
        }),
      );
    } finally {
      await hub.close().catch(() => hub.database.drop());
    }
  });
});
