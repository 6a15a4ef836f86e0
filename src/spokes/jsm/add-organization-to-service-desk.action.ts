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

export const addOrganizationToServiceDesk = defineAction<
  DeskOrganizationInputs,
  DeskOrganizationOutputs
>({
  name: 'jsm.add_organization_to_service_desk',
  spoke: Spoke.Jsm,
  title: 'Add organization to service desk',
  description:
    "Makes a customer organization one of a service desk's (POST /rest/servicedeskapi/servicedesk/{serviceDeskId}/organization): its users can raise requests there and see each other's. Adding it again changes nothing; Atlassian answers 404 for an unknown desk or organization.",
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
      'write:servicedesk.organization:jira-service-management',
    ],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'POST',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/organization',
    },
  ],
  example: { serviceDeskId: '1', organizationId: '1' },
  run: async (context, inputs) => {
    await context.call({
      method: 'POST',
      path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/organization`,
      // Atlassian takes the organization ID as a number here.
      body: { organizationId: Number(inputs.organizationId) },
      // Atlassian answers 204 when the organization is there already: safe to retry.
      idempotent: true,
    });
    return { serviceDeskId: inputs.serviceDeskId, organizationId: inputs.organizationId };
  },
});
