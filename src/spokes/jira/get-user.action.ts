import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { ACCOUNT_ID_SCHEMA, USER_SCHEMA } from './jira-schemas';

interface GetUserInputs {
  accountId: string;
  expand?: Array<'groups' | 'applicationRoles'>;
}

export const getUser = defineAction<GetUserInputs, Record<string, unknown>>({
  name: 'jira.get_user',
  spoke: Spoke.Jira,
  title: 'Get user',
  description:
    'Gets one user by account ID (GET /rest/api/3/user), optionally with the groups and application roles the user belongs to. Atlassian answers 404 for an unknown account.',
  inputSchema: {
    type: 'object',
    required: ['accountId'],
    additionalProperties: false,
    properties: {
      accountId: { ...ACCOUNT_ID_SCHEMA, title: 'Account ID' },
      expand: {
        title: 'Expand',
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', enum: ['groups', 'applicationRoles'] },
      },
    },
  },
  outputSchema: {
    ...USER_SCHEMA,
    properties: {
      ...USER_SCHEMA.properties,
      timeZone: { type: 'string' },
      groups: {
        type: 'object',
        properties: {
          size: { type: 'integer' },
          items: {
            type: 'array',
            items: {
              type: 'object',
              properties: { name: { type: 'string' }, groupId: { type: 'string' } },
            },
          },
        },
      },
    },
  },
  scopes: {
    classic: ['read:jira-user'],
    granular: [
      'read:application-role:jira',
      'read:group:jira',
      'read:user:jira',
      'read:avatar:jira',
    ],
  },
  operations: [{ api: 'jira-platform', method: 'GET', path: '/rest/api/3/user' }],
  example: { accountId: '5b10a2844c20165700ede21g', expand: ['groups'] },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'GET',
      path: 'rest/api/3/user',
      // expand is a comma-separated string in this operation.
      query: { accountId: inputs.accountId, expand: inputs.expand?.join(',') || undefined },
    });
    return data;
  },
});
