import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { listSchema, STATUS_SCHEMA } from './jira-issue-schemas';

export const listStatuses = defineAction<
  Record<string, never>,
  { items: Record<string, unknown>[] }
>({
  name: 'jira.list_statuses',
  spoke: Spoke.Jira,
  title: 'List statuses',
  description:
    'Lists the workflow statuses the account can see, with their category (To Do, In Progress, Done), all at once (GET /rest/api/3/status).',
  inputSchema: { type: 'object', additionalProperties: false, properties: {} },
  outputSchema: listSchema(STATUS_SCHEMA),
  scopes: { classic: ['read:jira-work'], granular: ['read:status:jira'] },
  operations: [{ api: 'jira-platform', method: 'GET', path: '/rest/api/3/status' }],
  example: {},
  run: async (context) => {
    const { data } = await context.call<Record<string, unknown>[]>({
      method: 'GET',
      path: 'rest/api/3/status',
    });
    return { items: data };
  },
});
