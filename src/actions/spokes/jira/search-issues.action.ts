import { Spoke } from '../../../aliases/spoke';
import { ActionContext, defineAction } from '../../action-definition';
import { collectSizedPages, fetchAllInput, Paged } from '../../runtime/paging';
import { FIELDS_SCHEMA } from './get-issue.action';
import { ISSUE_SCHEMA, jiraPageSchema } from './jira-schemas';

/** The spec: at most 5000 a page, and only when asking for `id` or `key` alone. */
export const SEARCH_JQL_MAX_PAGE = 5000;
// With other fields Atlassian returns fewer (in practice 100): one page asks for that by default.
// fetchAll always asks for 5000: Atlassian trims the page to what the fields allow, and the walk
// ends on the absent nextPageToken, not on a short page, so asking too much loses nothing.
const SEARCH_JQL_DEFAULT_PAGE = 100;
const DEFAULT_FIELDS = ['summary', 'status', 'issuetype', 'assignee', 'created', 'updated'];

interface SearchIssuesInputs {
  jql: string;
  fields: string[];
  maxResults: number;
  nextPageToken?: string;
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
  description:
    'Finds issues with a JQL query (GET /rest/api/3/search/jql). The query must be bounded (e.g. "project = HSP"): Atlassian refuses unbounded ones with 400. Pages are chained by nextPageToken: one page by default, every page with fetchAll. Atlassian may return fewer issues than maxResults when many fields are asked for; up to 5000 only with fields ["id"] or ["key"].',
  inputSchema: {
    type: 'object',
    required: ['jql'],
    additionalProperties: false,
    properties: {
      jql: { type: 'string', minLength: 1, maxLength: 8000, example: 'project = HSP ORDER BY key' },
      fields: { ...FIELDS_SCHEMA, default: DEFAULT_FIELDS },
      maxResults: {
        type: 'integer',
        minimum: 1,
        maximum: SEARCH_JQL_MAX_PAGE,
        default: SEARCH_JQL_DEFAULT_PAGE,
        description: `The size of one page; ignored with fetchAll, which asks for ${SEARCH_JQL_MAX_PAGE} a page (Atlassian returns fewer when fields other than id or key are asked for).`,
      },
      nextPageToken: {
        type: 'string',
        minLength: 1,
        maxLength: 4096,
        description: "The next.nextPageToken of the previous page's outputs.",
      },
      fetchAll: fetchAllInput('maxResults'),
    },
  },
  outputSchema: jiraPageSchema(ISSUE_SCHEMA, { nextPageToken: { type: 'string' } }),
  scopes: {
    classic: ['read:jira-work'],
    granular: [
      'read:issue-details:jira',
      'read:audit-log:jira',
      'read:avatar:jira',
      'read:field-configuration:jira',
      'read:issue-meta:jira',
    ],
  },
  operations: [{ api: 'jira-platform', method: 'GET', path: '/rest/api/3/search/jql' }],
  example: { jql: 'project = HSP ORDER BY key', fields: ['summary', 'status'], maxResults: 50 },
  run: async (context, inputs) =>
    collectSizedPages<Record<string, unknown>, TokenCursor>(
      { nextPageToken: inputs.nextPageToken },
      {
        fetchAll: inputs.fetchAll,
        pageSize: inputs.maxResults,
        largestPage: SEARCH_JQL_MAX_PAGE,
      },
      (cursor, maxResults) =>
        tokenPage(
          context,
          { jql: inputs.jql, fields: inputs.fields.join(','), maxResults },
          cursor,
        ),
    ) as Promise<Paged<Record<string, unknown>, { nextPageToken: string }>>,
});

/**
 * Jira's token paging: each answer carries the token of the next page, absent (and isLast true)
 * on the last one. A token that does not move on ends the walk rather than loop.
 */
async function tokenPage(
  context: ActionContext,
  query: Record<string, string | number>,
  cursor: TokenCursor,
): Promise<Paged<Record<string, unknown>, { nextPageToken: string }>> {
  const { data } = await context.call<{
    issues?: Record<string, unknown>[];
    nextPageToken?: string | null;
    isLast?: boolean;
  }>({
    method: 'GET',
    path: 'rest/api/3/search/jql',
    query: { ...query, nextPageToken: cursor.nextPageToken },
  });
  const token = data.nextPageToken ?? undefined;
  const ended = data.isLast === true || !token || token === cursor.nextPageToken;
  return { items: data.issues ?? [], next: ended ? null : { nextPageToken: token } };
}
