import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_IDS_INPUT, ORGANIZATION_ID_INPUT } from './jsm-lifecycle-schemas';

interface OrganizationUsersInputs {
  organizationId: string;
  accountIds: string[];
}

interface OrganizationUsersOutputs {
  organizationId: string;
  added: string[];
}

export const addUsersToOrganization = defineAction<
  OrganizationUsersInputs,
  OrganizationUsersOutputs
>({
  name: 'jsm.add_users_to_organization',
  spoke: Spoke.Jsm,
  title: 'Add users to organization',
  description:
    'Adds customers to a customer organization (POST /rest/servicedeskapi/organization/{organizationId}/user); they then see its requests on the service desks it belongs to. Members stay as they are; Atlassian answers 400 if an account does not exist and 404 for an unknown organization.',
  inputSchema: {
    type: 'object',
    required: ['organizationId', 'accountIds'],
    additionalProperties: false,
    properties: { organizationId: ORGANIZATION_ID_INPUT, accountIds: ACCOUNT_IDS_INPUT },
  },
  outputSchema: {
    type: 'object',
    required: ['organizationId', 'added'],
    properties: {
      organizationId: { type: 'string' },
      added: { type: 'array', items: { type: 'string' } },
    },
  },
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: [
      'read:organization.user:jira-service-management',
      'write:organization.user:jira-service-management',
      'read:user:jira',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'POST',
      path: '/rest/servicedeskapi/organization/{organizationId}/user',
    },
  ],
  example: {
    organizationId: '1',
    accountIds: ['qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3a01db05e2a66fa80bd'],
  },
  run: async (context, inputs) => {
    await context.call({
      method: 'POST',
      path: `rest/servicedeskapi/organization/${encodeURIComponent(inputs.organizationId)}/user`,
      body: { accountIds: inputs.accountIds },
      // Adding a member twice changes nothing, so a 5xx may safely be retried.
      idempotent: true,
    });
    return { organizationId: inputs.organizationId, added: inputs.accountIds };
  },
});
