import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { listSchema, PRIORITY_SCHEMA } from './jira-issue-schemas';

export const listPriorities = defineAction<
  Record<string, never>,
  { items: Record<string, unknown>[] }
>({
  name: 'jira.list_priorities',
  spoke: Spoke.Jira,
  title: 'List priorities',
  description:
    'Lists the issue priorities of the site, all at once (GET /rest/api/3/priority): their names and IDs are what a priority field takes, e.g. {"priority": {"name": "High"}}.',
  inputSchema: { type: 'object', additionalProperties: false, properties: {} },
  outputSchema: listSchema(PRIORITY_SCHEMA),
  scopes: { classic: ['read:jira-work'], granular: ['read:priority:jira'] },
  operations: [{ api: 'jira-platform', method: 'GET', path: '/rest/api/3/priority' }],
  example: {},
  run: async (context) => {
    const { data } = await context.call<Record<string, unknown>[]>({
      method: 'GET',
      path: 'rest/api/3/priority',
    });
    return { items: data };
  },
});
