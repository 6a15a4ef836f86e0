import { APPROVAL_SCHEMA } from './jsm-lifecycle-schemas';
import { requestListAction } from './request-list-action';

export const listRequestApprovals = requestListAction({
  name: 'jsm.list_request_approvals',
  title: 'List request approvals',
  description:
    'Lists the approvals of a customer request with their approvers and decisions (GET /rest/servicedeskapi/request/{issueIdOrKey}/approval); jsm.answer_approval answers a pending one.',
  resource: 'approval',
  item: APPROVAL_SCHEMA,
  scopes: {
    classic: ['read:servicedesk-request'],
    granular: ['read:request.approval:jira-service-management', 'read:user:jira'],
  },
});
