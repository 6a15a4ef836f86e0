import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { TRANSITION_SCHEMA, REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface ListRequestTransitionsInputs extends JsmPagingInputs {
  issueIdOrKey: string;
}

export const listRequestTransitions = defineAction<
  ListRequestTransitionsInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_request_transitions',
  spoke: Spoke.Jsm,
  title: 'List request transitions',
  description:
    'Lists the transitions the connection account may take on a customer request from its current status (GET /rest/servicedeskapi/request/{issueIdOrKey}/transition); jsm.transition_request takes one by its id.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: REQUEST_KEY_INPUT,
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(TRANSITION_SCHEMA),
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request.status:jira-service-management', 'read:user:jira'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/transition',
    },
  ],
  example: { issueIdOrKey: 'SD-1' },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/transition`,
    }),
});
