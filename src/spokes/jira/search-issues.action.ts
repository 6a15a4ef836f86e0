import { Spoke } from '../spoke';
import { ActionContext, defineAction } from '../../actions/action-definition';
import type { UpstreamRequest } from '../../actions/runtime/upstream-client';
import { collectSizedPages, fetchAllInput, Paged } from '../../actions/runtime/paging';
import { FIELDS_SCHEMA } from './get-issue.action';
import { ISSUE_SCHEMA, jiraPageSchema } from './jira-schemas';

/** The spec: at most 5000 a page, and only when asking for `id` or `key` alone. */
export const SEARCH_JQL_MAX_PAGE = 5000;
// With other fields Atlassian returns fewer (in practice 100): one page asks for that by default.
// fetchAll always asks for 5000: Atlassian trims the page to what the fields allow, and the walk
// ends on the absent nextPageToken, not on a short page, so asking too much loses nothing.
const SEARCH_JQL_DEFAULT_PAGE = 100;
const DEFAULT_FIELDS = ['summary', 'status', 'issuetype', 'assignee', 'created', 'updated'];
/**
 * Past this many characters of the GET form's query string (jql, fields and reconcileIssues,
 * percent-encoded), the search goes as POST /rest/api/3/search/jql with the same parameters in a
 * JSON body, as Atlassian's description advises for queries too large for a URL. 2,000 keeps the
 * whole URL (gateway prefix, page size and a page token besides) within what every proxy between
 * the hub and Atlassian passes. The page size and the page token are left out of the measure, so
 * that every page of one search goes the same way.
 */
export const SEARCH_JQL_GET_LIMIT = 2000;
/** The spec: "Accepts max 50 ids". */
export const RECONCILE_ISSUES_MAX = 50;

interface SearchIssuesInputs {
  jql: string;
  fields: string[];
  maxResults: number;
  nextPageToken?: string;
  reconcileIssues?: string[];
  fetchAll: boolean;
}

type TokenCursor = { nextPageToken?: string };

export const searchIssues = defineAction<
  SearchIssuesInputs,
  Paged<Record<string, unknown>, { nextPageToken: string }>
>({
  name: 'jira.search_issues',
  spoke: Spoke.Jira,
  title: 'Search issues',
  description: `Finds issues with a JQL query (GET /rest/api/3/search/jql; POST to the same path, with the parameters in the body, when jql, fields and reconcileIssues would take more than ${SEARCH_JQL_GET_LIMIT.toLocaleString('en')} characters of the URL once percent-encoded). The query must be bounded (e.g. "project = HSP"): Atlassian refuses unbounded ones with 400. Pages are chained by nextPageToken, in either form: one page by default, every page with fetchAll. Atlassian may return fewer issues than maxResults when many fields are asked for; up to 5000 only with fields ["id"] or ["key"]. Search results may lag a write by a few seconds: reconcileIssues names issues just created or edited, which Atlassian then reports as they are now.`,
  inputSchema: {
    type: 'object',
    required: ['jql'],
    additionalProperties: false,
    properties: {
      jql: {
        title: 'JQL query',
        type: 'string',
        minLength: 1,
        maxLength: 8000,
        example: 'project = HSP ORDER BY key',
      },
      fields: { ...FIELDS_SCHEMA, default: DEFAULT_FIELDS },
      maxResults: {
        title: 'Results per page',
        type: 'integer',
        minimum: 1,
        maximum: SEARCH_JQL_MAX_PAGE,
        default: SEARCH_JQL_DEFAULT_PAGE,
        description: `The size of one page; ignored with fetchAll, which asks for ${SEARCH_JQL_MAX_PAGE} a page (Atlassian returns fewer when fields other than id or key are asked for).`,
      },
      nextPageToken: {
        title: 'Next page token',
        type: 'string',
        minLength: 1,
        maxLength: 4096,
        description: "The next.nextPageToken of the previous page's outputs.",
      },
      reconcileIssues: {
        title: 'Issues to reconcile',
        type: 'array',
        minItems: 1,
        maxItems: RECONCILE_ISSUES_MAX,
        uniqueItems: true,
        items: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' },
        example: ['10400'],
        description: `For read-after-write consistency: the ids (not keys) of up to ${RECONCILE_ISSUES_MAX} issues written just before (e.g. create_issue's id), which the search then judges as they are now: found if they match, even before Atlassian's index has caught up. Keep the same list on every page of one search.`,
      },
      fetchAll: { ...fetchAllInput('maxResults'), title: 'Fetch all pages' },
    },
  },
  outputSchema: jiraPageSchema(ISSUE_SCHEMA, { nextPageToken: { type: 'string' } }),
  scopes: {
    classic: ['read:jira-work'],
    // Both forms' scopes: a long query goes as POST, whose granular scopes differ from GET's.
    granular: [
      'read:issue-details:jira',
      'read:audit-log:jira',
      'read:avatar:jira',
      'read:field-configuration:jira',
      'read:issue-meta:jira',
      'read:field.default-value:jira',
      'read:field.option:jira',
      'read:field:jira',
      'read:group:jira',
    ],
  },
  operations: [
    { api: 'jira-platform', method: 'GET', path: '/rest/api/3/search/jql' },
    { api: 'jira-platform', method: 'POST', path: '/rest/api/3/search/jql' },
  ],
  example: { jql: 'project = HSP ORDER BY key', fields: ['summary', 'status'], maxResults: 50 },
  run: async (context, inputs) => {
    const search: SearchParameters = {
      jql: inputs.jql,
      fields: inputs.fields,
      reconcileIssues: inputs.reconcileIssues,
    };
    const send = searchForm(search);
    return collectSizedPages<Record<string, unknown>, TokenCursor>(
      { nextPageToken: inputs.nextPageToken },
      {
        fetchAll: inputs.fetchAll,
        pageSize: inputs.maxResults,
        largestPage: SEARCH_JQL_MAX_PAGE,
      },
      (cursor, maxResults) => tokenPage(context, send(maxResults, cursor), cursor),
    ) as Promise<Paged<Record<string, unknown>, { nextPageToken: string }>>;
  },
});

interface SearchParameters {
  jql: string;
  fields: string[];
  reconcileIssues?: string[];
}

/**
 * The request of each page: GET with a query string while it stays short, POST with the same
 * parameters as JSON beyond SEARCH_JQL_GET_LIMIT. Decided once per search, from what does not
 * change between its pages.
 */
export function searchForm(
  search: SearchParameters,
): (maxResults: number, cursor: TokenCursor) => UpstreamRequest {
  const query = {
    jql: search.jql,
    fields: search.fields.join(','),
    reconcileIssues: search.reconcileIssues,
  };
  if (encodedLength(query) <= SEARCH_JQL_GET_LIMIT) {
    return (maxResults, cursor) => ({
      method: 'GET',
      path: SEARCH_JQL_PATH,
      query: { ...query, maxResults, nextPageToken: cursor.nextPageToken },
    });
  }
  return (maxResults, cursor) => ({
    method: 'POST',
    path: SEARCH_JQL_PATH,
    body: {
      jql: search.jql,
      fields: search.fields,
      maxResults,
      ...(cursor.nextPageToken ? { nextPageToken: cursor.nextPageToken } : {}),
      // The body's schema takes them as integers (int64); the pattern keeps them exact.
      ...(search.reconcileIssues ? { reconcileIssues: search.reconcileIssues.map(Number) } : {}),
    },
    // A search changes nothing: it may be sent again after a 5xx or a lost answer.
    idempotent: true,
  });
}

const SEARCH_JQL_PATH = 'rest/api/3/search/jql';

/** The length of a query string as a URL carries it: each array item a parameter of its own. */
function encodedLength(query: Record<string, string | string[] | undefined>): number {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of value === undefined ? [] : [value].flat()) params.append(name, item);
  }
  return params.toString().length;
}

/**
 * Jira's token paging: each answer carries the token of the next page, absent (and isLast true)
 * on the last one. A token that does not move on ends the walk rather than loop.
 */
async function tokenPage(
  context: ActionContext,
  request: UpstreamRequest,
  cursor: TokenCursor,
): Promise<Paged<Record<string, unknown>, { nextPageToken: string }>> {
  const { data } = await context.call<{
    issues?: Record<string, unknown>[];
    nextPageToken?: string | null;
    isLast?: boolean;
  }>(request);
  const token = data.nextPageToken ?? undefined;
  const ended = data.isLast === true || !token || token === cursor.nextPageToken;
  return { items: data.issues ?? [], next: ended ? null : { nextPageToken: token } };
}
