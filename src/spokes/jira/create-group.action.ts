import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { GROUP_SCHEMA } from './jira-schemas';

export const createGroup = defineAction<{ name: string }, Record<string, unknown>>({
  name: 'jira.create_group',
  spoke: Spoke.Jira,
  title: 'Create group',
  description:
    'Creates a group (POST /rest/api/3/group) and returns it with its groupId. Atlassian answers 400 when a group of that name exists. Not retried: a repeat after a lost answer would be refused as a duplicate.',
  inputSchema: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        pattern: '^\\S(.*\\S)?$',
        title: 'Group name',
        example: 'contractors-2026',
      },
    },
  },
  outputSchema: GROUP_SCHEMA,
  scopes: {
    classic: ['manage:jira-configuration'],
    granular: ['read:group:jira', 'read:user:jira', 'write:group:jira', 'read:avatar:jira'],
  },
  operations: [{ api: 'jira-platform', method: 'POST', path: '/rest/api/3/group' }],
  example: { name: 'contractors-2026' },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'POST',
      path: 'rest/api/3/group',
      body: { name: inputs.name },
    });
    return data;
  },
});
