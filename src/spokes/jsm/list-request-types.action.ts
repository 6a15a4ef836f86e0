import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { REQUEST_TYPE_SCHEMA, SERVICE_DESK_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface ListRequestTypesInputs extends JsmPagingInputs {
  serviceDeskId: string;
  searchQuery?: string;
  groupId?: string;
}

export const listRequestTypes = defineAction<
  ListRequestTypesInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_request_types',
  spoke: Spoke.Jsm,
  title: 'List request types',
  description:
    "Lists a service desk's request types (GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype), optionally only those whose name matches a search or that belong to a request type group. jsm.get_request_type_fields tells what a request of one type needs.",
  inputSchema: {
    type: 'object',
    required: ['serviceDeskId'],
    additionalProperties: false,
    properties: {
      serviceDeskId: SERVICE_DESK_INPUT,
      searchQuery: {
        title: 'Search',
        type: 'string',
        minLength: 1,
        maxLength: 255,
        description: 'Only request types whose name or description matches.',
      },
      groupId: {
        title: 'Request type group ID',
        type: 'string',
        pattern: '^[0-9]{1,9}$',
        description: 'Only request types of this group of the customer portal.',
      },
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(REQUEST_TYPE_SCHEMA),
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:requesttype:jira-service-management'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype',
    },
  ],
  example: { serviceDeskId: '1', searchQuery: 'laptop' },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/requesttype`,
      query: {
        searchQuery: inputs.searchQuery,
        groupId: inputs.groupId === undefined ? undefined : Number(inputs.groupId),
      },
    }),
});
