import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { APPROVAL_SCHEMA, REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';

interface AnswerApprovalInputs {
  issueIdOrKey: string;
  approvalId: string;
  decision: 'approve' | 'decline';
}

export const answerApproval = defineAction<AnswerApprovalInputs, Record<string, unknown>>({
  name: 'jsm.answer_approval',
  spoke: Spoke.Jsm,
  title: 'Answer approval',
  description:
    'Approves or declines a pending approval of a customer request as the connection account, which must be one of its approvers (POST /rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}). Atlassian answers 409 when the account has answered already or the approval is complete.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey', 'approvalId', 'decision'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: REQUEST_KEY_INPUT,
      approvalId: {
        title: 'Approval ID',
        type: 'string',
        pattern: '^[0-9]{1,9}$',
        description: 'See jsm.list_request_approvals.',
      },
      decision: { title: 'Decision', type: 'string', enum: ['approve', 'decline'] },
    },
  },
  outputSchema: APPROVAL_SCHEMA,
  scopes: {
    classic: ['write:servicedesk-request'],
    granular: [
      'read:request.approval:jira-service-management',
      'write:request.approval:jira-service-management',
      'read:user:jira',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'POST',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}',
    },
  ],
  example: { issueIdOrKey: 'SD-2', approvalId: '1', decision: 'approve' },
  run: async (context, inputs) => {
    // Not retried after a 5xx: a decision that was applied makes the repeat a 409.
    const { data } = await context.call<Record<string, unknown>>({
      method: 'POST',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/approval/${encodeURIComponent(inputs.approvalId)}`,
      body: { decision: inputs.decision },
    });
    return data;
  },
});
