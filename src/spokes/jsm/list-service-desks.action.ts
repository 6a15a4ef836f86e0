import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { collectSizedPages, Paged, startLimitPage } from '../../actions/runtime/paging';
import {
  JSM_MAX_PAGE,
  JSM_PAGING_INPUTS,
  jsmPageSchema,
  JsmPagingInputs,
  SERVICE_DESK_SCHEMA,
} from './jsm-schemas';

export const listServiceDesks = defineAction<
  JsmPagingInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_service_desks',
  spoke: Spoke.Jsm,
  title: 'List service desks',
  description:
    'Lists the service desks the connection can see (GET /rest/servicedeskapi/servicedesk), one page by default or every page with fetchAll.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { ...JSM_PAGING_INPUTS },
  },
  outputSchema: jsmPageSchema(SERVICE_DESK_SCHEMA),
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:servicedesk:jira-service-management'],
  },
  operations: [
    { api: 'jira-servicedesk', method: 'GET', path: '/rest/servicedeskapi/servicedesk' },
  ],
  example: { start: 0, limit: 50 },
  run: async (context, inputs) =>
    collectSizedPages(
      { start: inputs.start },
      { fetchAll: inputs.fetchAll, pageSize: inputs.limit, largestPage: JSM_MAX_PAGE },
      (cursor, limit) =>
        startLimitPage<Record<string, unknown>>(
          context,
          { method: 'GET', path: 'rest/servicedeskapi/servicedesk' },
          cursor,
          limit,
        ),
    ),
});
