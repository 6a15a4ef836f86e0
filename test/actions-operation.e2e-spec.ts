import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createFakeAtlassian, FakeAtlassian } from './fake-atlassian';
import { documentedOperationRoutes } from './fake-atlassian/documented-routes';
import { Api, connectedAlias } from './factories/records';
import { OpenApiDocument, OpenApiRequestChecker } from './support/openapi-request-checker';
import { startTestHub, TestHub } from './support/test-hub';

/**
 * jira.operation and jsm.operation: any documented operation, checked before it is sent. Inputs
 * for a spread of operations are built from the committed operation tables (the smallest values
 * their schemas allow), run through the hub against the fake, and every request that arrives is
 * checked against Atlassian's own descriptions, independently of the hub's checks.
 */

const SPEC_DIR = resolve(__dirname, '../../shared/atlassian-openapi');
const readSpec = (file: string) =>
  JSON.parse(readFileSync(resolve(SPEC_DIR, file), 'utf8')) as OpenApiDocument;
const official = new OpenApiRequestChecker([
  {
    api: 'jira-platform',
    document: readSpec('jira-platform-v3.json'),
    mount: 'site',
    experimentalNeedsOptIn: true,
  },
  {
    api: 'jira-servicedesk',
    document: readSpec('jira-servicedesk.json'),
    mount: 'site',
    experimentalNeedsOptIn: true,
  },
]);

type Schema = Record<string, unknown>;
interface TableOperation {
  operationId: string;
  method: string;
  path: string;
  experimental: boolean;
  parameters: Array<{ name: string; in: string; required: boolean; schema: Schema }>;
  body: { required: boolean; schema: Schema | null } | null;
}
interface Table {
  operations: TableOperation[];
  $defs: Record<string, Schema>;
}
const readTable = (spoke: string) =>
  JSON.parse(
    readFileSync(resolve(__dirname, `../src/spokes/${spoke}/operations.generated.json`), 'utf8'),
  ) as Table;

/** The smallest value a schema allows, or undefined when it is beyond this simple builder. */
function minimal(schema: Schema | undefined, table: Table, depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  if (typeof schema.$ref === 'string') {
    return minimal(table.$defs[schema.$ref.split('/').pop()!], table, depth + 1);
  }
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    if (Array.isArray(schema[key])) return minimal((schema[key] as Schema[])[0], table, depth + 1);
  }
  if (schema.pattern) return undefined;
  switch (schema.type) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'date-time') return '2026-01-01T00:00:00.000Z';
      if (schema.format === 'date') return '2026-01-01';
      if (schema.format === 'uuid') return '0b7e2c44-6a1d-4f0e-b3a8-7d9c1e5f6a33';
      if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com';
      if (schema.format) return undefined;
      return 'a'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case 'array': {
      if (!schema.minItems) return [];
      const item = minimal(schema.items as Schema, table, depth + 1);
      return item === undefined ? undefined : [item];
    }
    case 'object':
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const name of (schema.required as string[] | undefined) ?? []) {
        const value = minimal(
          (schema.properties as Record<string, Schema> | undefined)?.[name],
          table,
          depth + 1,
        );
        if (value === undefined) return undefined;
        out[name] = value;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Inputs with every required parameter and the required body, when the builder manages them. */
function inputsFor(operation: TableOperation, table: Table): Record<string, unknown> | undefined {
  const groups: Record<string, Record<string, unknown>> = { path: {}, query: {}, header: {} };
  for (const parameter of operation.parameters.filter((p) => p.required)) {
    const value = minimal(parameter.schema, table);
    if (value === undefined || (typeof value === 'object' && !Array.isArray(value))) return;
    groups[parameter.in][parameter.name] = value;
  }
  const inputs: Record<string, unknown> = {
    operationId: operation.operationId,
    pathParams: groups.path,
    query: groups.query,
    headers: groups.header,
  };
  if (operation.body?.required) {
    if (!operation.body.schema) return;
    const body = minimal(operation.body.schema, table);
    if (body === undefined) return;
    inputs.body = body;
  }
  return inputs;
}

/** Every `step`-th operation the builder can make inputs for, GETs and writes alike. */
function spread(spoke: string, step: number) {
  const table = readTable(spoke);
  return table.operations
    .map((operation) => ({ operation, inputs: inputsFor(operation, table) }))
    .filter(
      (entry): entry is { operation: TableOperation; inputs: Record<string, unknown> } =>
        entry.inputs !== undefined,
    )
    .filter((_, index) => index % step === 0);
}

const DRIVEN = [
  ...spread('jira', 12).map((entry) => ({ action: 'jira.operation', ...entry })),
  ...spread('jsm', 3).map((entry) => ({ action: 'jsm.operation', ...entry })),
];

const TOKEN = 'operation-bearer-token';

describe('jira.operation and jsm.operation', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let designer: Api;
  const aliases: Record<string, string> = {};
  let cloudId: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian().start();
    fake.addFallbackRoutes(...documentedOperationRoutes());
    cloudId = fake.addSite('operations.atlassian.net');
    fake.addAccount({ bearer: TOKEN }, { displayName: 'Operation Bot' });
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    admin = new Api(hub.http, hub.adminToken);
    designer = new Api(hub.http, await hub.tokenFor('designer'));
    for (const [action, parentAlias] of [
      ['jira.operation', 'Jira'],
      ['jsm.operation', 'Jira_SM'],
    ]) {
      ({ aliasName: aliases[action] } = await connectedAlias(admin, fake.url, cloudId, {
        parentAlias,
        token: TOKEN,
      }));
    }
  }, 30_000);
  afterAll(async () => {
    await hub?.close();
    await fake?.stop();
  });

  const run = async (action: string, inputs: Record<string, unknown>, alias = aliases[action]) => {
    const before = fake.requests.length;
    const response = await admin.post(`/api/actions/${action}/execute`, { alias, inputs });
    return { response, sent: fake.requests.slice(before) };
  };

  it('drives at least 50 operations of both descriptions, GETs and writes', () => {
    expect(DRIVEN.length).toBeGreaterThanOrEqual(50);
    const methods = new Set(DRIVEN.map((entry) => entry.operation.method));
    expect([...methods].sort()).toEqual(expect.arrayContaining(['DELETE', 'GET', 'POST', 'PUT']));
    expect(DRIVEN.filter((entry) => entry.action === 'jsm.operation').length).toBeGreaterThan(10);
  });

  it.each(
    DRIVEN.map((entry) => [`${entry.action} ${entry.operation.operationId}`, entry] as const),
  )(
    '%s sends one request the official description allows',
    async (_title, { action, operation, inputs }) => {
      const { response, sent } = await run(action, inputs);
      // A specific route of the fake may refuse the made-up ids (404): still Atlassian's answer.
      expect([200, 502]).toContain(response.status);
      if (response.status === 502)
        expect(response.body.error.httpStatus).toEqual(expect.any(Number));
      expect(sent).toHaveLength(1);
      const check = official.check(sent[0]);
      expect(check.problems).toEqual([]);
      expect(check.operation).toEqual(
        expect.objectContaining({ method: operation.method, path: operation.path }),
      );
      if (operation.experimental) expect(sent[0].headers['x-experimentalapi']).toBe('opt-in');
    },
  );

  it('follows startAt/maxResults/total with fetchAll at one request a page', async () => {
    const { response, sent } = await run('jira.operation', {
      operationId: 'searchProjects',
      query: { maxResults: 50 },
      fetchAll: true,
    });
    expect(response.status).toBe(200);
    const { data, pages } = response.body.outputs;
    expect(data.values.length).toBe(data.total);
    expect(pages).toBe(Math.ceil(data.total / 50));
    expect(pages).toBeGreaterThan(1);
    expect(sent).toHaveLength(pages);
    expect(sent.flatMap((request) => official.check(request).problems)).toEqual([]);
  });

  it('follows start/limit/isLastPage with fetchAll, and one page without it', async () => {
    const all = await run('jsm.operation', {
      operationId: 'getOrganizations',
      query: { limit: 50 },
      fetchAll: true,
    });
    expect(all.response.status).toBe(200);
    const { data, pages } = all.response.body.outputs;
    expect(data.isLastPage).toBe(true);
    expect(pages).toBe(Math.ceil(data.values.length / 50));
    expect(all.sent).toHaveLength(pages);
    expect(all.sent.flatMap((request) => official.check(request).problems)).toEqual([]);

    const one = await run('jsm.operation', {
      operationId: 'getOrganizations',
      query: { limit: 50 },
    });
    expect(one.response.body.outputs).toEqual(
      expect.objectContaining({ pages: 1, data: expect.objectContaining({ isLastPage: false }) }),
    );
    expect(one.sent).toHaveLength(1);
  });

  it('follows nextPageToken with fetchAll', async () => {
    const { response, sent } = await run('jira.operation', {
      operationId: 'searchAndReconsileIssuesUsingJql',
      query: { jql: 'project = HSP ORDER BY key', maxResults: 100, fields: ['summary'] },
      fetchAll: true,
    });
    expect(response.status).toBe(200);
    const { data, pages } = response.body.outputs;
    expect(data.nextPageToken).toBeUndefined();
    expect(pages).toBe(Math.ceil(data.issues.length / 100));
    expect(pages).toBeGreaterThan(1);
    expect(sent).toHaveLength(pages);
    expect(sent.flatMap((request) => official.check(request).problems)).toEqual([]);
  });

  it.each([
    [
      'an unknown operation',
      'jira.operation',
      { operationId: 'getEverything' },
      { field: 'inputs.operationId', rule: 'operation' },
    ],
    [
      'a missing path parameter',
      'jira.operation',
      { operationId: 'getIssue' },
      { field: 'inputs.pathParams.issueIdOrKey', rule: 'required' },
    ],
    [
      'a missing required query parameter',
      'jira.operation',
      { operationId: 'removeUserFromGroup', query: { groupname: 'admins' } },
      { field: 'inputs.query.accountId', rule: 'required' },
    ],
    [
      'a query value of the wrong type',
      'jira.operation',
      { operationId: 'searchProjects', query: { maxResults: 'ten' } },
      { field: 'inputs.query.maxResults', rule: 'type' },
    ],
    [
      'an undeclared query parameter',
      'jira.operation',
      { operationId: 'searchProjects', query: { limit: 10 } },
      { field: 'inputs.query.limit', rule: 'unknownField' },
    ],
    [
      'an undeclared header',
      'jira.operation',
      { operationId: 'getCurrentUser', headers: { Authorization: 'Basic eA==' } },
      { field: 'inputs.headers.Authorization', rule: 'unknownField' },
    ],
    [
      'a body of the wrong shape',
      'jira.operation',
      { operationId: 'createIssue', body: { fields: 'summary' } },
      { field: 'inputs.body.fields', rule: 'type' },
    ],
    [
      'a body for an operation that takes none',
      'jira.operation',
      { operationId: 'getCurrentUser', body: { me: true } },
      { field: 'inputs.body', rule: 'unknownField' },
    ],
    [
      'a missing required body',
      'jsm.operation',
      { operationId: 'createCustomer' },
      { field: 'inputs.body', rule: 'required' },
    ],
    [
      'a path parameter of the wrong type',
      'jsm.operation',
      { operationId: 'getOrganization', pathParams: { organizationId: 'acme' } },
      { field: 'inputs.pathParams.organizationId', rule: 'type' },
    ],
  ])('refuses %s with a 400 naming the field and rule, sending nothing', async (...args) => {
    const [, action, inputs, expected] = args;
    const { response, sent } = await run(action, inputs);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining(expected)]),
    );
    expect(sent).toEqual([]);
  });

  it('refuses an operation whose scopes the OAuth connection lacks, sending nothing', async () => {
    const oauth = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      credential: { type: 'oauth2', clientId: 'app', clientSecret: 'secret' },
      connection: { scopes: ['read:jira-user', 'offline_access'] },
    });
    const { response, sent } = await run(
      'jira.operation',
      { operationId: 'getIssue', pathParams: { issueIdOrKey: 'HSP-1' } },
      oauth.aliasName,
    );
    expect(response.status).toBe(409);
    expect(response.body).toEqual(
      expect.objectContaining({ error: 'missing_scopes', missingScopes: ['read:jira-work'] }),
    );
    expect(sent).toEqual([]);
  });

  it('records the execution under the action, with the operation in its inputs', async () => {
    const { response } = await run('jira.operation', { operationId: 'getCurrentUser' });
    expect(response.status).toBe(200);
    const execution = await admin.get(`/api/executions/${response.body.executionId}`).expect(200);
    expect(execution.body).toEqual(
      expect.objectContaining({
        action: 'jira.operation',
        inputs: expect.objectContaining({ operationId: 'getCurrentUser' }),
      }),
    );
  });

  it('lists and searches the operations for a designer, with their parameters', async () => {
    const found = await designer
      .get('/api/actions/jira.operation/operations?search=issue%20comment%20post')
      .expect(200);
    expect(found.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          operationId: 'addComment',
          method: 'POST',
          path: '/rest/api/3/issue/{issueIdOrKey}/comment',
          parameters: expect.arrayContaining([
            expect.objectContaining({ name: 'issueIdOrKey', in: 'path', required: true }),
          ]),
          scopes: expect.objectContaining({ classic: ['write:jira-work'] }),
        }),
      ]),
    );
    const all = await designer.get('/api/actions/jsm.operation/operations').expect(200);
    expect(all.body.length).toBe(readTable('jsm').operations.length);
    await designer.get('/api/actions/jira.get_issue/operations').expect(404);
  });
});
