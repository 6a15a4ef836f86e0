import { Spoke } from '../spoke';
import { ActionContext, defineAction } from '../../actions/action-definition';
import { UpstreamError } from '../../actions/runtime/upstream-client';
import { SERVICE_DESK_ID_SCHEMA } from './jsm-schemas';

interface ProvisionCustomerInputs {
  email: string;
  displayName: string;
  serviceDeskId: string;
}

interface ProvisionCustomerOutputs {
  accountId: string;
  created: boolean;
  serviceDeskId: string;
}

export const provisionCustomer = defineAction<ProvisionCustomerInputs, ProvisionCustomerOutputs>({
  name: 'jsm.provision_customer',
  spoke: Spoke.Jsm,
  title: 'Provision customer',
  description:
    'Makes sure an e-mail address is a customer of a service desk: creates the customer (POST /rest/servicedeskapi/customer) or, when an account already exists for that address, finds it (GET /rest/api/3/user/search), then adds it to the service desk (POST /rest/servicedeskapi/servicedesk/{serviceDeskId}/customer). Running it again changes nothing.',
  inputSchema: {
    type: 'object',
    required: ['email', 'displayName', 'serviceDeskId'],
    additionalProperties: false,
    properties: {
      email: { title: 'Email address', type: 'string', format: 'email', maxLength: 254 },
      displayName: { title: 'Display name', type: 'string', minLength: 1, maxLength: 255 },
      serviceDeskId: { ...SERVICE_DESK_ID_SCHEMA, title: 'Service desk ID' },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['accountId', 'created', 'serviceDeskId'],
    properties: {
      accountId: { type: 'string' },
      created: { type: 'boolean', description: 'False when the account already existed.' },
      serviceDeskId: { type: 'string' },
    },
  },
  // The union of the three operations' scopes.
  scopes: {
    classic: ['manage:servicedesk-customer', 'read:jira-user'],
    granular: [
      'read:customer:jira-service-management',
      'write:customer:jira-service-management',
      'read:user:jira',
      'read:servicedesk.customer:jira-service-management',
      'write:servicedesk.customer:jira-service-management',
      'read:user.property:jira',
      'read:application-role:jira',
      'read:avatar:jira',
      'read:group:jira',
    ],
  },
  operations: [
    { api: 'jira-servicedesk', method: 'POST', path: '/rest/servicedeskapi/customer' },
    { api: 'jira-platform', method: 'GET', path: '/rest/api/3/user/search' },
    {
      api: 'jira-servicedesk',
      method: 'POST',
      path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/customer',
    },
  ],
  example: { email: 'fred@example.com', displayName: 'Fred F. User', serviceDeskId: '1' },
  run: async (context, inputs) => {
    let accountId: string;
    let created: boolean;
    try {
      const { data } = await context.call<{ accountId: string }>({
        method: 'POST',
        path: 'rest/servicedeskapi/customer',
        body: { email: inputs.email, displayName: inputs.displayName },
      });
      accountId = data.accountId;
      created = true;
    } catch (error) {
      // Atlassian answers 400 (not 409, unless strictConflictStatusCode) when the address has an
      // account; it also answers 400 to a malformed address, so only a found account counts.
      if (!(error instanceof UpstreamError) || error.httpStatus !== 400) throw error;
      const existing = await findAccountByEmail(context, inputs.email);
      if (!existing) throw error;
      accountId = existing;
      created = false;
    }
    await context.call({
      method: 'POST',
      path: `rest/servicedeskapi/servicedesk/${encodeURIComponent(inputs.serviceDeskId)}/customer`,
      body: { accountIds: [accountId] },
      idempotent: true,
    });
    return { accountId, created, serviceDeskId: inputs.serviceDeskId };
  },
});

/** User search matches on display name and e-mail prefixes: keep only the exact address. */
async function findAccountByEmail(
  context: ActionContext,
  email: string,
): Promise<string | undefined> {
  const { data } = await context.call<Array<{ accountId: string; emailAddress?: string }>>({
    method: 'GET',
    path: 'rest/api/3/user/search',
    query: { query: email, maxResults: 50 },
  });
  const wanted = email.toLowerCase();
  return data.find((user) => user.emailAddress?.toLowerCase() === wanted)?.accountId;
}
