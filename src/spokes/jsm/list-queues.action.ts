import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { QUEUE_SCHEMA, SERVICE_DESK_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface ListQueuesInputs extends JsmPagingInputs {
  serviceDeskId: string;
  includeCount: boolean;
}

export const listQueues = defineAction<
  ListQueuesInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_queues',
  spoke: Spoke.Jsm,
  title: 'List queues',
  description:
    "Lists a service desk's queues with their JQL (GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue), optionally with how many requests each holds. Needs an agent account.",
  inputSchema: {
    type: 'object',
    required: ['serviceDeskId'],
    additionalProperties: false,
    properties: {
      serviceDeskId: SERVICE_DESK_INPUT,
      includeCount: {
        title: 'Include request counts',
        type: 'boolean',
        default: false,
        description: 'Count the requests in each queue (slower on large desks).',
      },
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(QUEUE_SCHEMA),
  scopes: {
    classic: ['read:jira-work'],
    granular: ['read:queue:jira-service-management', 'read:user:jira', 'read:jql:jira'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/queue',
    },
  ],
  example: { serviceDeskId: '1', includeCount: true },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/queue`,
      query: { includeCount: inputs.includeCount },
    }),
});
