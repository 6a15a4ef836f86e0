import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ISSUE_KEY_INPUT, issuePath } from './jira-issue-schemas';
import { USER_SCHEMA } from './jira-schemas';

export const listWatchers = defineAction<{ issueIdOrKey: string }, Record<string, unknown>>({
  name: 'jira.list_watchers',
  spoke: Spoke.Jira,
  title: 'List watchers',
  description:
    'Lists the users watching an issue, how many there are and whether the connection’s account is one (GET /rest/api/3/issue/{issueIdOrKey}/watchers). Atlassian answers with every watcher at once.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: { issueIdOrKey: ISSUE_KEY_INPUT },
  },
  outputSchema: {
    type: 'object',
    required: ['watchers'],
    properties: {
      watchCount: { type: 'integer' },
      isWatching: { type: 'boolean' },
      watchers: { type: 'array', items: USER_SCHEMA },
      self: { type: 'string' },
    },
  },
  scopes: {
    classic: ['read:jira-work'],
    granular: ['read:issue.watcher:jira', 'read:user:jira', 'read:avatar:jira'],
  },
  operations: [
    { api: 'jira-platform', method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/watchers' },
  ],
  example: { issueIdOrKey: 'HSP-1' },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'GET',
      path: issuePath(inputs.issueIdOrKey, '/watchers'),
    });
    return data;
  },
});
