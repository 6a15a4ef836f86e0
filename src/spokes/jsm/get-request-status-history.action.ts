import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { REQUEST_STATUS_SCHEMA, REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface GetRequestStatusHistoryInputs extends JsmPagingInputs {
  issueIdOrKey: string;
}

export const getRequestStatusHistory = defineAction<
  GetRequestStatusHistoryInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.get_request_status_history',
  spoke: Spoke.Jsm,
  title: 'Get request status history',
  description:
    'Lists the statuses a customer request has been through, newest first (GET /rest/servicedeskapi/request/{issueIdOrKey}/status).',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: REQUEST_KEY_INPUT,
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(REQUEST_STATUS_SCHEMA),
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request.status:jira-service-management', 'read:user:jira'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/status',
    },
  ],
  example: { issueIdOrKey: 'SD-1' },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/status`,
    }),
});
