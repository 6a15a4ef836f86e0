import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { collectSizedPages, Paged, startAtPage } from '../../actions/runtime/paging';
import {
  jiraPageSchema,
  startAtPagingInputs,
  StartAtPagingInputs,
  USER_SCHEMA,
} from './jira-schemas';

/** Both user searches return at most 1000 users a page (the spec says so for getAllUsers). */
export const USER_SEARCH_MAX_PAGE = 1000;
/** /user/search never returns a match past the 1000th, whatever startAt asks. */
export const USER_QUERY_MATCH_LIMIT = 1000;

interface SearchUsersInputs extends StartAtPagingInputs {
  query?: string;
}

export const searchUsers = defineAction<
  SearchUsersInputs,
  Paged<Record<string, unknown>, { startAt: number }>
>({
  name: 'jira.search_users',
  spoke: Spoke.Jira,
  title: 'Search users',
  description:
    'With a query, finds active users whose display name or e-mail address starts with it (GET /rest/api/3/user/search; Atlassian only ever returns the first 1000 matches). Without a query, lists every account, active or not, including app and customer accounts (GET /rest/api/3/users/search). One page by default, every page with fetchAll.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      query: { title: 'Search text', type: 'string', minLength: 1, maxLength: 255 },
      ...startAtPagingInputs(USER_SEARCH_MAX_PAGE),
    },
  },
  outputSchema: jiraPageSchema(USER_SCHEMA, { startAt: { type: 'integer' } }),
  // The union of the two operations' scopes.
  scopes: {
    classic: ['read:jira-user'],
    granular: [
      'read:user:jira',
      'read:user.property:jira',
      'read:application-role:jira',
      'read:avatar:jira',
      'read:group:jira',
    ],
  },
  operations: [
    { api: 'jira-platform', method: 'GET', path: '/rest/api/3/user/search' },
    { api: 'jira-platform', method: 'GET', path: '/rest/api/3/users/search' },
  ],
  example: { query: 'user1', maxResults: 100 },
  run: async (context, inputs) =>
    collectSizedPages(
      { startAt: inputs.startAt },
      {
        fetchAll: inputs.fetchAll,
        pageSize: inputs.maxResults,
        largestPage: USER_SEARCH_MAX_PAGE,
      },
      (cursor, maxResults) =>
        // Both answer a plain array without a total: a page shorter than asked for is the last.
        startAtPage<Record<string, unknown>>(
          context,
          inputs.query !== undefined
            ? { method: 'GET', path: 'rest/api/3/user/search', query: { query: inputs.query } }
            : { method: 'GET', path: 'rest/api/3/users/search' },
          cursor,
          maxResults,
          (data) => {
            const items = Array.isArray(data) ? (data as Record<string, unknown>[]) : [];
            // Reaching the last match a query can return is the end: asking on costs a request
            // that can only come back empty.
            const lastMatchReached =
              inputs.query !== undefined && cursor.startAt + items.length >= USER_QUERY_MATCH_LIMIT;
            return { items, ...(lastMatchReached ? { isLast: true } : {}) };
          },
        ),
    ),
});
