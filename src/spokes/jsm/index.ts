import type { AnySpokeAction } from '../../actions/action-definition';
import type { SpokeDefinition } from '../spoke';
import { JSM_SPOKE } from './spoke';
import { addCustomersToServiceDesk } from './add-customers-to-service-desk.action';
import { addOrganizationToServiceDesk } from './add-organization-to-service-desk.action';
import { addRequestComment } from './add-request-comment.action';
import { addRequestParticipants } from './add-request-participants.action';
import { addUsersToOrganization } from './add-users-to-organization.action';
import { answerApproval } from './answer-approval.action';
import { createCustomer } from './create-customer.action';
import { createOrganization } from './create-organization.action';
import { createRequest } from './create-request.action';
import { deleteOrganization } from './delete-organization.action';
import { getRequestSla } from './get-request-sla.action';
import { getRequestStatusHistory } from './get-request-status-history.action';
import { getRequestTypeFields } from './get-request-type-fields.action';
import { getRequest } from './get-request.action';
import { getServiceDeskCustomers } from './get-service-desk-customers.action';
import { listOrganizationUsers } from './list-organization-users.action';
import { listOrganizations } from './list-organizations.action';
import { listQueueIssues } from './list-queue-issues.action';
import { listQueues } from './list-queues.action';
import { listRequestApprovals } from './list-request-approvals.action';
import { listRequestComments } from './list-request-comments.action';
import { listRequestParticipants } from './list-request-participants.action';
import { listRequestTransitions } from './list-request-transitions.action';
import { listRequestTypes } from './list-request-types.action';
import { listRequests } from './list-requests.action';
import { listServiceDesks } from './list-service-desks.action';
import { provisionCustomer } from './provision-customer.action';
import { removeCustomersFromServiceDesk } from './remove-customers-from-service-desk.action';
import { removeOrganizationFromServiceDesk } from './remove-organization-from-service-desk.action';
import { removeRequestParticipants } from './remove-request-participants.action';
import { removeUsersFromOrganization } from './remove-users-from-organization.action';
import { subscribeRequest } from './subscribe-request.action';
import { transitionRequest } from './transition-request.action';
import { unsubscribeRequest } from './unsubscribe-request.action';

// Each action is one file beside this one, imported above and named once here.
export const JSM_ACTIONS: AnySpokeAction[] = [
  createCustomer,
  provisionCustomer,
  listServiceDesks,
  getServiceDeskCustomers,
  addCustomersToServiceDesk,
  removeCustomersFromServiceDesk,
  createRequest,
  getRequest,
  listRequestTypes,
  getRequestTypeFields,
  listRequests,
  getRequestStatusHistory,
  addRequestComment,
  listRequestComments,
  listRequestTransitions,
  transitionRequest,
  addRequestParticipants,
  removeRequestParticipants,
  listRequestParticipants,
  listRequestApprovals,
  answerApproval,
  getRequestSla,
  subscribeRequest,
  unsubscribeRequest,
  listQueues,
  listQueueIssues,
  createOrganization,
  deleteOrganization,
  listOrganizations,
  addUsersToOrganization,
  removeUsersFromOrganization,
  listOrganizationUsers,
  addOrganizationToServiceDesk,
  removeOrganizationFromServiceDesk,
];

export const JSM: SpokeDefinition = { ...JSM_SPOKE, actions: JSM_ACTIONS };
