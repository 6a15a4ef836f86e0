import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { ORGANIZATION_SCHEMA, SERVICE_DESK_INPUT } from './jsm-lifecycle-schemas';
import { jsmList } from './jsm-paging';
import { JSM_PAGING_INPUTS, jsmPageSchema, JsmPagingInputs } from './jsm-schemas';

interface ListOrganizationsInputs extends JsmPagingInputs {
  serviceDeskId?: string;
  accountId?: string;
}

export const listOrganizations = defineAction<
  ListOrganizationsInputs,
  Paged<Record<string, unknown>, { start: number }>
>({
  name: 'jsm.list_organizations',
  spoke: Spoke.Jsm,
  title: 'List organizations',
  description:
    "Lists the site's customer organizations (GET /rest/servicedeskapi/organization), or with serviceDeskId those of one service desk (GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/organization); accountId keeps those a user belongs to.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      serviceDeskId: {
        ...SERVICE_DESK_INPUT,
        description: 'Only the organizations of this service desk.',
      },
      accountId: {
        title: 'Member account ID',
        type: 'string',
        minLength: 1,
        maxLength: 128,
        description: 'Only the organizations this account belongs to.',
      },
      ...JSM_PAGING_INPUTS,
    },
  },
  outputSchema: jsmPageSchema(ORGANIZATION_SCHEMA),
  // The union of the two operations' scopes.
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: [
      'read:organization:jira-service-management',
      'read:servicedesk.organization:jira-service-management',
    ],
  },
  operations: [
    { api: 'jira-servicedesk', method: 'GET', path: '/rest/servicedeskapi/organization' },
    {
      api: 'jira-servicedesk',
      method: 'GET',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/organization',
    },
  ],
  example: { limit: 50 },
  run: async (context, inputs) =>
    jsmList(context, inputs, {
      method: 'GET',
      path:
        inputs.serviceDeskId === undefined
          ? 'rest/servicedeskapi/organization'
          : `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/organization`,
      query: { accountId: inputs.accountId },
    }),
});
