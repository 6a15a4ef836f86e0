import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { APPROVAL_SCHEMA, REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface ListRequestApprovalsInputs extends JsmPagingInputs {
  issueIdOrKey: string;
}

export const listRequestApprovals = defineAction<
  ListRequestApprovalsInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_request_approvals',
  spoke: Spoke.Jsm,
  title: 'List request approvals',
  description:
    'Lists the approvals of a customer request with their approvers and decisions (GET /rest/servicedeskapi/request/{issueIdOrKey}/approval); jsm.answer_approval answers a pending one.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: REQUEST_KEY_INPUT,
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(APPROVAL_SCHEMA),
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request.approval:jira-service-management', 'read:user:jira'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/approval',
    },
  ],
  example: { issueIdOrKey: 'SD-1' },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/approval`,
    }),
});
