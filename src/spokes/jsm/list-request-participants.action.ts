import { CUSTOMER_SCHEMA } from './jsm-schemas';
import { requestListAction } from './request-list-action';

export const listRequestParticipants = requestListAction({
  name: 'jsm.list_request_participants',
  title: 'List request participants',
  description:
    'Lists the customers who participate in a customer request (GET /rest/servicedeskapi/request/{issueIdOrKey}/participant).',
  resource: 'participant',
  item: CUSTOMER_SCHEMA,
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request.participant:jira-service-management', 'read:user:jira'],
  },
});
