import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { QUEUE_ISSUE_SCHEMA, SERVICE_DESK_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface ListQueueIssuesInputs extends JsmPagingInputs {
  serviceDeskId: string;
  queueId: string;
}

export const listQueueIssues = defineAction<
  ListQueueIssuesInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_queue_issues',
  spoke: Spoke.Jsm,
  title: 'List queue issues',
  description:
    'Lists the requests in a queue, as Jira issues with the fields the queue shows (GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/queue/{queueId}/issue). Needs an agent account.',
  inputSchema: {
    type: 'object',
    required: ['serviceDeskId', 'queueId'],
    additionalProperties: false,
    properties: {
      serviceDeskId: SERVICE_DESK_INPUT,
      queueId: {
        title: 'Queue ID',
        type: 'string',
        pattern: '^[0-9]{1,18}$',
        description: 'See jsm.list_queues.',
      },
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(QUEUE_ISSUE_SCHEMA),
  scopes: {
    classic: ['read:jira-work'],
    granular: ['read:queue:jira-service-management', 'read:user:jira', 'read:issue:jira'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/queue/{queueId}/issue',
    },
  ],
  example: { serviceDeskId: '1', queueId: '10' },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/queue/${encodeURIComponent(inputs.queueId)}/issue`,
    }),
});
