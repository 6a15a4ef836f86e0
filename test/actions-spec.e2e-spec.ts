import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_SPOKE_ACTIONS } from '../src/actions/spokes';
import { createFakeAtlassian, FakeAtlassian } from './fake-atlassian';
import { RecordedRequest } from './fake-atlassian/fake-atlassian.server';
import { Api, connectedAlias } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

/**
 * Every action's example, run through the hub against the fake, must send only requests that the
 * official OpenAPI descriptions allow (path, method, parameters, headers, body), and each action
 * must declare the scopes those descriptions give its operations. The fake answers whatever it
 * is written to answer; this test keeps the hub honest about what Atlassian itself accepts.
 */

const SPEC_DIR = resolve(__dirname, '../../shared/atlassian-openapi');
const SPECS = {
  'jira-platform': 'jira-platform-v3.json',
  'jira-servicedesk': 'jira-servicedesk.json',
} as const;
type SpecApi = keyof typeof SPECS;

interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  'x-atlassian-oauth2-scopes'?: Array<{ scopes: string[]; state: string }>;
  'x-experimental'?: boolean;
}
interface SpecDocument {
  paths: Record<string, Record<string, Operation>>;
}
interface Template {
  api: SpecApi;
  path: string;
  pattern: RegExp;
  literals: number;
}
interface Matched {
  api: SpecApi;
  path: string;
  method: string;
  operation: Operation;
}
interface ActionDetail {
  name: string;
  spoke: string;
  scopes: { classic: string[]; granular: string[] };
  operations: Array<{ api: string; method: string; path: string }>;
  example: Record<string, unknown>;
}

const TOKEN = 'spec-bearer-token';
const PARENT_ALIASES: Record<string, string> = {
  jira: 'Jira',
  jsm: 'Jira_SM',
  'atlassian-admin': 'Atlassian_Admin',
};

const specs = Object.fromEntries(
  Object.entries(SPECS).map(([api, file]) => [
    api,
    JSON.parse(readFileSync(resolve(SPEC_DIR, file), 'utf8')) as SpecDocument,
  ]),
) as Record<SpecApi, SpecDocument>;

const templates: Template[] = (Object.keys(specs) as SpecApi[]).flatMap((api) =>
  Object.keys(specs[api].paths).map((path) => ({
    api,
    path,
    pattern: new RegExp(
      `^${path
        .split('/')
        .map((segment) =>
          /^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/')}$`,
    ),
    literals: path.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
  })),
);

// Bodies are checked as sent; query values arrive as text, so their checker coerces.
const newAjv = (coerce: boolean) => {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    ...(coerce ? { coerceTypes: 'array' as const } : {}),
  });
  addFormats(ajv);
  ajv.addFormat('url', true);
  for (const api of Object.keys(specs) as SpecApi[]) ajv.addSchema(specs[api], api);
  return ajv;
};
const bodyAjv = newAjv(false);
const paramAjv = newAjv(true);
const compiled = new Map<string, ValidateFunction>();

/** `api#/paths/...`: a reference into the spec document, so its own `#/components` refs resolve. */
function pointer(api: SpecApi, ...segments: Array<string | number>): string {
  const escaped = segments.map((segment) =>
    encodeURIComponent(String(segment).replace(/~/g, '~0').replace(/\//g, '~1')),
  );
  return `${api}#/${escaped.join('/')}`;
}

function validator(ajv: Ajv, key: string, schema: object): ValidateFunction {
  const cacheKey = `${ajv === bodyAjv ? 'body' : 'param'} ${key}`;
  let validate = compiled.get(cacheKey);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(cacheKey, validate);
  }
  return validate;
}

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('; ');

function match(method: string, resource: string): Matched | undefined {
  const candidates = templates
    .filter((t) => t.pattern.test(resource) && specs[t.api].paths[t.path][method] !== undefined)
    .sort((a, b) => b.literals - a.literals);
  const best = candidates[0];
  return best
    ? {
        api: best.api,
        path: best.path,
        method,
        operation: specs[best.api].paths[best.path][method],
      }
    : undefined;
}

/** What is wrong with one request the fake received, by the spec; empty when nothing is. */
function problemsOf(request: RecordedRequest, action: ActionDetail): string[] {
  const url = new URL(request.path, 'http://fake');
  const where = `${request.method} ${url.pathname}`;
  const gateway = /^\/ex\/jira\/[^/]+(\/.*)$/.exec(url.pathname);
  if (!gateway) return [`${where}: not under /ex/jira/<cloud-id>`];
  const method = request.method.toLowerCase();
  const found = match(method, gateway[1]);
  if (!found) return [`${where}: no operation in the OpenAPI descriptions`];
  const { api, path, operation } = found;
  const op = `${request.method} ${path}`;
  const problems: string[] = [];
  if (
    !action.operations.some(
      (o) => o.api === api && o.path === path && o.method === request.method.toUpperCase(),
    )
  ) {
    problems.push(`${op} (${api}) is not listed in the action's operations`);
  }

  const parameters = operation.parameters ?? [];
  const operationIndex = (name: string, place: string) =>
    parameters.findIndex((p) => p.name === name && p.in === place);
  for (const parameter of parameters) {
    if (!parameter.required) continue;
    if (parameter.in === 'query' && !url.searchParams.has(parameter.name)) {
      problems.push(`${op}: required query parameter ${parameter.name} missing`);
    }
    if (parameter.in === 'header' && request.headers[parameter.name.toLowerCase()] === undefined) {
      problems.push(`${op}: required header ${parameter.name} missing`);
    }
  }
  // Service-desk operations marked experimental answer 412 without the opt-in header.
  if (
    api === 'jira-servicedesk' &&
    operation['x-experimental'] === true &&
    request.headers['x-experimentalapi'] !== 'opt-in'
  ) {
    problems.push(`${op}: experimental, needs the header X-ExperimentalApi: opt-in`);
  }
  for (const name of new Set(url.searchParams.keys())) {
    const index = operationIndex(name, 'query');
    if (index < 0) {
      problems.push(`${op}: query parameter ${name} is not one the operation declares`);
      continue;
    }
    const schema = parameters[index].schema ?? {};
    const values = url.searchParams.getAll(name);
    if (schema.type !== 'array' && values.length > 1) {
      problems.push(`${op}: query parameter ${name} is repeated but takes one value`);
      continue;
    }
    const validate = validator(paramAjv, `${api} ${method} ${path} ${name}`, {
      type: 'object',
      properties: {
        value: { $ref: pointer(api, 'paths', path, method, 'parameters', index, 'schema') },
      },
    });
    const data = { value: schema.type === 'array' ? values : values[0] };
    if (!validate(data)) {
      problems.push(
        `${op}: query parameter ${name}=${values.join(',')}: ${describeErrors(validate.errors)}`,
      );
    }
  }

  const content = operation.requestBody?.content ?? {};
  if (request.body === '') {
    if (operation.requestBody?.required) problems.push(`${op}: the request body is required`);
  } else if (!content['application/json']) {
    problems.push(`${op}: sends a body, but the operation takes no JSON body`);
  } else {
    const type = String(request.headers['content-type'] ?? '');
    if (!/^application\/json\b/.test(type)) {
      problems.push(`${op}: body sent as ${type || 'no content type'}, not application/json`);
    }
    const validate = validator(bodyAjv, `${api} ${method} ${path}`, {
      $ref: pointer(
        api,
        'paths',
        path,
        method,
        'requestBody',
        'content',
        'application/json',
        'schema',
      ),
    });
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return [...problems, `${op}: the body is not JSON`];
    }
    if (!validate(body)) problems.push(`${op}: body ${describeErrors(validate.errors)}`);
  }
  return problems;
}

/** The scopes the spec gives the action's operations: Current ones are classic, Beta granular. */
function specScopes(action: ActionDetail): { classic: string[]; granular: string[] } {
  const classic = new Set<string>();
  const granular = new Set<string>();
  for (const ref of action.operations) {
    const operation = specs[ref.api as SpecApi]?.paths[ref.path]?.[ref.method.toLowerCase()];
    for (const entry of operation?.['x-atlassian-oauth2-scopes'] ?? []) {
      const into = entry.state === 'Current' ? classic : entry.state === 'Beta' ? granular : null;
      for (const scope of entry.scopes) into?.add(scope);
    }
  }
  return { classic: [...classic].sort(), granular: [...granular].sort() };
}

describe('Action examples against the official OpenAPI descriptions', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let api: Api;
  const aliases: Record<string, string> = {};

  beforeAll(async () => {
    fake = await createFakeAtlassian().start();
    const cloudId = fake.addSite('spec.atlassian.net');
    fake.addAccount(
      { bearer: TOKEN },
      { displayName: 'Spec Bot', emailAddress: 'spec-bot@example.com' },
    );
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    api = new Api(hub.http, hub.adminToken);
    for (const [spoke, parentAlias] of Object.entries(PARENT_ALIASES)) {
      ({ aliasName: aliases[spoke] } = await connectedAlias(api, fake.url, cloudId, {
        parentAlias,
        token: TOKEN,
      }));
    }
  }, 30_000);
  afterAll(async () => {
    await hub?.close();
    await fake?.stop();
  });

  it('publishes the whole catalog', async () => {
    const list = await api.get('/api/actions').expect(200);
    expect((list.body as Array<{ name: string }>).map((a) => a.name).sort()).toEqual(
      ALL_SPOKE_ACTIONS.map((a) => a.name).sort(),
    );
  });

  it('finds every declared operation in the OpenAPI descriptions', async () => {
    const missing: string[] = [];
    for (const { name } of ALL_SPOKE_ACTIONS) {
      const action = (await api.get(`/api/actions/${name}`).expect(200)).body as ActionDetail;
      for (const ref of action.operations) {
        if (ref.api === 'atlassian-admin') continue;
        const spec = specs[ref.api as SpecApi];
        if (!spec?.paths[ref.path]?.[ref.method.toLowerCase()]) {
          missing.push(`${name}: ${ref.method} ${ref.path} (${ref.api})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  describe.each(ALL_SPOKE_ACTIONS.map((a) => a.name))('%s', (name) => {
    let action: ActionDetail;
    let sent: RecordedRequest[] = [];
    let outcome: { status: number; body: Record<string, unknown> };

    beforeAll(async () => {
      action = (await api.get(`/api/actions/${name}`).expect(200)).body as ActionDetail;
      const before = fake.requests.length;
      const response = await api.post(`/api/actions/${name}/execute`, {
        alias: aliases[action.spoke],
        inputs: action.example,
      });
      outcome = { status: response.status, body: response.body as Record<string, unknown> };
      sent = fake.requests.slice(before);
    });
    const specOnly = () => action.operations.every((o) => o.api !== 'atlassian-admin');

    it('runs its example successfully', () => {
      // The whole answer shows in the diff when it fails: Atlassian's message says why.
      expect(outcome).toEqual({
        status: 200,
        body: expect.objectContaining({ status: 'success' }) as unknown,
      });
      expect(sent.length).toBeGreaterThan(0);
    });

    it('sends only requests the OpenAPI description allows', () => {
      if (!specOnly()) return;
      expect(sent.flatMap((request) => problemsOf(request, action))).toEqual([]);
    });

    it("declares the scopes of its operations' x-atlassian-oauth2-scopes", () => {
      if (!specOnly()) return;
      expect({
        classic: [...action.scopes.classic].sort(),
        granular: [...action.scopes.granular].sort(),
      }).toEqual(specScopes(action));
    });
  });
});
