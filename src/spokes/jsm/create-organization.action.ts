import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ORGANIZATION_SCHEMA } from './jsm-lifecycle-schemas';

interface CreateOrganizationInputs {
  name: string;
}

export const createOrganization = defineAction<CreateOrganizationInputs, Record<string, unknown>>({
  name: 'jsm.create_organization',
  spoke: Spoke.Jsm,
  title: 'Create organization',
  description:
    'Creates a customer organization (POST /rest/servicedeskapi/organization). When one of that name exists, Atlassian answers with it instead, so running it again changes nothing.',
  inputSchema: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { title: 'Name', type: 'string', minLength: 1, maxLength: 200 },
    },
  },
  outputSchema: ORGANIZATION_SCHEMA,
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: [
      'read:organization:jira-service-management',
      'write:organization:jira-service-management',
    ],
  },
  operations: [
    { api: 'jira-servicedesk', method: 'POST', path: '/rest/servicedeskapi/organization' },
  ],
  example: { name: 'Charlie Cakes Franchises' },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'POST',
      path: 'rest/servicedeskapi/organization',
      body: { name: inputs.name },
      // A name that exists answers the existing organization: a repeat creates nothing.
      idempotent: true,
    });
    return data;
  },
});
