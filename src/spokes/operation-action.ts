import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import {
  ActionContext,
  AnySpokeAction,
  AtlassianApi,
  defineAction,
  OperationListing,
  PlannedOperation,
} from '../actions/action-definition';
import type { UpstreamRequest } from '../actions/runtime/upstream-client';
import { FieldError, HubError } from '../common/hub-error';
import { Spoke } from './spoke';

/**
 * `jira.operation` and `jsm.operation`: any operation of Atlassian's OpenAPI descriptions, run
 * through an alias and checked against the committed operation table (operations.generated.json,
 * written by `npm run operations:generate`) before anything is sent. The table is read and its
 * validators compiled only when first used, one operation at a time.
 */

export interface OperationInputs {
  operationId: string;
  pathParams?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
  fetchAll?: boolean;
}

export interface OperationOutputs {
  /** Atlassian's HTTP status (of the first page). */
  status: number;
  /** Atlassian's answer; with fetchAll, the first page holding every page's items. */
  data: unknown;
  /** How many requests the answer took. */
  pages: number;
}

type TableOperation = OperationListing;

interface TableFile {
  $id: string;
  operations: TableOperation[];
  $defs: Record<string, unknown>;
}

interface Checkers {
  /** Per parameter; parameters arrive in JSON inputs but go out as text, so numbers in text pass. */
  parameters: Map<string, ValidateFunction>;
  body?: ValidateFunction;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export class OperationTable {
  private table?: { file: TableFile; byId: Map<string, TableOperation[]> };
  private paramAjv?: Ajv;
  private bodyAjv?: Ajv;
  private readonly checkers = new Map<string, Checkers>();

  constructor(
    readonly api: AtlassianApi,
    private readonly fileName: string,
  ) {}

  private load(): { file: TableFile; byId: Map<string, TableOperation[]> } {
    if (!this.table) {
      const file = JSON.parse(readFileSync(this.fileName, 'utf8')) as TableFile;
      const byId = new Map<string, TableOperation[]>();
      for (const op of file.operations)
        byId.set(op.operationId, [...(byId.get(op.operationId) ?? []), op]);
      this.table = { file, byId };
    }
    return this.table;
  }

  /** The operations of an id: one, except a few JSM ids that name two paths. */
  find(operationId: string): TableOperation[] {
    return this.load().byId.get(operationId) ?? [];
  }

  list(search?: string): OperationListing[] {
    const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return this.load().file.operations.filter((op) => {
      const text = `${op.operationId} ${op.method} ${op.path}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
  }

  /** The operation's validators, compiled on first use and kept. */
  checkersOf(operation: TableOperation): Checkers {
    let checkers = this.checkers.get(operation.operationId);
    if (!checkers) {
      const parameters = new Map<string, ValidateFunction>();
      for (const parameter of operation.parameters) {
        parameters.set(
          `${parameter.in} ${parameter.name}`,
          this.ajv('param').compile({
            type: 'object',
            properties: { value: parameter.schema as object },
          }),
        );
      }
      const schema = operation.body?.schema;
      checkers = {
        parameters,
        body: schema ? this.ajv('body').compile(schema) : undefined,
      };
      this.checkers.set(operation.operationId, checkers);
    }
    return checkers;
  }

  private ajv(kind: 'param' | 'body'): Ajv {
    const existing = kind === 'param' ? this.paramAjv : this.bodyAjv;
    if (existing) return existing;
    // Atlassian's schemas use OpenAPI's keywords (nullable, readOnly) and a `url` format:
    // not strict, and the components added once so every operation's $refs resolve.
    const ajv = new Ajv({
      strict: false,
      allErrors: true,
      logger: false,
      ...(kind === 'param' ? { coerceTypes: 'array' as const } : {}),
    });
    addFormats(ajv);
    ajv.addFormat('url', true);
    ajv.addSchema({ $id: this.api, $defs: this.load().file.$defs });
    if (kind === 'param') this.paramAjv = ajv;
    else this.bodyAjv = ajv;
    return ajv;
  }
}

/** Refuses, naming every bad field, unless the inputs make a request the operation takes. */
export function checkOperationInputs(
  table: OperationTable,
  inputs: OperationInputs,
): TableOperation {
  const operation = pickOperation(table, inputs);
  const checkers = table.checkersOf(operation);
  const errors: FieldError[] = [];
  const groups = [
    ['path', 'pathParams', inputs.pathParams],
    ['query', 'query', inputs.query],
    ['header', 'headers', inputs.headers],
  ] as const;
  for (const [place, input, given] of groups) {
    const declared = operation.parameters.filter((p) => p.in === place);
    const values: Record<string, unknown> = given ?? {};
    for (const parameter of declared) {
      const field = `inputs.${input}.${parameter.name}`;
      const value = values[parameter.name];
      if (value === undefined) {
        if (parameter.required) {
          errors.push({ field, rule: 'required', message: `${field} is required` });
        }
        continue;
      }
      if (value === null || (typeof value === 'object' && !Array.isArray(value))) {
        errors.push({
          field,
          rule: 'type',
          message: `${field} must be a string, number, boolean or array`,
        });
        continue;
      }
      const validate = checkers.parameters.get(`${place} ${parameter.name}`)!;
      if (!validate({ value })) errors.push(...toFieldErrors(field, validate.errors, '/value'));
    }
    for (const name of Object.keys(values)) {
      if (!declared.some((p) => p.name === name)) {
        const field = `inputs.${input}.${name}`;
        errors.push({
          field,
          rule: 'unknownField',
          message: `${field} is not a ${place} parameter of ${operation.operationId}`,
        });
      }
    }
  }
  if (inputs.body === undefined) {
    if (operation.body?.required) {
      errors.push({ field: 'inputs.body', rule: 'required', message: 'inputs.body is required' });
    }
  } else if (!operation.body) {
    errors.push({
      field: 'inputs.body',
      rule: 'unknownField',
      message: `inputs.body: ${operation.operationId} takes no request body`,
    });
  } else if (!checkers.body) {
    errors.push({
      field: 'inputs.body',
      rule: 'mediaType',
      message: `inputs.body: ${operation.operationId} takes ${operation.body.mediaTypes.join(', ')}, not JSON`,
    });
  } else if (!checkers.body(inputs.body)) {
    errors.push(...toFieldErrors('inputs.body', checkers.body.errors, ''));
  }
  if (errors.length > 0) throw HubError.invalidFields(errors);
  return operation;
}

/** The operation an id names; where it names two, the one whose path parameters were given. */
function pickOperation(table: OperationTable, inputs: OperationInputs): TableOperation {
  const candidates = table.find(inputs.operationId);
  if (candidates.length === 0) {
    throw HubError.invalid(
      'inputs.operationId',
      'operation',
      `inputs.operationId: ${table.api} has no operation "${inputs.operationId}" (GET /api/actions/<name>/operations lists them)`,
    );
  }
  if (candidates.length === 1) return candidates[0];
  const given = Object.keys(inputs.pathParams ?? {})
    .sort()
    .join(',');
  const pathNames = (op: TableOperation) =>
    op.parameters
      .filter((p) => p.in === 'path')
      .map((p) => p.name)
      .sort()
      .join(',');
  const chosen = candidates.find((op) => pathNames(op) === given);
  if (chosen) return chosen;
  throw HubError.invalid(
    'inputs.pathParams',
    'operation',
    `inputs.pathParams: "${inputs.operationId}" names ${candidates.map((op) => `${op.method} ${op.path}`).join(' and ')}; give exactly the path parameters of one`,
  );
}

function toFieldErrors(
  base: string,
  errors: ErrorObject[] | null | undefined,
  strip: string,
): FieldError[] {
  const unique = new Map<string, FieldError>();
  for (const error of errors ?? []) {
    const at = error.instancePath.slice(strip.length).split('/').filter(Boolean);
    let field = [base, ...at].join('.');
    let rule = error.keyword;
    let message = `${field} ${error.message ?? 'is invalid'}`;
    if (error.keyword === 'required') {
      field = `${field}.${String(error.params.missingProperty)}`;
      rule = 'required';
      message = `${field} is required`;
    } else if (error.keyword === 'additionalProperties') {
      field = `${field}.${String(error.params.additionalProperty)}`;
      rule = 'unknownField';
      message = `${field} is not a property the operation takes`;
    }
    unique.set(`${field}\0${rule}`, { field, rule, message });
  }
  return [...unique.values()];
}

/** The request an operation's checked inputs make. */
export function requestOf(operation: TableOperation, inputs: OperationInputs): UpstreamRequest {
  const pathParams = inputs.pathParams ?? {};
  const path = operation.path
    .replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(pathParams[name])))
    .replace(/^\//, '');
  const query: UpstreamRequest['query'] = {};
  for (const [name, value] of Object.entries(inputs.query ?? {})) {
    query[name] = Array.isArray(value) ? value.map(String) : (value as string | number | boolean);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs.headers ?? {})) headers[name] = String(value);
  // Atlassian answers an experimental operation 412 unless the caller opts in.
  if (operation.experimental) headers['X-ExperimentalApi'] = 'opt-in';
  if (!METHODS.has(operation.method)) throw new Error(`Unexpected method ${operation.method}`);
  return {
    method: operation.method as UpstreamRequest['method'],
    path,
    query,
    headers,
    body: inputs.body,
  };
}

type Page = Record<string, unknown>;

/**
 * How an answer pages, if it does: the array holding its items and the request for the next page
 * (null at the end). Each shape ends as early as the answer allows, so fetchAll never asks for a
 * page past the last one.
 */
function nextPageOf(
  operation: TableOperation,
  request: UpstreamRequest,
  data: unknown,
): { items: string; next: UpstreamRequest | null } | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const page = data as Page;
  const items = ['values', 'issues', 'results'].find((key) => Array.isArray(page[key]));
  if (!items) return null;
  const count = (page[items] as unknown[]).length;
  const takes = (name: string) =>
    operation.parameters.some((p) => p.in === 'query' && p.name === name);
  const withQuery = (extra: Record<string, string | number>) => ({
    ...request,
    query: { ...request.query, ...extra },
  });
  if ('nextPageToken' in page || (items === 'issues' && takes('nextPageToken'))) {
    const token = page.nextPageToken;
    if (typeof token !== 'string' || token === '' || count === 0) return { items, next: null };
    if (takes('nextPageToken')) return { items, next: withQuery({ nextPageToken: token }) };
    if (request.body && typeof request.body === 'object') {
      return { items, next: { ...request, body: { ...request.body, nextPageToken: token } } };
    }
    return { items, next: null };
  }
  if (typeof page.startAt === 'number' && takes('startAt')) {
    const reached = page.startAt + count;
    const size = typeof page.maxResults === 'number' ? page.maxResults : count;
    const ended =
      count === 0 ||
      page.isLast === true ||
      (typeof page.total === 'number'
        ? reached >= page.total
        : page.isLast !== false && count < size);
    return { items, next: ended ? null : withQuery({ startAt: reached }) };
  }
  if (typeof page.start === 'number' && 'isLastPage' in page && takes('start')) {
    const ended = page.isLastPage !== false || count === 0;
    return { items, next: ended ? null : withQuery({ start: page.start + count }) };
  }
  if (takes('cursor') && ('nextPageCursor' in page || 'last' in page)) {
    const cursor = page.nextPageCursor;
    const ended = page.last === true || typeof cursor !== 'string' || count === 0;
    return { items, next: ended ? null : withQuery({ cursor }) };
  }
  return null;
}

/** Marks a merged answer as the end of the list, so it reads like a last page. */
function asLastPage(page: Page): Page {
  const last: Page = { ...page };
  if ('isLast' in last) last.isLast = true;
  if ('isLastPage' in last) last.isLastPage = true;
  if ('last' in last) last.last = true;
  delete last.nextPageToken;
  delete last.nextPageCursor;
  return last;
}

export async function runOperation(
  context: ActionContext,
  operation: TableOperation,
  inputs: OperationInputs,
): Promise<OperationOutputs> {
  let request = requestOf(operation, inputs);
  const first = await context.call<unknown>(request);
  let shape = nextPageOf(operation, request, first.data);
  if (!inputs.fetchAll || !shape) return { status: first.status, data: first.data, pages: 1 };
  const key = shape.items;
  const items = [...((first.data as Page)[key] as unknown[])];
  let pages = 1;
  while (shape?.next) {
    request = shape.next;
    const { data } = await context.call<unknown>(request);
    pages++;
    shape = nextPageOf(operation, request, data);
    const more = (data as Page | null)?.[key];
    if (!Array.isArray(more)) break;
    items.push(...(more as unknown[]));
  }
  return {
    status: first.status,
    data: asLastPage({ ...(first.data as Page), [key]: items }),
    pages,
  };
}

const PARAMETER_VALUES = {
  type: 'object',
  maxProperties: 100,
  propertyNames: { minLength: 1, maxLength: 255 },
} as const;

/** The action of one spoke over one operation table. */
export function operationAction(options: {
  name: string;
  spoke: Spoke;
  api: AtlassianApi;
  title: string;
  table: OperationTable;
  description: string;
  example: OperationInputs;
}): AnySpokeAction {
  const { table } = options;
  return defineAction<OperationInputs, OperationOutputs>({
    name: options.name,
    spoke: options.spoke,
    title: options.title,
    description: options.description,
    inputSchema: {
      type: 'object',
      required: ['operationId'],
      additionalProperties: false,
      properties: {
        operationId: {
          type: 'string',
          minLength: 1,
          maxLength: 200,
          title: 'Operation',
          description: `The operationId of the operation in Atlassian's OpenAPI description (GET /api/actions/${options.name}/operations lists them).`,
        },
        pathParams: {
          ...PARAMETER_VALUES,
          title: 'Path parameters',
          description: 'Values of the path template, by name.',
        },
        query: {
          ...PARAMETER_VALUES,
          title: 'Query parameters',
          description: 'Query parameters, by name; an array is sent as the parameter repeated.',
        },
        headers: {
          ...PARAMETER_VALUES,
          title: 'Headers',
          description: 'Header parameters the operation declares, by name.',
        },
        body: {
          title: 'Request body',
          description: "The JSON body, checked against the operation's schema.",
        },
        fetchAll: {
          type: 'boolean',
          default: false,
          title: 'Fetch all pages',
          description:
            "When Atlassian answers with a page (startAt/maxResults/total, start/limit/isLastPage, nextPageToken, a cursor), follow every page and return the items of all of them in the first page's shape.",
        },
      },
    },
    outputSchema: {
      type: 'object',
      required: ['status', 'data', 'pages'],
      properties: {
        status: { type: 'integer' },
        data: {},
        pages: { type: 'integer', minimum: 1 },
      },
    },
    // The operation's own scopes are checked per execution (plan below).
    scopes: { classic: [], granular: [] },
    operations: [],
    example: options.example as unknown as Record<string, unknown>,
    operationParts: {
      plan: (inputs): PlannedOperation => {
        const operation = checkOperationInputs(table, inputs);
        return {
          label: `${options.name} ${operation.operationId}`,
          scopes: operation.scopes,
          operations: [
            { api: options.api, method: operation.method as never, path: operation.path },
          ],
        };
      },
      listOperations: (search) => table.list(search),
    },
    run: async (context, inputs) =>
      runOperation(context, checkOperationInputs(table, inputs), inputs),
  });
}
