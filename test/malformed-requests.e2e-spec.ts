import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { REQUEST_BODY_MAX_DEPTH } from '../src/common/request-body';
import { Api, basicCredentialInput, connectionUrl, unique } from './factories/records';
import { createAndSignIn, ConsoleSession } from './support/console-session';
import { startTestHub, TestHub } from './support/test-hub';

type Schema = Record<string, unknown>;
interface Operation {
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface Field {
  path: string[];
  schema: Schema;
}
interface Answer {
  status: number;
  body: { message?: unknown; errors?: Array<{ field: string; rule: string }> };
  text: string;
}

const ADA = { username: 'ada', password: 'admin password 1', role: 'admin' } as const;
/** Far deeper than the limit, and deep enough to overflow a recursive walk (the old 500). */
const DEEP_LEVELS = 2_000;
const DEEP_JSON = `${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}`;
/**
 * The sweeps send hundreds of requests each; on a busy machine with PostgreSQL that passes jest's
 * 30 s default. This only bounds a hang: no test asserts on time.
 */
const SWEEP_TIMEOUT_MS = 180_000;
/** superagent would send a Buffer with a JSON Content-Type as JSON of its bytes; send the bytes. */
const asSent = (bytes: unknown) => bytes as string;
const TOO_DEEP = `deeper than the hub accepts (${REQUEST_BODY_MAX_DEPTH} levels)`;

/**
 * Every route of the hub's own OpenAPI description, and every form of the console, sent what a
 * careless or hostile client can send: null, the wrong type, a deeply nested body, parameters of
 * the wrong shape, a body that does not decompress. Each is answered with a 4xx (400 naming the
 * field where a field is at fault), never a 500.
 */
describe('Every route, sent malformed requests', () => {
  let hub: TestHub;
  let admin: Api;
  let session: ConsoleSession;
  let document: Document;
  let ids: {
    credential: string;
    oauthCredential: string;
    alias: string;
    connection: string;
    oauthConnection: string;
    user: string;
    token: string;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    admin = new Api(hub.http, hub.adminToken);
    session = await createAndSignIn(hub.http, hub.adminToken, ADA);
    document = (await admin.get('/api/docs-json').expect(200)).body as Document;
    const jiraId = await admin.aliasId('Jira');
    const alias = await admin.post('/api/aliases', { name: unique('Child'), parentId: jiraId });
    const credential = await admin.createCredential();
    const oauth = await admin
      .post('/api/credentials', { name: unique('oauth'), clientId: 'client', clientSecret: 's' })
      .expect(201);
    const connection = await admin.createConnection({
      url: connectionUrl(hub.config.atlassianApiUrl),
      credentialId: credential.id,
      aliasId: alias.body.id,
    });
    const oauthConnection = await admin.createConnection({
      credentialId: oauth.body.id,
      aliasId: alias.body.id,
      active: false,
    });
    const user = await admin
      .post('/api/users', {
        username: unique('dan'),
        password: 'a long password',
        role: 'designer',
      })
      .expect(201);
    const token = await admin
      .post('/api/tokens', { name: unique('ci'), role: 'designer' })
      .expect(201);
    ids = {
      credential: credential.id,
      oauthCredential: oauth.body.id,
      alias: alias.body.id,
      connection: connection.id as string,
      oauthConnection: oauthConnection.id as string,
      user: user.body.id,
      token: token.body.id,
    };
  });
  afterAll(() => hub?.close());

  /** A body each operation takes; only ever sent with one field broken, so nothing is created. */
  const validBodies: Record<string, () => Record<string, unknown>> = {
    'POST /api/tokens': () => ({ name: unique('t'), role: 'designer' }),
    'POST /api/users': () => ({
      username: unique('u'),
      password: 'a long password',
      role: 'designer',
    }),
    'PATCH /api/users/{id}': () => ({ role: 'designer' }),
    'POST /api/credentials': () => basicCredentialInput(),
    'PATCH /api/credentials/{id}': () => ({ name: unique('c') }),
    'POST /api/connections': () => ({
      name: unique('c'),
      url: connectionUrl(hub.config.atlassianApiUrl),
      credentialId: ids.credential,
      aliasId: ids.alias,
      active: false,
    }),
    'POST /api/connections/discover': () => ({ site: 'nowhere.atlassian.net' }),
    'PATCH /api/connections/{id}': () => ({ name: unique('c') }),
    'POST /api/aliases': () => ({ name: unique('A'), spoke: 'jira' }),
    'POST /api/aliases/{id}/connections': () => ({
      connection: {
        name: unique('c'),
        url: connectionUrl(hub.config.atlassianApiUrl),
        credentialId: ids.credential,
        active: false,
      },
    }),
    'PATCH /api/aliases/{id}': () => ({ name: unique('A') }),
    'POST /api/actions/{name}/execute': () => ({
      alias: 'NoSuchAlias',
      inputs: { projectKey: 'HSP', summary: 'x', issueType: 'Task' },
    }),
    'POST /api/connections/{id}/oauth/authorize': () => ({ returnTo: '/connections' }),
    'POST /api/connections/{id}/oauth/sites': () => ({ cloudIds: [randomUUID()] }),
  };

  /** The operations of the description, with a real record in each path parameter. */
  function operations(): Array<{ key: string; method: string; url: string; operation: Operation }> {
    return Object.entries(document.paths).flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${template}`,
        method,
        url: concrete(template),
        operation,
      })),
    );
  }

  function concrete(template: string): string {
    const id = template.startsWith('/api/tokens')
      ? ids.token
      : template.startsWith('/api/users')
        ? ids.user
        : template.startsWith('/api/credentials')
          ? ids.oauthCredential
          : template.startsWith('/api/connections/{id}/oauth')
            ? ids.oauthConnection
            : template.startsWith('/api/connections')
              ? ids.connection
              : template.startsWith('/api/aliases')
                ? ids.alias
                : randomUUID();
    return template.replace('{id}', id).replace('{name}', 'jira.create_issue');
  }

  function resolve(schema: Schema): Schema {
    const ref = (schema.$ref ?? (schema.allOf as Schema[] | undefined)?.[0]?.$ref) as
      string | undefined;
    return ref ? document.components.schemas[ref.split('/').pop()!] : schema;
  }

  /** Every property of a body schema, nested objects' own properties included. */
  function fieldsOf(schema: Schema, prefix: string[] = []): Field[] {
    const properties = (resolve(schema).properties ?? {}) as Record<string, Schema>;
    return Object.entries(properties).flatMap(([name, property]) => {
      const field = { path: [...prefix, name], schema: property };
      const nested = resolve(property) !== property ? fieldsOf(property, field.path) : [];
      return [field, ...nested];
    });
  }

  function typeOf(schema: Schema): string {
    return resolve(schema) !== schema ? 'object' : String(schema.type);
  }

  function wrongValueFor(schema: Schema): unknown {
    switch (typeOf(schema)) {
      case 'string':
        return 12345;
      case 'number':
      case 'integer':
        return '12';
      case 'boolean':
        return 'true';
      default:
        return 'text';
    }
  }

  function withField(body: Record<string, unknown>, path: string[], value: unknown) {
    let target = body;
    for (const part of path.slice(0, -1)) {
      if (typeof target[part] !== 'object' || target[part] === null) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    target[path[path.length - 1]] = value;
    return body;
  }

  async function send(
    method: string,
    url: string,
    raw: string,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await hub.http[method as 'post'](url)
      .set('Authorization', `Bearer ${hub.adminToken}`)
      .set('Content-Type', 'application/json')
      .set(headers)
      .send(raw);
    return response;
  }

  const bodyOperations = () =>
    operations().filter(({ operation }) => operation.requestBody?.content?.['application/json']);

  const names = (answer: Answer, field: string) =>
    answer.status === 400 && (answer.body.errors ?? []).some((error) => error.field === field);

  it('knows a valid body for every operation that takes one', () => {
    const keys = bodyOperations().map(({ key }) => key);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((key) => !validBodies[key])).toEqual([]);
  });

  it(
    'refuses null in every body field like a wrong type, with a 400 naming the field',
    async () => {
      const wrong: string[] = [];
      let checked = 0;
      for (const { key, method, url, operation } of bodyOperations()) {
        const schema = operation.requestBody!.content!['application/json'].schema!;
        for (const { path, schema: property } of fieldsOf(schema)) {
          const field = path.join('.');
          const answer = await send(
            method,
            url,
            JSON.stringify(withField(validBodies[key](), path, null)),
          );
          checked++;
          // A field described as nullable takes null (expiresAt: null clears the date).
          const ok = property.nullable === true ? answer.status < 500 : names(answer, field);
          if (!ok) wrong.push(`${key} ${field}: ${answer.status} ${answer.text.slice(0, 200)}`);
        }
      }
      expect(checked).toBeGreaterThan(50);
      expect(wrong).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'refuses a value of the wrong type in every body field, naming the field',
    async () => {
      const wrong: string[] = [];
      for (const { key, method, url, operation } of bodyOperations()) {
        const schema = operation.requestBody!.content!['application/json'].schema!;
        for (const { path, schema: property } of fieldsOf(schema)) {
          const field = path.join('.');
          const body = withField(validBodies[key](), path, wrongValueFor(property));
          const answer = await send(method, url, JSON.stringify(body));
          if (!names(answer, field)) {
            wrong.push(`${key} ${field}: ${answer.status} ${answer.text.slice(0, 200)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    `refuses a body nested deeper than ${REQUEST_BODY_MAX_DEPTH} levels in any field, naming the limit`,
    async () => {
      const wrong: string[] = [];
      for (const { key, method, url, operation } of bodyOperations()) {
        const schema = operation.requestBody!.content!['application/json'].schema!;
        for (const { path } of fieldsOf(schema)) {
          const placeholder = `deep-${randomUUID()}`;
          const raw = JSON.stringify(withField(validBodies[key](), path, placeholder)).replace(
            `"${placeholder}"`,
            DEEP_JSON,
          );
          const answer = await send(method, url, raw);
          if (answer.status !== 400 || !String(answer.body.message).includes(TOO_DEEP)) {
            wrong.push(`${key} ${path.join('.')}: ${answer.status} ${answer.text.slice(0, 200)}`);
          }
        }
        // The body itself as the deep structure, and a body just at the limit is read.
        const whole = await send(method, url, DEEP_JSON);
        if (whole.status !== 400) wrong.push(`${key} (whole body): ${whole.status}`);
      }
      expect(wrong).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it('reads a body nested exactly as deep as the limit, and refuses one level more', async () => {
    const nested = (levels: number) =>
      `{"name":"x","extra":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    const atLimit = await send('post', '/api/aliases', nested(REQUEST_BODY_MAX_DEPTH));
    // Parsed and validated: the unknown field is what is refused.
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'extra', rule: 'unknownField' })]),
    );
    const past = await send('post', '/api/aliases', nested(REQUEST_BODY_MAX_DEPTH + 1));
    expect(past.status).toBe(400);
    expect(past.body).toEqual({
      statusCode: 400,
      error: 'bad_request',
      message: `The request body nests arrays and objects ${TOO_DEEP}`,
    });
  });

  it(
    'answers a body that is not an object with a 4xx on every operation that takes one',
    async () => {
      const wrong: string[] = [];
      for (const { key, method, url } of bodyOperations()) {
        for (const raw of [
          'null',
          '[]',
          JSON.stringify([validBodies[key]()]),
          '"text"',
          '42',
          'true',
        ]) {
          const answer = await send(method, url, raw);
          if (answer.status < 400 || answer.status >= 500) {
            wrong.push(`${key} ${raw.slice(0, 30)}: ${answer.status} ${answer.text.slice(0, 200)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers path and query parameters of the wrong shape with a 4xx on every operation',
    async () => {
      const wrong: string[] = [];
      const badSegments = ['null', 'not-a-uuid', '%E0%A4%A', 'x'.repeat(3000), '%00'];
      for (const { key, method } of operations()) {
        const template = key.slice(key.indexOf(' ') + 1);
        for (const segment of template.includes('{') ? badSegments : []) {
          const url = concrete(template.replace(/\{(id|name)\}/, segment));
          const answer = await send(method, url, '{}');
          if (answer.status < 400 || answer.status >= 500) {
            wrong.push(`${key} path ${segment.slice(0, 20)}: ${answer.status}`);
          }
        }
      }
      for (const { key, method, url, operation } of operations()) {
        for (const parameter of (operation.parameters ?? []).filter((p) => p.in === 'query')) {
          const name = parameter.name;
          for (const query of [
            `${name}=null`,
            `${name}=a&${name}=b`,
            `${name}[x]=1`,
            `${name}=`,
            `${name}=%E0%A4%A`,
          ]) {
            const answer = await send(method, `${url}?${query}`, '');
            // An empty or "null" filter may simply match nothing.
            if (answer.status >= 500) wrong.push(`${key} ?${query}: ${answer.status}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'refuses null and wrong types in every input of every action, naming the input',
    async () => {
      const actions = (await admin.get('/api/actions').expect(200)).body as Array<{ name: string }>;
      const wrong: string[] = [];
      let checked = 0;
      for (const { name } of actions) {
        const detail = (await admin.get(`/api/actions/${name}`).expect(200)).body as {
          inputSchema: Schema;
          example: Record<string, unknown>;
        };
        const inputs = Object.entries(
          (detail.inputSchema.properties ?? {}) as Record<string, Schema>,
        );
        for (const [input, schema] of inputs) {
          // Only inputs of one declared type have a sure wrong type (and none of them takes null).
          if (typeof schema.type !== 'string' || schema.type === 'null') continue;
          for (const value of [null, wrongValueFor(schema)]) {
            const body = { alias: 'NoSuchAlias', inputs: { ...detail.example, [input]: value } };
            const answer = await send('post', `/api/actions/${name}/execute`, JSON.stringify(body));
            checked++;
            if (!names(answer, `inputs.${input}`)) {
              wrong.push(
                `${name} ${input}=${JSON.stringify(value)}: ${answer.status} ${answer.text.slice(0, 200)}`,
              );
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(50);
      expect(wrong).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers a body that does not decompress with a 4xx on every route, and logs no error',
    async () => {
      const wrong: string[] = [];
      const firstLine = hub.logLines.length;
      const encodings: Array<[string, Buffer]> = [
        ['gzip', Buffer.from('{"name":"plain, not gzip"}')],
        ['deflate', Buffer.from('{"name":"plain, not deflate"}')],
        ['br', Buffer.from('{"name":"plain, not brotli"}')],
        ['gzip', gzipSync(Buffer.from('{"name":"cut short"}')).subarray(0, 15)],
        ['compress', Buffer.from('{}')],
        ['gzip, gzip', gzipSync(Buffer.from('{}'))],
      ];
      const routes = [
        ...operations().map(({ method, url }) => ({ method, url })),
        { method: 'post', url: '/sign-in' },
        { method: 'post', url: '/credentials' },
      ];
      for (const { method, url } of routes) {
        for (const [encoding, body] of encodings) {
          for (const token of [undefined, hub.adminToken]) {
            const request = hub.http[method as 'post'](url)
              .set('Content-Type', 'application/json')
              .set('Content-Encoding', encoding);
            if (token) request.set('Authorization', `Bearer ${token}`);
            const answer = await request.serialize(asSent).send(body);
            if (![400, 401, 415].includes(answer.status)) {
              wrong.push(`${method} ${url} ${encoding} token=${!!token}: ${answer.status}`);
            }
          }
        }
      }
      expect(wrong).toEqual([]);
      const errors = hub.logLines
        .slice(firstLine)
        .filter((line) => line.includes('"level":"error"'));
      expect(errors).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it('answers a corrupt gzip body with a 400 that says so, and still reads a good one', async () => {
    const corrupt = await send('post', '/api/aliases', 'not gzip', { 'Content-Encoding': 'gzip' });
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.message).toBe(
      'The request body could not be decompressed as its Content-Encoding says',
    );
    const good = await hub.http
      .post('/api/aliases')
      .set('Authorization', `Bearer ${hub.adminToken}`)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(asSent)
      .send(gzipSync(JSON.stringify({ name: unique('Gzipped'), spoke: 'jira' })));
    expect({ status: good.status, body: good.body }).toEqual({
      status: 201,
      body: expect.objectContaining({ spoke: 'jira' }),
    });
  });

  it('refuses JSON in a charset other than UTF-8 with 415', async () => {
    const answer = await hub.http
      .post('/api/aliases')
      .set('Authorization', `Bearer ${hub.adminToken}`)
      .set('Content-Type', 'application/json; charset=utf-16le')
      .serialize(asSent)
      .send(Buffer.from(JSON.stringify({ name: 'Utf16', spoke: 'jira' }), 'utf16le'));
    expect(answer.status).toBe(415);
    expect(answer.body.message).toBe("The request body's charset is not supported; send UTF-8");
  });

  it(
    'answers every console form with a 4xx or its page when its fields have the wrong shape',
    async () => {
      const pages = [
        '/',
        '/aliases',
        `/aliases/${ids.alias}`,
        `/aliases/${ids.alias}/connections/new`,
        // Only the OAuth connection: its Test connection is refused inside the hub (no token yet),
        // where the Basic one's would call Atlassian.
        `/connections/${ids.oauthConnection}`,
        '/credentials',
        '/credentials/new?type=basic',
        '/credentials/new?type=oauth2',
        '/credentials/new?type=bearer',
        `/credentials/${ids.credential}`,
        `/credentials/${ids.oauthCredential}`,
        '/actions/jira.create_issue',
        '/users',
        `/users/${ids.user}`,
        '/tokens',
        '/account',
      ];
      const forms = new Map<string, Set<string>>();
      for (const page of pages) {
        const html = (await hub.http.get(page).set('Cookie', session.cookie).expect(200)).text;
        for (const [, attributes, inner] of html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
          if (!/method="post"/i.test(attributes)) continue;
          const action = /action="([^"]+)"/.exec(attributes)?.[1]?.replace(/&amp;/g, '&');
          if (!action) continue;
          const fields = forms.get(action) ?? new Set<string>();
          for (const [, name] of inner.matchAll(/name="([^"]+)"/g)) fields.add(name);
          forms.set(action, fields);
          // A second button that sends the same fields elsewhere (Test connection).
          for (const [, other] of inner.matchAll(/formaction="([^"]+)"/g)) forms.set(other, fields);
        }
      }
      // The forms of the page an OAuth flow ends on (reached only through Atlassian's consent).
      forms.set(`/connections/${ids.oauthConnection}/oauth/authorize`, new Set());
      forms.set(`/connections/${ids.oauthConnection}/oauth/sites`, new Set(['cloudIds']));
      forms.set(`/connections/${ids.oauthConnection}/oauth/move`, new Set(['connectionIds']));
      // Every form route the console serves is among them (sign-in has its own test below).
      const express = hub.app.getHttpAdapter().getInstance() as {
        router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
      };
      const formRoutes = express.router.stack
        .flatMap(({ route }) => (route?.methods.post ? [route.path] : []))
        // '/{*path}' is nestjs-pino's request-context middleware, which answers nothing itself.
        .filter((path) => !path.startsWith('/api/') && path !== '/sign-in' && path !== '/{*path}');
      const uncovered = formRoutes.filter((route) => {
        const pattern = new RegExp(`^${route.replace(/:[a-z]+/g, '[^/?]+')}(\\?.*)?$`);
        return ![...forms.keys()].some((action) => pattern.test(action));
      });
      expect(uncovered).toEqual([]);

      const wrong: string[] = [];
      // Signing out last: every other form is sent while signed in.
      const actions = [...forms.keys()].sort(
        (a, b) => Number(a.endsWith('/sign-out')) - Number(b.endsWith('/sign-out')),
      );
      for (const action of actions) {
        const fields = [...forms.get(action)!].filter((name) => name !== '_csrf');
        const variants = fields.flatMap((name) => [`${name}[]=a&${name}[]=b`, `${name}[k]=v`]);
        // The parser refuses a deep field whatever its name: one per form.
        variants.push(`${fields[0] ?? 'deep'}${'[a]'.repeat(DEEP_LEVELS)}=x`);
        variants.push('_csrf[]=a&_csrf[]=b', '_csrf[k]=v');
        for (const variant of variants) {
          const body = variant.startsWith('_csrf') ? variant : `_csrf=${session.csrf}&${variant}`;
          const answer = await hub.http
            .post(action)
            .set('Cookie', session.cookie)
            .set('Accept', 'text/html')
            .type('form')
            .send(body);
          const tooDeep = variant.length > 1000;
          if (answer.status >= 500 || (tooDeep && answer.status !== 400)) {
            wrong.push(`${action} ${variant.slice(0, 40)}: ${answer.status}`);
          } else if (tooDeep && !answer.text.includes(TOO_DEEP)) {
            wrong.push(`${action} ${variant.slice(0, 40)}: no word of the limit`);
          }
        }
      }
      expect(wrong).toEqual([]);
    },
    SWEEP_TIMEOUT_MS,
  );

  it('answers a sign-in form with fields of the wrong shape with a 4xx page', async () => {
    const form = await hub.http.get('/sign-in');
    const cookie = (form.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const statuses: Array<[string, number]> = [];
    for (const variant of [
      'username[]=a&username[]=b&password=x',
      'username=ada&password[k]=v',
      `username=ada&password${'[a]'.repeat(DEEP_LEVELS)}=x`,
    ]) {
      const answer = await hub.http
        .post('/sign-in')
        .set('Cookie', cookie)
        .set('Accept', 'text/html')
        .type('form')
        .send(`_csrf=${csrf}&${variant}`);
      statuses.push([variant.slice(0, 30), answer.status]);
    }
    expect(statuses.filter(([, status]) => status < 400 || status >= 500)).toEqual([]);
  });
});

/**
 * The OAuth endpoints of a credential get its client secret and refresh tokens (token URL) or a
 * browser (authorization URL): only plain URLs on allow-listed hosts are taken. A connection's URL
 * is built from ATLASSIAN_API_URL and a cloud id, so nothing else gets through there either.
 */
describe('Endpoint URLs', () => {
  let hub: TestHub;
  let admin: Api;
  let oauthId: string;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = new Api(hub.http, hub.adminToken);
    const created = await admin
      .post('/api/credentials', { name: unique('oauth'), clientId: 'client', clientSecret: 's' })
      .expect(201);
    oauthId = created.body.id;
  });
  afterAll(() => hub?.close());

  const authHost = () => new URL(hub.config.atlassianAuthUrl).host;
  const refusals = () => [
    [`https://user:secret@${authHost()}/oauth/token`, 'noUserInfo'],
    [`https://user@${authHost()}/oauth/token`, 'noUserInfo'],
    [`https://${authHost()}@evil.example.com/oauth/token`, 'noUserInfo'],
    [`https://${authHost()}/oauth/token#fragment`, 'noFragment'],
    ['https://evil.example.com/oauth/token', 'allowedHost'],
  ];

  it.each(['authorizationUrl', 'tokenUrl'])(
    'refuses a %s with user info, a fragment or another host, on create and edit',
    async (field) => {
      for (const [url, rule] of refusals()) {
        const created = await admin
          .post('/api/credentials', {
            name: unique('oauth'),
            clientId: 'client',
            clientSecret: 's',
            [field]: url,
          })
          .expect(400);
        expect(created.body.errors).toEqual([expect.objectContaining({ field, rule })]);
        const edited = await admin
          .patch(`/api/credentials/${oauthId}`, { [field]: url })
          .expect(400);
        expect(edited.body.errors).toEqual([expect.objectContaining({ field, rule })]);
      }
      // Nothing was saved: the credential still shows Atlassian's endpoint.
      const shown = await admin.get(`/api/credentials/${oauthId}`).expect(200);
      expect(shown.body[field]).toMatch(new RegExp(`^${hub.config.atlassianAuthUrl}/`));
      const listed = await admin.get('/api/credentials').expect(200);
      expect(JSON.stringify(listed.body)).not.toContain('secret@');
    },
  );

  it('takes an allow-listed endpoint URL as it is', async () => {
    const tokenUrl = `${hub.config.atlassianAuthUrl}/oauth/token`;
    const edited = await admin.patch(`/api/credentials/${oauthId}`, { tokenUrl }).expect(200);
    expect(edited.body.tokenUrl).toBe(tokenUrl);
  });

  it('refuses a connection URL with user info, a fragment, a query or another host', async () => {
    const credential = await admin.createCredential();
    const aliasId = await admin.aliasId('Jira');
    const good = connectionUrl(hub.config.atlassianApiUrl);
    const api = new URL(hub.config.atlassianApiUrl);
    for (const url of [
      good.replace('://', '://user:secret@'),
      `${api.protocol}//${api.host}@evil.example.com${good.slice(hub.config.atlassianApiUrl.length)}`,
      `${good}#fragment`,
      `${good}?x=1`,
      good.replace(api.host, 'evil.example.com'),
    ]) {
      const answer = await admin
        .post('/api/connections', { name: unique('c'), url, credentialId: credential.id, aliasId })
        .expect(400);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ field: 'url', rule: 'connectionUrl' }),
      ]);
    }
  });
});
