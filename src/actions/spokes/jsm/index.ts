import type { AnySpokeAction } from '../../action-definition';
import { addCustomersToServiceDesk } from './add-customers-to-service-desk.action';
import { createCustomer } from './create-customer.action';
import { createRequest } from './create-request.action';
import { getRequest } from './get-request.action';
import { getServiceDeskCustomers } from './get-service-desk-customers.action';
import { listServiceDesks } from './list-service-desks.action';
import { provisionCustomer } from './provision-customer.action';
import { removeCustomersFromServiceDesk } from './remove-customers-from-service-desk.action';

export const JSM_ACTIONS: AnySpokeAction[] = [
  createCustomer,
  provisionCustomer,
  listServiceDesks,
  getServiceDeskCustomers,
  addCustomersToServiceDesk,
  removeCustomersFromServiceDesk,
  createRequest,
  getRequest,
];
