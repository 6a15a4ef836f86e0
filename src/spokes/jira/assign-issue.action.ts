import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_ID_INPUT, ISSUE_KEY_INPUT, issuePath } from './jira-issue-schemas';

interface AssignIssueInputs {
  issueIdOrKey: string;
  accountId?: string;
  unassign?: true;
}

interface AssignIssueOutputs {
  issueIdOrKey: string;
  accountId: string | null;
  assigned: true;
}

export const assignIssue = defineAction<AssignIssueInputs, AssignIssueOutputs>({
  name: 'jira.assign_issue',
  spoke: Spoke.Jira,
  title: 'Assign issue',
  description:
    'Assigns an issue to a user by account ID (PUT /rest/api/3/issue/{issueIdOrKey}/assignee), or leaves it unassigned with unassign (PUT /rest/api/3/issue/{issueIdOrKey} with a null assignee). Atlassian answers 400 naming the assignee when the user cannot be assigned issues of the project.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: ISSUE_KEY_INPUT,
      accountId: { ...ACCOUNT_ID_INPUT, title: 'Assignee (account ID)' },
      unassign: {
        const: true,
        title: 'Unassign',
        description: 'Leave the issue unassigned instead of naming an assignee.',
      },
    },
    // An absent assignee must not silently unassign: the flow says which it means.
    oneOf: [
      { type: 'object', properties: { accountId: { type: 'string' } }, required: ['accountId'] },
      { type: 'object', properties: { unassign: { const: true } }, required: ['unassign'] },
    ],
  },
  outputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'accountId', 'assigned'],
    properties: {
      issueIdOrKey: { type: 'string' },
      accountId: { type: ['string', 'null'] },
      assigned: { const: true },
    },
  },
  scopes: { classic: ['write:jira-work'], granular: ['write:issue:jira'] },
  operations: [
    { api: 'jira-platform', method: 'PUT', path: '/rest/api/3/issue/{issueIdOrKey}/assignee' },
    { api: 'jira-platform', method: 'PUT', path: '/rest/api/3/issue/{issueIdOrKey}' },
  ],
  example: { issueIdOrKey: 'P001-1', accountId: '5b10ac8d82e05b22cc7d4ef5' },
  run: async (context, inputs) => {
    if (inputs.accountId === undefined) {
      // The assignee operation's prose takes accountId null for "unassigned", but its schema
      // (User.accountId: string) does not: the edit operation takes a null assignee as described.
      await context.call({
        method: 'PUT',
        path: issuePath(inputs.issueIdOrKey),
        body: { fields: { assignee: null } },
      });
      return { issueIdOrKey: inputs.issueIdOrKey, accountId: null, assigned: true };
    }
    // Atlassian answers 204 with no body.
    await context.call({
      method: 'PUT',
      path: issuePath(inputs.issueIdOrKey, '/assignee'),
      body: { accountId: inputs.accountId },
    });
    return { issueIdOrKey: inputs.issueIdOrKey, accountId: inputs.accountId, assigned: true };
  },
});
