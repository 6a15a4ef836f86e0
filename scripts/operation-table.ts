import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The operation tables of `jira.operation` and `jsm.operation`, built from Atlassian's OpenAPI
 * descriptions in ../shared/atlassian-openapi. Only facts a request is checked against are kept
 * (ids, methods, paths, parameter and body schemas, the experimental flag, scopes): descriptions,
 * titles and examples are dropped. `npm run operations:generate` writes the tables; a unit test
 * regenerates them in memory and fails when the committed files differ.
 */

type Json = Record<string, unknown>;

export interface OperationTableSource {
  api: 'jira-platform' | 'jira-servicedesk';
  /** The description's file in ../shared/atlassian-openapi. */
  file: string;
  /** Where the table is committed, relative to the repository root. */
  out: string;
}

export const OPERATION_TABLE_SOURCES: OperationTableSource[] = [
  {
    api: 'jira-platform',
    file: 'jira-platform-v3.json',
    out: 'src/spokes/jira/operations.generated.json',
  },
  {
    api: 'jira-servicedesk',
    file: 'jira-servicedesk.json',
    out: 'src/spokes/jsm/operations.generated.json',
  },
];

/** The repository root, whether this runs from scripts/ (ts-jest) or compiled in dist-bench/. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(resolve(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}
export const REPO_ROOT = repositoryRoot();
export const SPEC_DIR = resolve(REPO_ROOT, '../shared/atlassian-openapi');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// Prose and samples, not facts a request is checked against.
const DROPPED = new Set(['description', 'title', 'example', 'examples', 'externalDocs', 'xml']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMAS = new Set(['items', 'additionalProperties', 'not']);
const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/;

/** A schema without prose, its component `$ref`s pointed at the table's `$defs`. */
function cleanSchema(schema: unknown, api: string, used: Set<string>): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (DROPPED.has(key) || key === 'discriminator') continue;
    if (key === '$ref' && typeof value === 'string') {
      const match = COMPONENT_REF.exec(value);
      if (!match) throw new Error(`Unexpected $ref ${value} in ${api}`);
      used.add(match[1]);
      out.$ref = `${api}#/$defs/${match[1]}`;
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value as Json).map(([name, sub]) => [name, cleanSchema(sub, api, used)]),
      );
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => cleanSchema(sub, api, used));
    } else if (SCHEMAS.has(key) && typeof value === 'object') {
      out[key] = cleanSchema(value, api, used);
    } else {
      out[key] = value;
    }
  }
  return out;
}

interface RawParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}

interface RawOperation {
  operationId: string;
  parameters?: RawParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  'x-experimental'?: boolean;
  'x-atlassian-oauth2-scopes'?: Array<{ scopes: string[]; state: string }>;
}

/** The table of one description, as committed (keys in a fixed order, operations by id). */
export function buildOperationTable(source: OperationTableSource): Json {
  const document = JSON.parse(readFileSync(resolve(SPEC_DIR, source.file), 'utf8')) as {
    paths: Record<string, Record<string, RawOperation>>;
    components: { schemas: Record<string, unknown> };
  };
  const used = new Set<string>();
  const operations: Json[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const scopes = operation['x-atlassian-oauth2-scopes'] ?? [];
      const byState = (state: string) =>
        [...new Set(scopes.filter((s) => s.state === state).flatMap((s) => s.scopes))].sort();
      const content = operation.requestBody?.content;
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
          .map((p) => ({
            name: p.name,
            in: p.in,
            required: p.in === 'path' || p.required === true,
            schema: cleanSchema(p.schema ?? {}, source.api, used),
          })),
        body: content
          ? {
              required: operation.requestBody?.required === true,
              mediaTypes: Object.keys(content),
              schema:
                content['application/json']?.schema === undefined
                  ? null
                  : cleanSchema(content['application/json'].schema, source.api, used),
            }
          : null,
        experimental: operation['x-experimental'] === true,
        scopes: { classic: byState('Current'), granular: byState('Beta') },
      });
    }
  }
  // JSM gives a few ids to two operations (an organization's and a request type's properties):
  // the path breaks the tie, and the action tells them apart by their path parameters.
  operations.sort(
    (a, b) =>
      String(a.operationId).localeCompare(String(b.operationId)) ||
      String(a.path).localeCompare(String(b.path)),
  );
  // Components reach further components: follow them until nothing new is named.
  const defs: Record<string, unknown> = {};
  for (let pending = [...used]; pending.length > 0;) {
    const before = new Set(used);
    for (const name of pending) {
      defs[name] = cleanSchema(document.components.schemas[name], source.api, used);
    }
    pending = [...used].filter((name) => !before.has(name));
  }
  const sortedDefs = Object.fromEntries(
    Object.keys(defs)
      .sort()
      .map((name) => [name, defs[name]]),
  );
  return { $id: source.api, operations, $defs: sortedDefs };
}

/** The committed text of a table: what the generator writes and the staleness test compares. */
export function renderOperationTable(source: OperationTableSource): string {
  return `${JSON.stringify(buildOperationTable(source), null, 1)}\n`;
}
