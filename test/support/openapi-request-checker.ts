import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Checks an HTTP request as it arrived on the wire against OpenAPI 3.0 descriptions: the path
 * template and method exist, path, query and header parameters are declared and valid, required
 * ones are there, and the body has a media type the operation takes and is valid against its
 * schema. It answers what is wrong, in words, so a failing test says why.
 */

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}
export interface OpenApiOperation {
  operationId?: string;
  parameters?: Array<OpenApiParameter | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  'x-atlassian-oauth2-scopes'?: Array<{ scopes: string[]; state: string }>;
  'x-experimental'?: boolean;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
}

export interface ApiDescription {
  /** The name operations are known by (`jira-platform`), and the document's id for `$ref`s. */
  api: string;
  document: OpenApiDocument;
  /** Where its paths begin on the API host: below a site's `/ex/jira/<cloud-id>`, or at the root. */
  mount: 'site' | 'root';
  /** Its operations marked `x-experimental` answer 412 unless sent `X-ExperimentalApi: opt-in`. */
  experimentalNeedsOptIn?: boolean;
}

/** A request as the fake Atlassian recorded it: path with its query string, raw body. */
export interface WireRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface OperationRef {
  api: string;
  /** Upper case, as actions declare it. */
  method: string;
  path: string;
}

export interface RequestCheck {
  /** The operation the request was matched to, if any. */
  operation?: OperationRef;
  problems: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Template {
  description: ApiDescription;
  path: string;
  pattern: RegExp;
  names: string[];
  literals: number;
}

/** A parameter with where its schema sits in the document, so its `#/components` refs resolve. */
interface Located {
  parameter: OpenApiParameter;
  schemaPointer: string;
}

export class OpenApiRequestChecker {
  private readonly templates: Template[];
  // Bodies are checked as sent; parameters arrive as text, so their checker coerces.
  private readonly bodyAjv: Ajv;
  private readonly paramAjv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly descriptions: ApiDescription[]) {
    this.bodyAjv = newAjv(descriptions, false);
    this.paramAjv = newAjv(descriptions, true);
    this.templates = descriptions.flatMap((description) =>
      Object.keys(description.document.paths).map((path) => {
        const segments = path.split('/');
        return {
          description,
          path,
          pattern: new RegExp(
            `^${segments
              .map((segment) =>
                /^\{[^}]+\}$/.test(segment)
                  ? '([^/]+)'
                  : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
              )
              .join('/')}$`,
          ),
          names: segments.filter((s) => /^\{[^}]+\}$/.test(s)).map((s) => s.slice(1, -1)),
          literals: segments.filter((segment) => segment && !segment.startsWith('{')).length,
        };
      }),
    );
  }

  /** The operation a description gives `method path`, if it has one. */
  operation(api: string, method: string, path: string): OpenApiOperation | undefined {
    const key = method.toLowerCase();
    // A path item also holds `parameters`, `summary`, …: only HTTP methods name operations.
    if (!METHODS.includes(key)) return undefined;
    const description = this.descriptions.find((d) => d.api === api);
    const operation = description?.document.paths[path]?.[key];
    return operation && typeof operation === 'object' ? operation : undefined;
  }

  check(request: WireRequest): RequestCheck {
    const url = new URL(request.path, 'http://atlassian');
    const method = request.method.toLowerCase();
    const where = `${request.method} ${url.pathname}`;
    const site = /^\/ex\/jira\/[^/]+(\/.*)$/.exec(url.pathname);
    const resource = (mount: ApiDescription['mount']) =>
      mount === 'site' ? site?.[1] : site ? undefined : url.pathname;

    const candidates = this.templates
      .map((template) => {
        const path = resource(template.description.mount);
        return { template, match: path === undefined ? null : template.pattern.exec(path) };
      })
      .filter(
        ({ template, match }) =>
          match && this.operation(template.description.api, method, template.path),
      )
      .sort((a, b) => b.template.literals - a.template.literals);
    if (candidates.length === 0) {
      return { problems: [`${where}: no operation in the descriptions (${this.apis()})`] };
    }
    const { template, match } = candidates[0];
    const { api } = template.description;
    const operation = this.operation(api, method, template.path)!;
    const ref = { api, method: request.method.toUpperCase(), path: template.path };
    const op = `${ref.method} ${template.path}`;
    const problems: string[] = [];
    const parameters = this.parametersOf(template.description, template.path, method);
    const declared = (place: string) => parameters.filter((p) => p.parameter.in === place);

    // Path parameters: every segment the template names, valid against its schema.
    template.names.forEach((name, i) => {
      const located = declared('path').find((p) => p.parameter.name === name);
      if (!located) return problems.push(`${op}: path parameter ${name} is not declared`);
      const value = decodeURIComponent(match![i + 1]);
      this.checkValue(problems, `${op}: path parameter ${name}=${value}`, located, value);
    });

    // Query parameters: required ones present, none the operation does not declare, valid values.
    for (const { parameter } of declared('query')) {
      if (parameter.required && !url.searchParams.has(parameter.name)) {
        problems.push(`${op}: required query parameter ${parameter.name} missing`);
      }
    }
    for (const name of new Set(url.searchParams.keys())) {
      const located = declared('query').find((p) => p.parameter.name === name);
      if (!located) {
        problems.push(`${op}: query parameter ${name} is not one the operation declares`);
        continue;
      }
      const values = url.searchParams.getAll(name);
      const isArray = located.parameter.schema?.type === 'array';
      if (!isArray && values.length > 1) {
        problems.push(`${op}: query parameter ${name} is repeated but takes one value`);
        continue;
      }
      const label = `${op}: query parameter ${name}=${values.join(',')}`;
      this.checkValue(problems, label, located, isArray ? values : values[0]);
    }

    // Headers: required ones present, declared ones valid, the experimental opt-in where needed.
    for (const located of declared('header')) {
      const value = request.headers[located.parameter.name.toLowerCase()];
      if (value === undefined) {
        if (located.parameter.required) {
          problems.push(`${op}: required header ${located.parameter.name} missing`);
        }
        continue;
      }
      const text = Array.isArray(value) ? value.join(', ') : value;
      this.checkValue(problems, `${op}: header ${located.parameter.name}: ${text}`, located, text);
    }
    if (
      template.description.experimentalNeedsOptIn &&
      operation['x-experimental'] === true &&
      String(request.headers['x-experimentalapi'] ?? '').toLowerCase() !== 'opt-in'
    ) {
      problems.push(`${op}: experimental, needs the header X-ExperimentalApi: opt-in`);
    }

    problems.push(...this.bodyProblems(request, op, template, method, operation));
    return { operation: ref, problems };
  }

  private bodyProblems(
    request: WireRequest,
    op: string,
    template: Template,
    method: string,
    operation: OpenApiOperation,
  ): string[] {
    const content = operation.requestBody?.content ?? {};
    if (request.body === '') {
      return operation.requestBody?.required ? [`${op}: the request body is required`] : [];
    }
    const sentType = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const taken = Object.keys(content);
    if (taken.length === 0) return [`${op}: sends a body, but the operation takes none`];
    if (!sentType) return [`${op}: sends a body without a content type`];
    const media = taken.find((type) => mediaMatches(type.toLowerCase(), sentType));
    if (!media) return [`${op}: body sent as ${sentType}; the operation takes ${taken.join(', ')}`];
    if (!/[/+]json$/.test(sentType)) return [`${op}: cannot check a ${sentType} body`];
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return [`${op}: the body is not JSON`];
    }
    if (content[media].schema === undefined) return [];
    const { api } = template.description;
    const pointer = jsonPointer(
      api,
      'paths',
      template.path,
      method,
      'requestBody',
      'content',
      media,
      'schema',
    );
    const validate = this.validator(this.bodyAjv, pointer, { $ref: pointer });
    return validate(body) ? [] : [`${op}: body ${describeErrors(validate.errors)}`];
  }

  private checkValue(problems: string[], label: string, located: Located, value: unknown): void {
    const validate = this.validator(this.paramAjv, located.schemaPointer, {
      type: 'object',
      properties: { value: { $ref: located.schemaPointer } },
    });
    const data = { value };
    if (!validate(data)) problems.push(`${label}: ${describeErrors(validate.errors)}`);
  }

  /** Path-level and operation-level parameters (the operation's win), `$ref`s followed. */
  private parametersOf(description: ApiDescription, path: string, method: string): Located[] {
    const item = description.document.paths[path];
    const read = (list: unknown, ...at: Array<string | number>): Located[] =>
      (Array.isArray(list) ? list : []).map((entry: OpenApiParameter | { $ref: string }, i) => {
        if ('$ref' in entry) {
          const target = entry.$ref.replace(/^#\//, '').split('/').map(unescapePointer);
          return {
            parameter: resolve(description.document, target) as OpenApiParameter,
            schemaPointer: jsonPointer(description.api, ...target, 'schema'),
          };
        }
        return {
          parameter: entry,
          schemaPointer: jsonPointer(description.api, 'paths', path, ...at, i, 'schema'),
        };
      });
    const own = read((item[method] as OpenApiOperation).parameters, method, 'parameters');
    const shared = read(item.parameters, 'parameters').filter(
      (s) =>
        !own.some(
          (o) => o.parameter.name === s.parameter.name && o.parameter.in === s.parameter.in,
        ),
    );
    return [...shared, ...own];
  }

  private validator(ajv: Ajv, key: string, schema: object): ValidateFunction {
    const cacheKey = `${ajv === this.bodyAjv ? 'body' : 'param'} ${key}`;
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = ajv.compile(schema);
      this.compiled.set(cacheKey, validate);
    }
    return validate;
  }

  private apis(): string {
    return this.descriptions.map((d) => d.api).join(', ');
  }
}

function newAjv(descriptions: ApiDescription[], coerce: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    ...(coerce ? { coerceTypes: 'array' as const } : {}),
  });
  addFormats(ajv);
  // Atlassian's descriptions use a `url` format that JSON Schema does not define.
  ajv.addFormat('url', true);
  for (const { api, document } of descriptions) ajv.addSchema(document, api);
  return ajv;
}

/** `api#/paths/...`: a reference into a description, so its own `#/components` refs resolve. */
function jsonPointer(api: string, ...segments: Array<string | number>): string {
  const escaped = segments.map((segment) =>
    encodeURIComponent(String(segment).replace(/~/g, '~0').replace(/\//g, '~1')),
  );
  return `${api}#/${escaped.join('/')}`;
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

function resolve(document: unknown, segments: string[]): unknown {
  return segments.reduce<unknown>(
    (node, segment) => (node as Record<string, unknown> | undefined)?.[segment],
    document,
  );
}

/** `application/json` against a declared media range (`application/json`, `application/*`, `*\/*`). */
function mediaMatches(declared: string, sent: string): boolean {
  if (declared === sent || declared === '*/*') return true;
  return declared.endsWith('/*') && sent.startsWith(declared.slice(0, -1));
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('; ');
}
