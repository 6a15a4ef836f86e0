import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_ID_INPUT, doneSchema, ISSUE_KEY_INPUT, issuePath } from './jira-issue-schemas';

interface WatcherInputs {
  issueIdOrKey: string;
  accountId: string;
}

export const addWatcher = defineAction<
  WatcherInputs,
  { issueIdOrKey: string; accountId: string; watching: true }
>({
  name: 'jira.add_watcher',
  spoke: Spoke.Jira,
  title: 'Add watcher',
  description:
    'Makes a user watch an issue (POST /rest/api/3/issue/{issueIdOrKey}/watchers). Adding a watcher twice changes nothing, so the call is retried after a 5xx like a read. Atlassian answers 404 for an unknown issue or user and 400 when watching is turned off.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'accountId'],
    additionalProperties: false,
    properties: { issueIdOrKey: ISSUE_KEY_INPUT, accountId: ACCOUNT_ID_INPUT },
  },
  outputSchema: doneSchema(
    { issueIdOrKey: { type: 'string' }, accountId: { type: 'string' } },
    'watching',
  ),
  scopes: { classic: ['write:jira-work'], granular: ['write:issue.watcher:jira'] },
  operations: [
    { api: 'jira-platform', method: 'POST', path: '/rest/api/3/issue/{issueIdOrKey}/watchers' },
  ],
  example: { issueIdOrKey: 'P001-1', accountId: '5b10a2844c20165700ede21g' },
  run: async (context, inputs) => {
    await context.call({
      method: 'POST',
      path: issuePath(inputs.issueIdOrKey, '/watchers'),
      // The body is the account ID as a JSON string, quotes included.
      body: JSON.stringify(inputs.accountId),
      headers: { 'Content-Type': 'application/json' },
      idempotent: true,
    });
    return { issueIdOrKey: inputs.issueIdOrKey, accountId: inputs.accountId, watching: true };
  },
});
