import type { AnySpokeAction } from '../../action-definition';
import { createCustomer } from './create-customer.action';

export const JSM_ACTIONS: AnySpokeAction[] = [createCustomer];
