import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_IDS_SCHEMA, EXPERIMENTAL_API, SERVICE_DESK_ID_SCHEMA } from './jsm-schemas';

interface RemoveCustomersInputs {
  serviceDeskId: string;
  accountIds: string[];
}

interface RemoveCustomersOutputs {
  serviceDeskId: string;
  removed: string[];
}

export const removeCustomersFromServiceDesk = defineAction<
  RemoveCustomersInputs,
  RemoveCustomersOutputs
>({
  name: 'jsm.remove_customers_from_service_desk',
  spoke: Spoke.Jsm,
  title: 'Remove customers from service desk',
  description:
    'Removes customers from a service desk (DELETE /rest/servicedeskapi/servicedesk/{serviceDeskId}/customer, experimental). Accounts that are not customers of the desk are ignored; Atlassian answers 400 when the desk has public signup or open access.',
  inputSchema: {
    type: 'object',
    required: ['serviceDeskId', 'accountIds'],
    additionalProperties: false,
    properties: { serviceDeskId: SERVICE_DESK_ID_SCHEMA, accountIds: ACCOUNT_IDS_SCHEMA },
  },
  outputSchema: {
    type: 'object',
    required: ['serviceDeskId', 'removed'],
    properties: {
      serviceDeskId: { title: 'Service desk ID', type: 'string' },
      removed: { title: 'Removed', type: 'array', items: { type: 'string' } },
    },
  },
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: [
      'read:servicedesk.customer:jira-service-management',
      'delete:servicedesk.customer:jira-service-management',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'DELETE',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/customer',
    },
  ],
  example: {
    serviceDeskId: '1',
    accountIds: ['qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3a01db05e2a66fa80bd'],
  },
  run: async (context, inputs) => {
    await context.call({
      method: 'DELETE',
      path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/customer`,
      body: { accountIds: inputs.accountIds },
      headers: { ...EXPERIMENTAL_API },
    });
    return { serviceDeskId: inputs.serviceDeskId, removed: inputs.accountIds };
  },
});
