import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { collectSizedPages, Paged, startLimitPage } from '../../actions/runtime/paging';
import {
  CUSTOMER_SCHEMA,
  EXPERIMENTAL_API,
  JSM_MAX_PAGE,
  JSM_PAGING_INPUTS,
  jsmPageSchema,
  JsmPagingInputs,
  SERVICE_DESK_ID_SCHEMA,
} from './jsm-schemas';

interface GetServiceDeskCustomersInputs extends JsmPagingInputs {
  serviceDeskId: string;
  query?: string;
}

export const getServiceDeskCustomers = defineAction<
  GetServiceDeskCustomersInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.get_service_desk_customers',
  spoke: Spoke.Jsm,
  title: 'Get service desk customers',
  description:
    "Lists a service desk's customers (GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/customer, experimental), optionally filtered by a query matched against display name and e-mail address.",
  inputSchema: {
    type: 'object',
    required: ['serviceDeskId'],
    additionalProperties: false,
    properties: {
      serviceDeskId: { ...SERVICE_DESK_ID_SCHEMA, title: 'Service desk ID' },
      query: { title: 'Search text', type: 'string', minLength: 1, maxLength: 255 },
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(CUSTOMER_SCHEMA),
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: ['read:servicedesk.customer:jira-service-management', 'read:user:jira'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/customer',
    },
  ],
  example: { serviceDeskId: '1', query: 'customer1', limit: 50 },
  run: async (context, inputs) =>
    collectSizedPages(
      { start: inputs.start },
      { fetchAll: inputs.fetchAll, pageSize: inputs.limit, largestPage: JSM_MAX_PAGE },
      (cursor, limit) =>
        startLimitPage<Record<string, unknown>>(
          context,
          {
            method: 'GET',
            path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/customer`,
            query: { query: inputs.query },
            headers: { ...EXPERIMENTAL_API },
          },
          cursor,
          limit,
        ),
    ),
});
