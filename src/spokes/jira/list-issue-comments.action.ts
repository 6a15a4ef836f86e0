import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { collectSizedPages, Paged, startAtPage } from '../../actions/runtime/paging';
import { COMMENT_SCHEMA, ISSUE_KEY_INPUT, issuePath, titled } from './jira-issue-schemas';
import { jiraPageSchema, startAtPagingInputs, StartAtPagingInputs } from './jira-schemas';

/** Atlassian's default page, which is also the most it serves in one. */
export const COMMENTS_MAX_PAGE = 100;

interface ListIssueCommentsInputs extends StartAtPagingInputs {
  issueIdOrKey: string;
  orderBy: 'created' | '-created';
}

export const listIssueComments = defineAction<
  ListIssueCommentsInputs,
  Paged<Record<string, unknown>, { startAt: number }>
>({
  name: 'jira.list_issue_comments',
  spoke: Spoke.Jira,
  title: 'List issue comments',
  description:
    'Lists the comments of an issue the account can see (GET /rest/api/3/issue/{issueIdOrKey}/comment), oldest first or newest first (orderBy -created). One page of up to 100 by default, every page with fetchAll.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: ISSUE_KEY_INPUT,
      orderBy: {
        type: 'string',
        enum: ['created', '-created'],
        default: 'created',
        title: 'Order',
        description: 'created: oldest first; -created: newest first.',
      },
      ...titled(startAtPagingInputs(COMMENTS_MAX_PAGE)),
    },
  },
  outputSchema: jiraPageSchema(COMMENT_SCHEMA, { startAt: { type: 'integer' } }),
  scopes: {
    classic: ['read:jira-work'],
    granular: [
      'read:comment:jira',
      'read:comment.property:jira',
      'read:group:jira',
      'read:project:jira',
      'read:project-role:jira',
      'read:user:jira',
      'read:avatar:jira',
    ],
  },
  operations: [
    { api: 'jira-platform', method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/comment' },
  ],
  example: { issueIdOrKey: 'HSP-1', orderBy: '-created', maxResults: 20 },
  run: async (context, inputs) =>
    collectSizedPages(
      { startAt: inputs.startAt },
      { fetchAll: inputs.fetchAll, pageSize: inputs.maxResults, largestPage: COMMENTS_MAX_PAGE },
      (cursor, maxResults) =>
        startAtPage<Record<string, unknown>>(
          context,
          {
            method: 'GET',
            path: issuePath(inputs.issueIdOrKey, '/comment'),
            query: { orderBy: inputs.orderBy },
          },
          cursor,
          maxResults,
          (data) => {
            const page = data as { comments?: Record<string, unknown>[]; total?: number };
            return { items: page.comments ?? [], total: page.total };
          },
        ),
    ),
});
