import { SLA_SCHEMA } from './jsm-lifecycle-schemas';
import { requestListAction } from './request-list-action';

export const getRequestSla = requestListAction({
  name: 'jsm.get_request_sla',
  title: 'Get request SLAs',
  description:
    'Reads the SLAs of a customer request (GET /rest/servicedeskapi/request/{issueIdOrKey}/sla): for each, its ongoing cycle (goal, elapsed and remaining time, breach time) and completed cycles.',
  resource: 'sla',
  item: SLA_SCHEMA,
  scopes: {
    classic: ['read:jira-work'],
    granular: ['read:request.sla:jira-service-management'],
  },
});
