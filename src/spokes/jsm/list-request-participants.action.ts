import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { CUSTOMER_SCHEMA, JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface ListRequestParticipantsInputs extends JsmPagingInputs {
  issueIdOrKey: string;
}

export const listRequestParticipants = defineAction<
  ListRequestParticipantsInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_request_participants',
  spoke: Spoke.Jsm,
  title: 'List request participants',
  description:
    'Lists the customers who participate in a customer request (GET /rest/servicedeskapi/request/{issueIdOrKey}/participant).',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: REQUEST_KEY_INPUT,
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(CUSTOMER_SCHEMA),
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request.participant:jira-service-management', 'read:user:jira'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/participant',
    },
  ],
  example: { issueIdOrKey: 'SD-1' },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/participant`,
    }),
});
