import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { GROUP_SCHEMA } from './jira-schemas';

interface FindGroupsInputs {
  query?: string;
  caseInsensitive: boolean;
  excludeGroupIds?: string[];
  maxResults?: number;
}

export const findGroups = defineAction<FindGroupsInputs, Record<string, unknown>>({
  name: 'jira.find_groups',
  spoke: Spoke.Jira,
  title: 'Find groups',
  description:
    "Finds groups whose names contain a query (GET /rest/api/3/groups/picker), sorted by name. The answer says how many matched in all (total); the number returned is capped by the site's autocomplete limit whatever maxResults asks.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      query: { title: 'Search text', type: 'string', minLength: 1, maxLength: 255 },
      caseInsensitive: { title: 'Ignore case', type: 'boolean', default: true },
      excludeGroupIds: {
        title: 'Group IDs to exclude',
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', minLength: 1, maxLength: 255 },
      },
      maxResults: { title: 'Results per page', type: 'integer', minimum: 1, maximum: 1000 },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['groups'],
    properties: {
      header: { type: 'string', example: 'Showing 2 of 2 matching groups' },
      total: { type: 'integer' },
      groups: {
        type: 'array',
        items: {
          ...GROUP_SCHEMA,
          properties: { ...GROUP_SCHEMA.properties, html: { type: 'string' } },
        },
      },
    },
  },
  scopes: { classic: ['read:jira-user'], granular: ['read:group:jira'] },
  operations: [{ api: 'jira-platform', method: 'GET', path: '/rest/api/3/groups/picker' }],
  example: { query: 'jira', maxResults: 20 },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, unknown>>({
      method: 'GET',
      path: 'rest/api/3/groups/picker',
      query: {
        query: inputs.query,
        caseInsensitive: inputs.caseInsensitive,
        // Sent as excludeId=a&excludeId=b, the form the spec documents.
        excludeId: inputs.excludeGroupIds,
        maxResults: inputs.maxResults,
      },
    });
    return data;
  },
});
