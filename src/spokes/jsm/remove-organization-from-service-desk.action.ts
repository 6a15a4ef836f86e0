import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ORGANIZATION_ID_INPUT, SERVICE_DESK_INPUT } from './jsm-lifecycle-schemas';

interface DeskOrganizationInputs {
  serviceDeskId: string;
  organizationId: string;
}

interface DeskOrganizationOutputs {
  serviceDeskId: string;
  organizationId: string;
}

export const removeOrganizationFromServiceDesk = defineAction<
  DeskOrganizationInputs,
  DeskOrganizationOutputs
>({
  name: 'jsm.remove_organization_from_service_desk',
  spoke: Spoke.Jsm,
  title: 'Remove organization from service desk',
  description:
    'Removes a customer organization from a service desk (DELETE /rest/servicedeskapi/servicedesk/{serviceDeskId}/organization); the organization and its users stay. Removing one the desk does not have changes nothing; Atlassian answers 404 for an unknown desk or organization.',
  inputSchema: {
    type: 'object',
    required: ['serviceDeskId', 'organizationId'],
    additionalProperties: false,
    properties: { serviceDeskId: SERVICE_DESK_INPUT, organizationId: ORGANIZATION_ID_INPUT },
  },
  outputSchema: {
    type: 'object',
    required: ['serviceDeskId', 'organizationId'],
    properties: { serviceDeskId: { type: 'string' }, organizationId: { type: 'string' } },
  },
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: [
      'read:servicedesk.organization:jira-service-management',
      'delete:servicedesk.organization:jira-service-management',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'DELETE',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/organization',
    },
  ],
  example: { serviceDeskId: '1', organizationId: '3' },
  run: async (context, inputs) => {
    await context.call({
      method: 'DELETE',
      path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/organization`,
      // Atlassian takes the organization ID as a number here.
      body: { organizationId: Number(inputs.organizationId) },
    });
    return { serviceDeskId: inputs.serviceDeskId, organizationId: inputs.organizationId };
  },
});
