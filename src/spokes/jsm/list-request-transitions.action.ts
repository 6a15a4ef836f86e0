import { TRANSITION_SCHEMA } from './jsm-lifecycle-schemas';
import { requestListAction } from './request-list-action';

export const listRequestTransitions = requestListAction({
  name: 'jsm.list_request_transitions',
  title: 'List request transitions',
  description:
    'Lists the transitions the connection account may take on a customer request from its current status (GET /rest/servicedeskapi/request/{issueIdOrKey}/transition); jsm.transition_request takes one by its id.',
  resource: 'transition',
  item: TRANSITION_SCHEMA,
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request.status:jira-service-management', 'read:user:jira'],
  },
});
