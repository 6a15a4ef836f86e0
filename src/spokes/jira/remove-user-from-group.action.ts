import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import {
  ACCOUNT_ID_SCHEMA,
  GROUP_SELECTOR_ONE_OF,
  GROUP_SELECTOR_PROPERTIES,
  groupQuery,
  GroupSelector,
} from './jira-schemas';

interface RemoveUserFromGroupInputs extends GroupSelector {
  accountId: string;
}

interface RemoveUserFromGroupOutputs extends GroupSelector {
  accountId: string;
  removed: true;
}

export const removeUserFromGroup = defineAction<
  RemoveUserFromGroupInputs,
  RemoveUserFromGroupOutputs
>({
  name: 'jira.remove_user_from_group',
  spoke: Spoke.Jira,
  title: 'Remove user from group',
  description:
    'Removes a user from a group named by groupId or groupname (DELETE /rest/api/3/group/user). Atlassian answers 404 for an unknown group or user.',
  inputSchema: {
    type: 'object',
    required: ['accountId'],
    additionalProperties: false,
    properties: { ...GROUP_SELECTOR_PROPERTIES, accountId: ACCOUNT_ID_SCHEMA },
    oneOf: GROUP_SELECTOR_ONE_OF,
  },
  outputSchema: {
    type: 'object',
    required: ['accountId', 'removed'],
    properties: {
      ...GROUP_SELECTOR_PROPERTIES,
      accountId: { title: 'Account ID', type: 'string' },
      removed: { title: 'Removed', const: true },
    },
  },
  scopes: { classic: ['manage:jira-configuration'], granular: ['write:group:jira'] },
  operations: [{ api: 'jira-platform', method: 'DELETE', path: '/rest/api/3/group/user' }],
  example: { groupname: 'jira-software-users', accountId: '5b10ac8d82e05b22cc7d4ef5' },
  run: async (context, inputs) => {
    // Atlassian answers 200 with no body.
    await context.call({
      method: 'DELETE',
      path: 'rest/api/3/group/user',
      query: { ...groupQuery(inputs), accountId: inputs.accountId },
    });
    return { ...groupQuery(inputs), accountId: inputs.accountId, removed: true };
  },
});
