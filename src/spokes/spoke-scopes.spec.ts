import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Spoke } from '../aliases/spoke';
import { ATLASSIAN_ACCOUNT_SCOPES, DEFAULT_SCOPES } from './spoke-scopes';

// The repository is checked out with `shared` beside it.
const OPENAPI_DIR = resolve(__dirname, '../../../shared/atlassian-openapi');
const OPENAPI_FILES = ['jira-platform-v3.json', 'jira-servicedesk.json'];

interface OpenApiOperation {
  'x-atlassian-oauth2-scopes'?: { scopes?: string[] }[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** Every scope some operation of the files declares, classic and granular alike. */
function declaredScopes(): Set<string> {
  const scopes = new Set<string>();
  for (const file of OPENAPI_FILES) {
    const document = JSON.parse(
      readFileSync(resolve(OPENAPI_DIR, file), 'utf8'),
    ) as OpenApiDocument;
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
});
