import { REQUEST_STATUS_SCHEMA } from './jsm-lifecycle-schemas';
import { requestListAction } from './request-list-action';

export const getRequestStatusHistory = requestListAction({
  name: 'jsm.get_request_status_history',
  title: 'Get request status history',
  description:
    'Lists the statuses a customer request has been through, newest first (GET /rest/servicedeskapi/request/{issueIdOrKey}/status).',
  resource: 'status',
  item: REQUEST_STATUS_SCHEMA,
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request.status:jira-service-management', 'read:user:jira'],
  },
});
