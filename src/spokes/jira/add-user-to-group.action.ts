import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import {
  ACCOUNT_ID_SCHEMA,
  GROUP_SCHEMA,
  GROUP_SELECTOR_ONE_OF,
  GROUP_SELECTOR_PROPERTIES,
  groupQuery,
  GroupSelector,
} from './jira-schemas';

interface AddUserToGroupInputs extends GroupSelector {
  accountId: string;
}

export const addUserToGroup = defineAction<AddUserToGroupInputs, Record<string, unknown>>({
  name: 'jira.add_user_to_group',
  spoke: Spoke.Jira,
  title: 'Add user to group',
  description:
    'Adds a user to a group named by groupId or groupname (POST /rest/api/3/group/user) and returns the group. Atlassian answers 400 when the user is already a member and 404 for an unknown group or user.',
  inputSchema: {
    type: 'object',
    required: ['accountId'],
    additionalProperties: false,
    properties: { ...GROUP_SELECTOR_PROPERTIES, accountId: ACCOUNT_ID_SCHEMA },
    oneOf: GROUP_SELECTOR_ONE_OF,
  },
  outputSchema: GROUP_SCHEMA,
  scopes: {
    classic: ['manage:jira-configuration'],
    granular: ['write:group:jira', 'read:avatar:jira', 'read:group:jira', 'read:user:jira'],
  },
  operations: [{ api: 'jira-platform', method: 'POST', path: '/rest/api/3/group/user' }],
  example: { groupname: 'jira-administrators', accountId: '5b10a2844c20165700ede21g' },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'POST',
      path: 'rest/api/3/group/user',
      query: groupQuery(inputs),
      body: { accountId: inputs.accountId },
    });
    return data;
  },
});
