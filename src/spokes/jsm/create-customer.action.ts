import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { CUSTOMER_SCHEMA } from './jsm-schemas';

interface CreateCustomerInputs {
  email: string;
  displayName: string;
}

export const createCustomer = defineAction<CreateCustomerInputs, Record<string, unknown>>({
  name: 'jsm.create_customer',
  spoke: Spoke.Jsm,
  title: 'Create customer',
  description:
    'Creates a Jira Service Management customer account (POST /rest/servicedeskapi/customer). Atlassian answers 400 when an account with that e-mail address exists; jsm.provision_customer handles that case.',
  inputSchema: {
    type: 'object',
    required: ['email', 'displayName'],
    additionalProperties: false,
    properties: {
      email: { title: 'Email address', type: 'string', format: 'email', maxLength: 254 },
      displayName: { title: 'Display name', type: 'string', minLength: 1, maxLength: 255 },
    },
  },
  outputSchema: CUSTOMER_SCHEMA,
  scopes: {
    classic: ['manage:servicedesk-customer'],
    granular: [
      'read:customer:jira-service-management',
      'write:customer:jira-service-management',
      'read:user:jira',
    ],
  },
  operations: [{ api: 'jira-servicedesk', method: 'POST', path: '/rest/servicedeskapi/customer' }],
  example: { email: 'jane.doe@example.com', displayName: 'Jane Doe' },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'POST',
      path: 'rest/servicedeskapi/customer',
      body: { email: inputs.email, displayName: inputs.displayName },
    });
    return data;
  },
});
