import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_IDS_INPUT, ORGANIZATION_ID_INPUT } from './jsm-lifecycle-schemas';

interface OrganizationUsersInputs {
  organizationId: string;
  accountIds: string[];
}

interface OrganizationUsersOutputs {
  organizationId: string;
  removed: string[];
}

export const removeUsersFromOrganization = defineAction<
  OrganizationUsersInputs,
  OrganizationUsersOutputs
>({
  name: 'jsm.remove_users_from_organization',
  spoke: Spoke.Jsm,
  title: 'Remove users from organization',
  description:
    'Removes users from a customer organization (DELETE /rest/servicedeskapi/organization/{organizationId}/user); accounts that are not members are ignored. Atlassian answers 404 for an unknown organization.',
  inputSchema: {
    type: 'object',
    required: ['organizationId', 'accountIds'],
    additionalProperties: false,
    properties: { organizationId: ORGANIZATION_ID_INPUT, accountIds: ACCOUNT_IDS_INPUT },
  },
  outputSchema: {
    type: 'object',
    required: ['organizationId', 'removed'],
    properties: {
      organizationId: { type: 'string' },
      removed: { type: 'array', items: { type: 'string' } },
    },
  },
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: [
      'read:organization.user:jira-service-management',
      'delete:organization.user:jira-service-management',
      'read:user:jira',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'DELETE',
      path: '/rest/servicedeskapi/organization/{organizationId}/user',
    },
  ],
  example: {
    organizationId: '1',
    accountIds: ['qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3a01db05e2a66fa80bd'],
  },
  run: async (context, inputs) => {
    await context.call({
      method: 'DELETE',
      path: `rest/servicedeskapi/organization/${encodeURIComponent(inputs.organizationId)}/user`,
      body: { accountIds: inputs.accountIds },
    });
    return { organizationId: inputs.organizationId, removed: inputs.accountIds };
  },
});
