import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { USER_SCHEMA } from './jira-schemas';

export const getMyself = defineAction<Record<string, never>, Record<string, unknown>>({
  name: 'jira.get_myself',
  spoke: Spoke.Jira,
  title: 'Get current user',
  description: 'Who the connection is signed in as at Atlassian (GET /rest/api/3/myself).',
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  outputSchema: USER_SCHEMA,
  scopes: {
    classic: ['read:jira-user'],
    granular: [
      'read:application-role:jira',
      'read:group:jira',
      'read:user:jira',
      'read:avatar:jira',
    ],
  },
  operations: [{ api: 'jira-platform', method: 'GET', path: '/rest/api/3/myself' }],
  example: {},
  run: async (context) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'GET',
      path: 'rest/api/3/myself',
    });
    return data;
  },
});
