import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { ORGANIZATION_ID_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { CUSTOMER_SCHEMA, JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface ListOrganizationUsersInputs extends JsmPagingInputs {
  organizationId: string;
}

export const listOrganizationUsers = defineAction<
  ListOrganizationUsersInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_organization_users',
  spoke: Spoke.Jsm,
  title: 'List organization users',
  description:
    'Lists the users of a customer organization, ordered by account ID (GET /rest/servicedeskapi/organization/{organizationId}/user). Atlassian answers 404 for an unknown organization.',
  inputSchema: {
    type: 'object',
    required: ['organizationId'],
    additionalProperties: false,
    properties: { organizationId: ORGANIZATION_ID_INPUT, ...JSM_PAGING_INPUTS },
  },
  outputSchema: jsmPageSchema(CUSTOMER_SCHEMA),
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: ['read:organization.user:jira-service-management', 'read:user:jira'],
  },
  operations: [
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/organization/{organizationId}/user',
    },
  ],
  example: { organizationId: '1' },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path: `rest/servicedeskapi/organization/${encodeURIComponent(inputs.organizationId)}/user`,
    }),
});
