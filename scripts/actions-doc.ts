import type { AnySpokeAction } from '../src/actions/action-definition';
import { alternativesFor, ruleOf } from '../src/actions/input-alternatives';
import { SPOKE_DEFINITIONS } from '../src/spokes';
import { Spoke } from '../src/spokes/spoke';

/**
 * docs/actions.md, built from the action catalog so that the page cannot drift from the code:
 * `npm run docs:actions` writes it, test/actions-doc.e2e-spec.ts checks it is current.
 */

type Schema = Record<string, unknown>;

/** What a reader of a spoke's section must know before its actions. */
const SPOKE_NOTES: Partial<Record<Spoke, string>> = {
  [Spoke.AtlassianAdmin]: `These actions call the organization admin APIs at the root of the API host
(\`https://api.atlassian.com/admin/...\`, \`/scim/...\`, \`/users/...\`) with an org-admin or SCIM
API key as a bearer credential. \`../shared/atlassian-openapi/\` holds no OpenAPI description of
these APIs, so their requests are not checked against an official description: the tests check
them against a transcription of Atlassian's reference pages (path, method, query parameters,
path parameter rules, and the SCIM PatchOp body of RFC 7644), in
test/support/atlassian-admin-api.ts. Their OAuth scopes are not checked either; API keys are not
OAuth tokens, and the hub's scope check does not apply to them.
`,
};

const INTRO = `# Spoke actions

<!-- Generated from the action catalog (src/spokes/) by \`npm run docs:actions\`.
     Do not edit by hand: test/actions-doc.e2e-spec.ts fails when this file is out of date. -->

A spoke action is one piece of Atlassian work (create a customer, search users, …) that a flow
runs through an **alias**: the hub resolves the alias to its active connection, calls Atlassian
with that connection's credential, follows paging, waits out rate limits and records the
execution. The caller never sees a secret. \`GET /api/actions\` lists the catalog and
\`GET /api/actions/:name\` shows one action with the JSON Schemas of its inputs and outputs; the
same input schema validates every execution. Both, and everything below, need an \`admin\` or
\`designer\` token.

The requests the Jira and Jira Service Management actions send are checked in the tests
(test/actions-spec.e2e-spec.ts) against Atlassian's official OpenAPI descriptions in
\`../shared/atlassian-openapi/\`: path and method, required and declared query parameters,
headers such as \`X-ExperimentalApi: opt-in\`, and the JSON body against the operation's schema,
for each example and for the other branches (every page of \`fetchAll\`, the alternative
endpoints and selectors, fallbacks). Their OAuth scopes are the ones those descriptions give.
The Atlassian admin actions are the exception: see [below](#atlassian-admin-atlassian-admin).

## Running an action

\`POST /api/actions/<name>/execute\` with \`{"alias": "<alias name>", "inputs": {…}}\`:

- **200** \`{"status": "success", "executionId", "outputs"}\`: \`outputs\` matches the action's
  output schema.
- **502** \`{"status": "error", "executionId", "error": {"httpStatus", "message", "details"}}\`:
  Atlassian answered with an error, or could not be reached. \`httpStatus\` is Atlassian's status
  (\`null\` when no answer came; \`details.code\` then says why, e.g. \`ECONNRESET\`). \`details\`
  is always present: Atlassian's own \`errorMessages\`, \`errors\`, \`message\`, \`errorMessage\`
  and \`code\` when it answered a JSON object, and \`null\` when its body was not one (an HTML page
  from a proxy or gateway, an empty body). The message says what to fix for 401 (the API token or
  access token is wrong, expired or revoked), 403 (a missing scope or permission: it names the
  scopes the action declares), 404 and a 429 that outlasted the retry policy (naming the limit,
  with \`details.rateLimit\`: see [Limits by reason](#limits-by-reason)). A failed OAuth token
  refresh at Atlassian's token endpoint (unreachable, no answer) is answered the same way.
  The credential of the call, if Atlassian echoes it in an error (bare, URL-encoded, JSON-escaped,
  base64, \`Bearer …\`, \`Basic …\`), is masked in the message and \`details\`
  ([security.md](security.md#secrets-echoed-back-by-the-upstream)).
- **4xx** for a bad request to the hub, as \`{"statusCode", "error", "message"}\` plus
  \`errors\` (one \`{field, rule, message}\` per bad field) and \`executionId\` once an execution
  was recorded:
  - 400 \`invalid_input\`: the inputs do not match the input schema, every bad field named
    (\`inputs.email\`; rules such as \`required\`, \`unknownField\`, \`format\`, \`fromConnection\`);
    not recorded.
    Where an inputs table says "exactly one of", giving none is refused as \`required\` on the
    first of them and giving more than one as \`exclusive\` on the second one given;
  - 400 \`wrong_spoke\`: the alias belongs to another spoke than the action;
  - 404 \`not_found\`: unknown action, or unknown alias;
  - 409 \`no_active_connection\`, \`credential_missing\`, \`missing_scopes\` (see below),
    \`host_not_allowed\`.
- **500** \`execution_not_recorded\`: the action ran, but the hub could not commit its execution to
  the history (the database refused or could not be reached). The answer is what the 200, 502 or
  4xx would have said, in \`outcome\` (\`{"status": "success", "outputs"}\` or
  \`{"status": "error", "error": {"httpStatus", "message", "details"}}\`), with the
  \`executionId\` the execution would have had; the message says whether anything was sent to
  Atlassian. Check Atlassian before repeating such an execution: a write may have been made.

Every execution of a known action with valid inputs is recorded, successful or not, with its\n\`executionId\` in the answer.

## Inputs from connection attributes

A connection can carry **attributes**: named string values such as
\`{"serviceDeskId": "4", "projectKey": "OPS"}\` (set on \`POST\`/\`PATCH /api/connections\` or in the
console; names are a letter, then letters, digits or \`_\`, at most 64 characters; at most 50
attributes of at most 500 characters each). An action's inputs take them from the connection the
alias resolves to, so one flow runs unchanged through each child alias:

- a top-level input written \`{"fromConnection": "serviceDeskId"}\` takes that attribute's value; an
  attribute the connection lacks is refused with 400 \`invalid_input\` on that input (rule
  \`fromConnection\`, the message names the attribute) and nothing is sent;
- a top-level input the caller leaves out takes the attribute of the same name, when there is
  one and the input takes a string (not for an input of an "exactly one of" choice when another
  of its alternatives is given). What the caller gives always wins.

This happens before the input schema is checked, so an attribute's value meets the same rules as
a typed one, and the execution history records the values used, not the references. Attributes
are **not secret**: designers see them and the history records them; never put a password or
token in one. An edit of the attributes is seen by the next execution.

## Paging

List actions answer one page as \`{"items": […], "next": {…} | null}\`: \`next\` holds the inputs
(\`startAt\`, \`start\`, a page token or a cursor, depending on the API) that fetch the following
page; pass them back with the other inputs, and stop when \`next\` is \`null\`. Each action follows
its API's own paging (Jira's \`startAt\`/\`maxResults\`, Jira Service Management's
\`start\`/\`limit\`/\`isLastPage\`, \`nextPageToken\`, the admin APIs' cursors).

Without \`fetchAll\`, the page-size input (\`maxResults\` or \`limit\`) sets the size of the one
page answered; its default is the largest page the endpoint allows (for \`jira.search_issues\`,
100: the most Atlassian serves with fields other than ids and keys), and a value above the
endpoint's largest page is refused with 400 (\`maximum\`).

With \`"fetchAll": true\` the action asks for the largest page the endpoint allows and follows
every page itself; it answers all the items with \`next: null\`. The page-size input is then
ignored, not refused: the answer is every item whatever size was asked, a smaller page would only
cost more requests, and a flow can switch \`fetchAll\` on without editing its other inputs. The
start input (\`startAt\`, \`start\`, a token or a cursor) is still honoured. The action stops as
soon as the API says the last page was reached, so N items cost ceil(N / page size) requests.
Endpoints that answer a plain array with no total or last-page flag (Jira's user search) end at
the first short page, so there an N that is an exact multiple of the page size costs one more
request, for the empty page. \`jira.search_issues\` asks for 5000 issues a page, the most
Atlassian serves, which it does only when \`fields\` is \`["id"]\` or \`["key"]\`; with other fields
it serves fewer a page (100 in practice), and the action follows \`nextPageToken\` until it is
absent. The admin APIs' cursor pages have a size fixed by Atlassian (100 users).

## Any documented operation

\`jira.operation\` and \`jsm.operation\` run any operation of Jira's platform REST API (v3) or of
Jira Service Management's REST API, named by its \`operationId\` in Atlassian's OpenAPI
description, with \`pathParams\`, \`query\`, \`headers\` and a JSON \`body\`. The hub knows the
operations from a table generated from those descriptions (\`npm run operations:generate\` writes
\`src/spokes/jira/operations.generated.json\` and \`src/spokes/jsm/operations.generated.json\`;
a unit test fails when they are stale): method, path, parameters with their schemas, the body
schema, whether the operation is experimental, and its classic and granular scopes.
\`GET /api/actions/jira.operation/operations?search=issue comment\` (or \`jsm.operation\`) lists
them, each word of \`search\` matched in the id, method or path.

Before anything is sent or recorded, the inputs are checked against the operation: it must
exist (\`inputs.operationId\`, rule \`operation\`), every path parameter and every required query
parameter and header must be given (\`required\`), values must match their schemas (numbers may
come as text, one value where an array is taken), parameters the operation does not declare are
refused (\`unknownField\`, so no \`Authorization\` header can be slipped in), and the body must
match the JSON schema (\`inputs.body.<path>\`, Ajv's rule), be given when required and be absent
when the operation takes none; an operation that takes only non-JSON bodies (attachments) is
refused (\`mediaType\`). Each is a 400 \`invalid_input\` naming the field and rule. A few JSM ids
name two operations (an organization's and a request type's properties): the path parameters
given choose one. On an OAuth connection the operation's scopes are checked like an action's
(409 \`missing_scopes\`). Experimental operations are sent with \`X-ExperimentalApi: opt-in\`.

The outputs are \`{status, data, pages}\`: Atlassian's status and answer. With \`"fetchAll": true\`
an answer in one of Atlassian's page shapes (\`startAt\`/\`maxResults\`/\`total\` or \`isLast\`,
\`start\`/\`limit\`/\`isLastPage\`, \`nextPageToken\` in the query or the body, a \`cursor\` with
\`nextPageCursor\`/\`last\`) is followed page by page, with the page size the caller gave, and
stops as soon as the answer says it is the last: \`data\` is the first page holding every page's
items, marked as the last page, and \`pages\` says how many requests it took. Retries (only for
\`GET\`, \`PUT\` and \`DELETE\`), rate limits by the operation's endpoint, redaction and the
execution history are those of every action.

## Retries, rate limits and the gate

Each connection carries a retry policy: \`maxRetries\` (default 3, at most 10),
\`maxRetryWaitSeconds\` (default 60: the most one execution waits in all) and \`timeoutMs\` (default
30 000, per request).

- **429** is retried for any method once the limit it names has passed (see below): after
  \`Retry-After\` (delay-seconds or an HTTP date), or \`X-RateLimit-Reset\`; with neither, after an
  exponential backoff with jitter (between half and all of 500 ms × 2^attempt, at most 30 s).
- **500, 502, 503, 504 and network errors** (including a timeout) are retried with the same
  backoff only where repeating is safe: \`GET\`, \`PUT\`, \`DELETE\`, and a \`POST\` the action
  marks idempotent. A connection that was refused or a host that did not resolve
  (\`ECONNREFUSED\`, \`ENOTFOUND\`, \`EAI_AGAIN\`) is retried for any method, since nothing was
  sent. A **503 with \`Retry-After\`** (Atlassian out of a resource) waits that long instead of the
  backoff, and holds back the whole connection meanwhile, like a 429 without a reason.
- No retry happens once \`maxRetries\` retries are spent, or when the next wait would take the
  execution's total waiting past \`maxRetryWaitSeconds\`; the last answer then becomes the 502.

### Limits by reason

Jira Cloud runs several limits at once and names the one a 429 comes from in \`RateLimit-Reason\`,
with \`Retry-After\`, \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\` and \`X-RateLimit-Reset\` (an ISO
8601 time). The hub holds back exactly what the limit covers, for the time Atlassian names, not
only the request that met it: every execution whose request falls in that scope waits before
sending, and that wait counts against its own \`maxRetryWaitSeconds\`.

| \`RateLimit-Reason\` | Atlassian's limit | what the hub holds back | until |
| --- | --- | --- | --- |
| \`jira-per-issue-on-write\` | writes to one issue | writes (any method but \`GET\`) to that issue on that site, from any connection; reads of it and writes to other issues go on | \`Retry-After\` |
| \`jira-burst-based\` | requests per second to one endpoint | that endpoint (method and path template, e.g. \`GET /rest/api/3/issue/{issueIdOrKey}\`, whatever issue) on that connection; other endpoints, other methods and other connections go on | \`Retry-After\` |
| \`jira-quota-global-based\` | the OAuth app's hourly points, shared by every site it is connected to | every connection whose credential has that OAuth client id, on every site | \`X-RateLimit-Reset\` or \`Retry-After\`, whichever is later |
| \`jira-quota-tenant-based\` | the OAuth app's hourly points on one site | every connection of that client id to that site | \`X-RateLimit-Reset\` or \`Retry-After\`, whichever is later |
| none, or another | unknown | the whole connection | \`Retry-After\` |

A request's endpoint and issue come from the action's operations: the path template it matches
names the endpoint, and a template parameter \`issueIdOrKey\` (or \`issueId\`, \`issueKey\`) names
the issue, so every action that writes to an issue is covered. An issue named by id and by key
counts as two. A per-issue limit met by a request that names no issue holds back its endpoint.
Basic and bearer credentials have no OAuth app: a quota limit holds back the connections that use
the same credential.

An execution that would have to wait longer than its remaining budget fails at once, without
sending, with a 502 (\`httpStatus\` 429); one whose retries ran out answers Atlassian's last 429 the
same way. Either way \`details.rateLimit\` says which limit stopped it: \`reason\` (one of the
above, \`unspecified\`, or \`service-unavailable\` for a 503), \`scope\` (\`issue\`, \`endpoint\`,
\`app\`, \`app-site\` or \`connection\`), \`issue\` or \`endpoint\` where they apply,
\`retryAfterSeconds\` and \`resetAt\` when Atlassian sent one; the message says it in words. The
execution history keeps the same error, and each 429 in its \`upstream\` calls carries
\`rateLimitReason\`. A quota hold lasts until the quota resets (up to an hour), so executions of
that app fail fast until then instead of each spending a request.

**Pacing.** An answer with \`X-RateLimit-NearLimit: true\`, or whose \`X-RateLimit-Remaining\` is
under 20% of \`X-RateLimit-Limit\`, slows its connection down before any 429: its requests then
go one at a time, one interval apart, the interval spreading what remains over the time to
\`X-RateLimit-Reset\` (between 100 ms and 1 s; 250 ms when the answer names neither). Pacing lasts
until the reset (at most a minute, renewed by every near-limit answer; 10 s when no reset is
named), or until an answer says \`X-RateLimit-NearLimit: false\` or 20% or more remains. Pacing
never fails an execution and does not count against \`maxRetryWaitSeconds\`; each hub instance
paces its own requests.

**Several instances.** Hub instances sharing PostgreSQL share the holds (not the pacing): a hold
one of them learns is written to the database (\`rate_limit_holds\`, keyed by its scope), and the
others read it within a second and hold back too, so an OAuth app's used-up quota stops every
instance. SQLite serves one instance and keeps its holds in memory.

## OAuth scopes

Before calling Atlassian, an execution on an OAuth 2.0 connection checks the connection's scopes:
they must include all of the action's classic scopes, or all of its granular scopes. Otherwise it
fails fast with 409 \`missing_scopes\`, \`missingScopes\` listing the missing classic scopes and
the message naming the granular alternative, instead of a 403 from Atlassian. Basic (API token)
and bearer credentials are not checked: they act with the account's own permissions.

Once the connection has a token, the same check runs against the scopes the token was granted:
after an edit that added scopes (status \`scopes_changed\`), an action that needs one the token
lacks fails fast with 409 \`missing_scopes\` (with \`grantedScopes\`) until an admin gets a new
token.

An OAuth connection also needs its token first (Save and Get OAuth Token, see
[oauth.md](oauth.md)): without one it answers 409 \`credential_missing\`; with a grant Atlassian
revoked, 409 \`oauth_reauthorization_required\`; without a site yet, 409
\`connection_without_site\`; all before anything is sent. The access token is refreshed when it
expires within a minute, and once more when Atlassian refuses a token the hub believed valid: a
401, or a 403 or 404 whose answer says the token expired or is invalid (see
[oauth.md](oauth.md#when-atlassian-refuses-a-token)); the request is then repeated once.

## Execution history

- \`GET /api/executions\`: newest first (ties by id), as
  \`{"items", "total", "totalExact", "limit", "offset", "nextCursor"}\`. Filters, in any
  combination: \`action\`, \`alias\`, \`status\` (\`success\` or \`error\`), \`requestId\` (the
  X-Request-Id of the request that ran it), \`from\` (started at or after, ISO 8601), \`to\`
  (started before, ISO 8601). Paging: \`limit\` (1 to 200, default 50) with \`offset\` (default 0),
  or with \`cursor\`, the \`nextCursor\` of the previous page (\`null\` on the last page): the page
  starts after that execution, so executions recorded meanwhile neither repeat nor shift rows, and
  a deep page costs what the first does (not together with an \`offset\`). \`total\` counts the
  matching executions up to 10,000 and estimates above from how fast they arrived
  (\`totalExact: false\`); \`total=exact\` counts them all. Each item: \`id\`, \`action\`, \`alias\`,
  \`connectionId\`, \`actor\` (the token or user that ran it), \`requestId\`, \`status\`,
  \`startedAt\`, \`finishedAt\`, \`durationMs\`. Every filter combination is served by an index,
  and on SQLite the history is read in a worker thread, so listing never holds up executions
  ([decision 58](decisions.md)).
- \`GET /api/executions/:id\`: the same plus \`inputs\`, \`outputs\`, \`error\` and \`upstream\`,
  the calls made to Atlassian (\`method\`, \`path\` without query string, \`status\`,
  \`durationMs\`, \`attempt\`, \`error\` for a network failure, \`rateLimitReason\` for a 429).
  An execution stopped by a rate limit keeps \`error.details.rateLimit\`
  ([Limits by reason](#limits-by-reason)).

Fields named like secrets (\`token\`, \`password\`, \`authorization\`, …) are masked before
anything is stored, request headers are never stored, and a stored value longer than 16 384
characters of JSON is replaced by \`{"truncated": true, "originalLength", "preview"}\`.

An execution is recorded when it finishes (one still running is not listed yet), and its
answer is sent only once its row is committed: every execution answered with an \`executionId\`
is in \`/api/executions\`, on every hub instance sharing the database, even if the hub is killed
right after answering (on SQLite, an operating-system crash or a power cut may still lose the
last seconds' commits: [decision 46](decisions.md)). Executions that finish at the same time are committed together, in one
transaction (they wait for the one being written, a few milliseconds). When the database does
not commit an execution, the execute call answers 500 \`execution_not_recorded\` with the outcome
(above), and the whole redacted execution is logged at \`error\` (\`An execution could not be
recorded\`, with its \`executionId\`): the log is then its only record.

**Retention.** Executions older than \`HUB_EXECUTION_RETENTION_DAYS\` (default 30, from 1 to 3650)
are deleted at start and then every hour.
`;

/** The whole of docs/actions.md for these actions. */
export function renderActionsDoc(actions: readonly AnySpokeAction[]): string {
  const bySpoke = SPOKE_DEFINITIONS.map((definition) => ({
    spoke: definition.name,
    title: definition.title,
    actions: actions
      .filter((action) => action.spoke === definition.name)
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
  const parts: string[] = [INTRO, '## Catalog\n'];
  for (const { title, actions: list } of bySpoke) {
    const names = list.map((action) => `[\`${action.name}\`](#${anchor(action.name)})`);
    parts.push(`- ${title}: ${names.length > 0 ? names.join(', ') : 'none yet'}`);
  }
  parts.push('');
  for (const { spoke, title, actions: list } of bySpoke) {
    parts.push(`## ${title} (\`${spoke}\`)\n`);
    const note = SPOKE_NOTES[spoke];
    if (note) parts.push(note);
    if (list.length === 0) parts.push('No actions yet.\n');
    for (const action of list) parts.push(renderAction(action));
  }
  return `${parts.join('\n').trimEnd()}\n`;
}

function renderAction(action: AnySpokeAction): string {
  const lines: string[] = [`### ${action.name}\n`, `**${action.title}.** ${action.description}\n`];
  if (action.operationParts) {
    const count = action.operationParts.listOperations().length;
    lines.push(
      `Atlassian operations: any of the ${count} of its description, named by \`operationId\` (\`GET /api/actions/${action.name}/operations\`); see [Any documented operation](#any-documented-operation).\n`,
      "OAuth scopes: the operation's own, checked per execution.\n",
    );
  } else {
    lines.push(
      `Atlassian operations: ${action.operations
        .map((op) => `\`${op.method} ${op.path}\` (${op.api})`)
        .join(', ')}\n`,
    );
    lines.push(
      'OAuth scopes:\n',
      `- classic: ${codeList(action.scopes.classic)}`,
      `- granular: ${codeList(action.scopes.granular)}\n`,
    );
  }
  lines.push('Inputs:\n', renderInputs(action.inputSchema), '');
  lines.push('Outputs:\n', renderOutputs(action.outputSchema), '');
  // The parent alias each spoke ships with (see the initial migration).
  const alias = SPOKE_DEFINITIONS.find((spoke) => spoke.name === action.spoke)?.parentAlias;
  const body = JSON.stringify({ alias, inputs: action.example });
  lines.push(
    'Example:\n',
    '```sh',
    `curl -s -X POST "$HUB/api/actions/${action.name}/execute" -H "Authorization: Bearer $TOKEN" \\`,
    `  -H 'Content-Type: application/json' -d '${body.replace(/'/g, `'\\''`)}'`,
    '```\n',
  );
  return lines.join('\n');
}

function renderInputs(schema: Schema): string {
  const properties = propertiesOf(schema);
  if (properties.length === 0) return 'None.';
  const required = new Set(requiredOf(schema));
  // A oneOf of `required` lists ("groupname or groupId") makes neither required on its own.
  const requiredCell = (name: string): string => {
    if (required.has(name)) return 'yes';
    const choice = alternativesFor(schema, name);
    return choice ? ruleOf(choice, (property) => `\`${property}\``) : 'no';
  };
  const rows = properties.map(([name, property]) => [
    `\`${name}\``,
    typeOf(property),
    requiredCell(name),
    notesOf(property),
  ]);
  return table(['name', 'type', 'required', 'description'], rows);
}

function renderOutputs(schema: Schema): string {
  const properties = propertiesOf(schema);
  if (properties.length === 0) return `${typeOf(schema)} (see \`GET /api/actions/:name\`).`;
  const required = new Set(requiredOf(schema));
  const rows = properties.map(([name, property]) => [
    `\`${name}\``,
    typeOf(property),
    required.has(name) ? 'always' : 'optional',
    notesOf(property),
  ]);
  return table(['field', 'type', 'present', 'description'], rows);
}

function propertiesOf(schema: Schema): Array<[string, Schema]> {
  const properties = schema.properties;
  if (!properties || typeof properties !== 'object') return [];
  return Object.entries(properties as Record<string, Schema>);
}

function requiredOf(schema: Schema): string[] {
  return Array.isArray(schema.required) ? (schema.required as string[]) : [];
}

/** A short type: `string`, `integer`, `array of object`, `string or null`, `"fixed"`. */
function typeOf(schema: Schema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const variants = schema[key];
    if (Array.isArray(variants)) return (variants as Schema[]).map(typeOf).join(' or ');
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const named = types
    .filter((type) => typeof type === 'string')
    .map((type) => {
      if (type !== 'array') return type;
      const items = schema.items;
      return items && typeof items === 'object' ? `array of ${typeOf(items as Schema)}` : 'array';
    });
  return named.length > 0 ? named.join(' or ') : 'any';
}

/** Description, format, limits, allowed values and default, in one cell. */
function notesOf(schema: Schema): string {
  const notes: string[] = [];
  const text = (key: string): string => {
    const value = schema[key];
    return typeof value === 'string' ? value : '';
  };
  // Sentences lose their final full stop: the notes are joined with semicolons.
  if (text('title')) notes.push(text('title').replace(/\.$/, ''));
  if (text('description')) notes.push(text('description').replace(/\.$/, ''));
  if (text('format')) notes.push(`format \`${text('format')}\``);
  if (Array.isArray(schema.enum)) {
    notes.push(`one of ${(schema.enum as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`);
  }
  const limits: Array<[string, string]> = [
    ['minLength', 'at least {} characters'],
    ['maxLength', 'at most {} characters'],
    ['minimum', 'at least {}'],
    ['maximum', 'at most {}'],
    ['exclusiveMinimum', 'more than {}'],
    ['exclusiveMaximum', 'less than {}'],
    ['minItems', 'at least {} items'],
    ['maxItems', 'at most {} items'],
  ];
  for (const [key, phrase] of limits) {
    const value = schema[key];
    if (typeof value !== 'number') continue;
    const text = phrase.replace('{}', String(value));
    notes.push(value === 1 ? text.replace(/s$/, '') : text);
  }
  if (text('pattern')) notes.push(`pattern \`${text('pattern')}\``);
  const items = schema.items as Schema | undefined;
  if (items && typeof items === 'object') {
    const fields = propertiesOf(items).map(([name]) => `\`${name}\``);
    if (fields.length > 0) notes.push(`items have ${fields.join(', ')}`);
    else if (notesOf(items)) notes.push(`each item: ${notesOf(items)}`);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const variants = schema[key];
    if (!Array.isArray(variants)) continue;
    for (const variant of variants as Schema[]) {
      const fields = propertiesOf(variant).map(([name]) => `\`${name}\``);
      if (fields.length > 0) notes.push(`as an object: fields ${fields.join(', ')}`);
    }
  }
  if (schema.properties) {
    const fields = propertiesOf(schema).map(([name]) => `\`${name}\``);
    if (fields.length > 0) notes.push(`fields ${fields.join(', ')}`);
  }
  if (schema.default !== undefined) notes.push(`default \`${JSON.stringify(schema.default)}\``);
  if (schema.example !== undefined) notes.push(`e.g. \`${JSON.stringify(schema.example)}\``);
  return notes.join('; ');
}

function table(header: string[], rows: string[][]): string {
  const cell = (value: string) => value.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

function codeList(values: string[]): string {
  return values.length > 0 ? values.map((value) => `\`${value}\``).join(', ') : 'none';
}

/** GitHub's heading anchor for a heading that is just the action name. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}
