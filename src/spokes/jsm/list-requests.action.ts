import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { REQUEST_TYPE_ID_INPUT, SERVICE_DESK_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import {
  CUSTOMER_REQUEST_SCHEMA,
  JSM_PAGING_INPUTS,
  jsmPageSchema,
  JsmPagingInputs,
} from './jsm-schemas';

interface ListRequestsInputs extends JsmPagingInputs {
  serviceDeskId?: string;
  requestTypeId?: string;
  requestStatus?: string;
  requestOwnership?: string[];
  searchTerm?: string;
}

export const listRequests = defineAction<
  ListRequestsInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_requests',
  spoke: Spoke.Jsm,
  title: 'List customer requests',
  description:
    "Lists customer requests (GET /rest/servicedeskapi/request), latest activity first: by default the connection account's own, those it participates in and its organizations'; requestOwnership ALL_REQUESTS with a serviceDeskId lists a desk's. Filters by status, request type and summary text.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    // Atlassian reads a request type ID only within a service desk.
    dependencies: { requestTypeId: ['serviceDeskId'] },
    properties: {
      serviceDeskId: SERVICE_DESK_INPUT,
      requestTypeId: {
        ...REQUEST_TYPE_ID_INPUT,
        description: 'Only requests of this request type; needs serviceDeskId.',
      },
      requestStatus: {
        title: 'Status',
        type: 'string',
        enum: ['OPEN_REQUESTS', 'CLOSED_REQUESTS', 'ALL_REQUESTS'],
        description: 'Open, closed or all requests (Atlassian lists all when none is given).',
      },
      requestOwnership: {
        title: 'Whose requests',
        type: 'array',
        uniqueItems: true,
        minItems: 1,
        items: {
          type: 'string',
          enum: [
            'OWNED_REQUESTS',
            'PARTICIPATED_REQUESTS',
            'ALL_ORGANIZATIONS',
            'APPROVER',
            'ALL_REQUESTS',
          ],
        },
        description:
          'Without it: OWNED_REQUESTS, PARTICIPATED_REQUESTS and ALL_ORGANIZATIONS. ALL_REQUESTS (which Atlassian calls deprecated) is every request the account may see, e.g. all of a desk for an agent.',
      },
      searchTerm: {
        title: 'Summary contains',
        type: 'string',
        minLength: 1,
        maxLength: 255,
      },
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(CUSTOMER_REQUEST_SCHEMA),
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request:jira-service-management', 'read:user:jira'],
  },
  operations: [{ api: 'jira-servicedesk', method: 'GET', path: '/rest/servicedeskapi/request' }],
  example: { serviceDeskId: '1', requestStatus: 'OPEN_REQUESTS', limit: 50 },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: 'rest/servicedeskapi/request',
      query: {
        serviceDeskId: optionalNumber(inputs.serviceDeskId),
        requestTypeId: optionalNumber(inputs.requestTypeId),
        requestStatus: inputs.requestStatus,
        requestOwnership: inputs.requestOwnership,
        searchTerm: inputs.searchTerm,
      },
    }),
});

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}
