import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_IDS_SCHEMA, SERVICE_DESK_ID_SCHEMA } from './jsm-schemas';

interface AddCustomersInputs {
  serviceDeskId: string;
  accountIds: string[];
}

interface AddCustomersOutputs {
  serviceDeskId: string;
  added: string[];
}

export const addCustomersToServiceDesk = defineAction<AddCustomersInputs, AddCustomersOutputs>({
  name: 'jsm.add_customers_to_service_desk',
  spoke: Spoke.Jsm,
  title: 'Add customers to service desk',
  description:
    'Adds existing accounts as customers of a service desk (POST /rest/servicedeskapi/servicedesk/{serviceDeskId}/customer). Accounts that are already customers are left as they are; Atlassian answers 400 if an account does not exist.',
  inputSchema: {
    type: 'object',
    required: ['serviceDeskId', 'accountIds'],
    additionalProperties: false,
    properties: { serviceDeskId: SERVICE_DESK_ID_SCHEMA, accountIds: ACCOUNT_IDS_SCHEMA },
  },
  outputSchema: {
    type: 'object',
    required: ['serviceDeskId', 'added'],
    properties: {
      serviceDeskId: { title: 'Service desk ID', type: 'string' },
      added: { title: 'Added', type: 'array', items: { type: 'string' } },
    },
  },
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: [
      'read:servicedesk.customer:jira-service-management',
      'write:servicedesk.customer:jira-service-management',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'POST',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/customer',
    },
  ],
  example: {
    serviceDeskId: '1',
    accountIds: [
      'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3581db05e2a66fa80b',
      'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3a01db05e2a66fa80bd',
    ],
  },
  run: async (context, inputs) => {
    await context.call({
      method: 'POST',
      path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/customer`,
      body: { accountIds: inputs.accountIds },
      // Adding a customer twice changes nothing, so a 5xx may safely be retried.
      idempotent: true,
    });
    return { serviceDeskId: inputs.serviceDeskId, added: inputs.accountIds };
  },
});
