import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { SLA_SCHEMA, REQUEST_KEY_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface GetRequestSlaInputs extends JsmPagingInputs {
  issueIdOrKey: string;
}

export const getRequestSla = defineAction<
  GetRequestSlaInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.get_request_sla',
  spoke: Spoke.Jsm,
  title: 'Get request SLAs',
  description:
    'Reads the SLAs of a customer request (GET /rest/servicedeskapi/request/{issueIdOrKey}/sla): for each, its ongoing cycle (goal, elapsed and remaining time, breach time) and completed cycles.',
  inputSchema: {
    type: 'object',
    required: ['issueIdOrKey'],
    additionalProperties: false,
    properties: {
      issueIdOrKey: REQUEST_KEY_INPUT,
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(SLA_SCHEMA),
  scopes: {
    classic: ['read:jira-work'],
    granular: ['read:request.sla:jira-service-management'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/request/{issueIdOrKey}/sla',
    },
  ],
  example: { issueIdOrKey: 'SD-1' },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/request/${encodeURIComponent(inputs.issueIdOrKey)}/sla`,
    }),
});
