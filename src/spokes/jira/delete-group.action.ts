import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { GROUP_SELECTOR_INPUTS } from './jira-issue-schemas';
import {
  GROUP_SELECTOR_ONE_OF,
  GROUP_SELECTOR_PROPERTIES,
  groupQuery,
  GroupSelector,
} from './jira-schemas';

interface DeleteGroupInputs extends GroupSelector {
  swapGroupId?: string;
}

export const deleteGroup = defineAction<DeleteGroupInputs, GroupSelector & { deleted: true }>({
  name: 'jira.delete_group',
  spoke: Spoke.Jira,
  title: 'Delete group',
  description:
    'Deletes a group named by groupId or groupname (DELETE /rest/api/3/group). Comments and worklogs visible only to the group become visible to swapGroupId if given, else to everyone who can see the issue. Atlassian answers 404 for an unknown group.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...GROUP_SELECTOR_INPUTS,
      swapGroupId: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        title: 'Move restrictions to group (ID)',
        description:
          'The group that takes over the visibility restrictions of comments and worklogs.',
      },
    },
    oneOf: GROUP_SELECTOR_ONE_OF,
  },
  outputSchema: {
    type: 'object',
    required: ['deleted'],
    properties: { ...GROUP_SELECTOR_PROPERTIES, deleted: { const: true } },
  },
  scopes: { classic: ['manage:jira-configuration'], granular: ['delete:group:jira'] },
  operations: [{ api: 'jira-platform', method: 'DELETE', path: '/rest/api/3/group' }],
  example: { groupname: 'site-admins' },
  run: async (context, inputs) => {
    // Atlassian answers 200 with no body.
    await context.call({
      method: 'DELETE',
      path: 'rest/api/3/group',
      query: { ...groupQuery(inputs), swapGroupId: inputs.swapGroupId },
    });
    return { ...groupQuery(inputs), deleted: true };
  },
});
