import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ORGANIZATION_ID_INPUT } from './jsm-lifecycle-schemas';

interface DeleteOrganizationInputs {
  organizationId: string;
}

interface DeleteOrganizationOutputs {
  organizationId: string;
  deleted: boolean;
}

export const deleteOrganization = defineAction<DeleteOrganizationInputs, DeleteOrganizationOutputs>(
  {
    name: 'jsm.delete_organization',
    spoke: Spoke.Jsm,
    title: 'Delete organization',
    description:
      'Deletes a customer organization (DELETE /rest/servicedeskapi/organization/{organizationId}); its users keep their accounts. Atlassian answers 404 for an unknown organization.',
    inputSchema: {
      type: 'object',
      required: ['organizationId'],
      additionalProperties: false,
      properties: { organizationId: ORGANIZATION_ID_INPUT },
    },
    outputSchema: {
      type: 'object',
      required: ['organizationId', 'deleted'],
      properties: { organizationId: { type: 'string' }, deleted: { type: 'boolean' } },
    },
    scopes: {
      classic: ['manage:servicedesk-customer'],
      granular: [
        'read:organization:jira-service-management',
        'delete:organization:jira-service-management',
      ],
    },
    operations: [
      {
        api: 'jira-servicedesk',
        method: 'DELETE',
        path: '/rest/servicedeskapi/organization/{organizationId}',
      },
    ],
    example: { organizationId: '2' },
    run: async (context, inputs) => {
      await context.call({
        method: 'DELETE',
        path: `rest/servicedeskapi/organization/${encodeURIComponent(inputs.organizationId)}`,
      });
      return { organizationId: inputs.organizationId, deleted: true };
    },
  },
);
