import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_SPOKE_ACTIONS, DEFAULT_SCOPES } from '.';
import { ATLASSIAN_ACCOUNT_SCOPES, Spoke } from './spoke';

// The repository is checked out with `shared` beside it.
const OPENAPI_DIR = resolve(__dirname, '../../../shared/atlassian-openapi');
const OPENAPI_FILES = ['jira-platform-v3.json', 'jira-servicedesk.json'];

interface OpenApiOperation {
  'x-atlassian-oauth2-scopes'?: { state?: string; scopes?: string[] }[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

function readDocument(file: string): OpenApiDocument {
  return JSON.parse(readFileSync(resolve(OPENAPI_DIR, file), 'utf8')) as OpenApiDocument;
}

/** Every scope some operation of the files declares, classic and granular alike. */
function declaredScopes(): Set<string> {
  const scopes = new Set<string>();
  for (const file of OPENAPI_FILES) {
    const document = readDocument(file);
    for (const pathItem of Object.values(document.paths)) {
      for (const operation of Object.values(pathItem)) {
        for (const entry of operation['x-atlassian-oauth2-scopes'] ?? []) {
          for (const scope of entry.scopes ?? []) scopes.add(scope);
        }
      }
    }
  }
  return scopes;
}

const accountScopes: readonly string[] = ATLASSIAN_ACCOUNT_SCOPES;

const jiraScopesBySpoke = Object.entries(DEFAULT_SCOPES).flatMap(([spoke, scopes]) =>
  scopes.filter((scope) => !accountScopes.includes(scope)).map((scope) => [spoke, scope]),
);

describe('DEFAULT_SCOPES', () => {
  let declared: Set<string>;

  beforeAll(() => {
    declared = declaredScopes();
  });

  it('finds the operations of both OpenAPI files', () => {
    expect(declared).toContain('read:jira-work');
    expect(declared).toContain('read:servicedesk-request');
  });

  it.each(jiraScopesBySpoke)(
    '%s: %s is declared by an operation of the Atlassian OpenAPI files',
    (_spoke, scope) => {
      expect(declared).toContain(scope);
    },
  );

  it('gives the jsm spoke the scopes of ServiceNow’s JSM spoke, in its order', () => {
    expect(DEFAULT_SCOPES[Spoke.Jsm]).toEqual([
      'read:jira-user',
      'read:servicedesk-request',
      'write:servicedesk-request',
      'manage:servicedesk-customer',
      'read:jira-work',
      'read:me',
      'read:account',
      'offline_access',
    ]);
  });

  it.each([Spoke.Jira, Spoke.Jsm])('asks for a refresh token for %s', (spoke) => {
    expect(DEFAULT_SCOPES[spoke]).toContain('offline_access');
  });

  it('has no 3LO scopes for the Atlassian admin spoke, which takes an org API key', () => {
    expect(DEFAULT_SCOPES[Spoke.AtlassianAdmin]).toEqual([]);
  });

  it('lists no scope twice', () => {
    for (const scopes of Object.values(DEFAULT_SCOPES)) {
      expect(new Set(scopes).size).toBe(scopes.length);
    }
  });

  // A connection edited without scopes gets the defaults back (decision 8), so an action whose
  // classic scopes are missing from them would fail with 401 after any edit of its connection.
  it.each(ALL_SPOKE_ACTIONS.filter((action) => action.scopes.classic.length > 0))(
    'gives $spoke connections the classic scopes of $name',
    (action) => {
      expect(DEFAULT_SCOPES[action.spoke]).toEqual(expect.arrayContaining(action.scopes.classic));
    },
  );
});

/**
 * The operations issue 13 adds to the catalog (the JSM request lifecycle and organizations, Jira
 * issue work). Their classic scopes ("Current" in x-atlassian-oauth2-scopes) must be in the
 * defaults before the actions are written, so that adding one never needs a default changed.
 */
const PLANNED_OPERATIONS: Record<Spoke.Jira | Spoke.Jsm, { file: string; ops: string[] }> = {
  [Spoke.Jsm]: {
    file: 'jira-servicedesk.json',
    ops: [
      'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype',
      'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field',
      'GET /rest/servicedeskapi/request',
      'GET /rest/servicedeskapi/request/{issueIdOrKey}/status',
      'GET /rest/servicedeskapi/request/{issueIdOrKey}/comment',
      'POST /rest/servicedeskapi/request/{issueIdOrKey}/comment',
      'GET /rest/servicedeskapi/request/{issueIdOrKey}/transition',
      'POST /rest/servicedeskapi/request/{issueIdOrKey}/transition',
      'GET /rest/servicedeskapi/request/{issueIdOrKey}/participant',
      'POST /rest/servicedeskapi/request/{issueIdOrKey}/participant',
      'DELETE /rest/servicedeskapi/request/{issueIdOrKey}/participant',
      'GET /rest/servicedeskapi/request/{issueIdOrKey}/approval',
      'POST /rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}',
      'GET /rest/servicedeskapi/request/{issueIdOrKey}/sla',
      'PUT /rest/servicedeskapi/request/{issueIdOrKey}/notification',
      'DELETE /rest/servicedeskapi/request/{issueIdOrKey}/notification',
      'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue',
      'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue/{queueId}/issue',
      'GET /rest/servicedeskapi/organization',
      'POST /rest/servicedeskapi/organization',
      'DELETE /rest/servicedeskapi/organization/{organizationId}',
      'GET /rest/servicedeskapi/organization/{organizationId}/user',
      'POST /rest/servicedeskapi/organization/{organizationId}/user',
      'DELETE /rest/servicedeskapi/organization/{organizationId}/user',
      'POST /rest/servicedeskapi/servicedesk/{serviceDeskId}/organization',
      'DELETE /rest/servicedeskapi/servicedesk/{serviceDeskId}/organization',
    ],
  },
  [Spoke.Jira]: {
    file: 'jira-platform-v3.json',
    ops: [
      'PUT /rest/api/3/issue/{issueIdOrKey}',
      'DELETE /rest/api/3/issue/{issueIdOrKey}',
      'GET /rest/api/3/issue/{issueIdOrKey}/transitions',
      'POST /rest/api/3/issue/{issueIdOrKey}/transitions',
      'GET /rest/api/3/issue/{issueIdOrKey}/comment',
      'POST /rest/api/3/issue/{issueIdOrKey}/comment',
      'PUT /rest/api/3/issue/{issueIdOrKey}/assignee',
      'GET /rest/api/3/issue/{issueIdOrKey}/watchers',
      'POST /rest/api/3/issue/{issueIdOrKey}/watchers',
      'DELETE /rest/api/3/issue/{issueIdOrKey}/watchers',
      'POST /rest/api/3/group',
      'DELETE /rest/api/3/group',
      'GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
      'GET /rest/api/3/issuetype',
      'GET /rest/api/3/status',
      'GET /rest/api/3/statuses/search',
    ],
  },
};

describe.each(Object.entries(PLANNED_OPERATIONS))('%s default scopes', (spoke, { file, ops }) => {
  let document: OpenApiDocument;

  beforeAll(() => {
    document = readDocument(file);
  });

  it.each(ops)('cover the classic scopes of %s', (op) => {
    const [method, path] = op.split(' ');
    const operation = document.paths[path]?.[method.toLowerCase()];
    expect(operation).toBeDefined();
    const classic = (operation['x-atlassian-oauth2-scopes'] ?? [])
      .filter((entry) => entry.state === 'Current')
      .flatMap((entry) => entry.scopes ?? []);
    expect(DEFAULT_SCOPES[spoke as Spoke]).toEqual(expect.arrayContaining(classic));
  });
});
