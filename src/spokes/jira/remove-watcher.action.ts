import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_ID_INPUT, doneSchema, ISSUE_KEY_INPUT, issuePath } from './jira-issue-schemas';

interface WatcherInputs {
  issueIdOrKey: string;
  accountId: string;
}

export const removeWatcher = defineAction<
  WatcherInputs,
  { issueIdOrKey: string; accountId: string; removed: true }
>({
  name: 'jira.remove_watcher',
  spoke: Spoke.Jira,
  title: 'Remove watcher',
  description:
    'Stops a user watching an issue (DELETE /rest/api/3/issue/{issueIdOrKey}/watchers). Atlassian answers 404 for an unknown issue or user.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'accountId'],
    additionalProperties: false,
    properties: { issueIdOrKey: ISSUE_KEY_INPUT, accountId: ACCOUNT_ID_INPUT },
  },
  outputSchema: doneSchema(
    { issueIdOrKey: { type: 'string' }, accountId: { type: 'string' } },
    'removed',
  ),
  scopes: { classic: ['write:jira-work'], granular: ['write:issue.watcher:jira'] },
  operations: [
    { api: 'jira-platform', method: 'DELETE', path: '/rest/api/3/issue/{issueIdOrKey}/watchers' },
  ],
  example: { issueIdOrKey: 'P001-1', accountId: '5b10a2844c20165700ede21g' },
  run: async (context, inputs) => {
    await context.call({
      method: 'DELETE',
      path: issuePath(inputs.issueIdOrKey, '/watchers'),
      query: { accountId: inputs.accountId },
    });
    return { issueIdOrKey: inputs.issueIdOrKey, accountId: inputs.accountId, removed: true };
  },
});
