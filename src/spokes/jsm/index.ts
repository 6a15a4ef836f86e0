import type { AnySpokeAction } from '../../actions/action-definition';
import type { SpokeDefinition } from '../spoke';
import { JSM_SPOKE } from './spoke';
import { addCustomersToServiceDesk } from './add-customers-to-service-desk.action';
import { createCustomer } from './create-customer.action';
import { createRequest } from './create-request.action';
import { getRequest } from './get-request.action';
import { getRequestTypeFields } from './get-request-type-fields.action';
import { getServiceDeskCustomers } from './get-service-desk-customers.action';
import { listRequestTypes } from './list-request-types.action';
import { listServiceDesks } from './list-service-desks.action';
import { provisionCustomer } from './provision-customer.action';
import { removeCustomersFromServiceDesk } from './remove-customers-from-service-desk.action';

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
];

export const JSM: SpokeDefinition = { ...JSM_SPOKE, actions: JSM_ACTIONS };
