import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { collectSizedPages, Paged, startAtPage } from '../../actions/runtime/paging';
import {
  jiraPageSchema,
  PROJECT_SCHEMA,
  startAtPagingInputs,
  StartAtPagingInputs,
} from './jira-schemas';

/** The spec: maxResults "must be less than or equal to 100". */
export const PROJECT_SEARCH_MAX_PAGE = 100;

interface SearchProjectsInputs extends StartAtPagingInputs {
  query?: string;
  orderBy?: string;
}

interface PageBean {
  values?: Record<string, unknown>[];
  isLast?: boolean;
  total?: number;
}

export const searchProjects = defineAction<
  SearchProjectsInputs,
  Paged<Record<string, unknown>, { startAt: number }>
>({
  name: 'jira.search_projects',
  spoke: Spoke.Jira,
  title: 'Search projects',
  description:
    'Lists the projects the connection can see (GET /rest/api/3/project/search), optionally those whose key or name contains a query (case-insensitive), ordered by key unless orderBy says otherwise. One page of up to 100 by default, every page with fetchAll.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      query: { title: 'Search text', type: 'string', minLength: 1, maxLength: 255 },
      orderBy: {
        title: 'Order by',
        type: 'string',
        enum: [
          'key',
          '-key',
          'name',
          '-name',
          'category',
          '-category',
          'issueCount',
          '-issueCount',
        ],
      },
      ...startAtPagingInputs(PROJECT_SEARCH_MAX_PAGE),
    },
  },
  outputSchema: jiraPageSchema(PROJECT_SCHEMA, { startAt: { type: 'integer' } }),
  scopes: {
    classic: ['read:jira-work'],
    granular: [
      'read:issue-type:jira',
      'read:project:jira',
      'read:project.property:jira',
      'read:user:jira',
      'read:application-role:jira',
      'read:avatar:jira',
      'read:group:jira',
      'read:issue-type-hierarchy:jira',
      'read:project-category:jira',
      'read:project-version:jira',
      'read:project.component:jira',
    ],
  },
  operations: [{ api: 'jira-platform', method: 'GET', path: '/rest/api/3/project/search' }],
  example: { query: 'HSP', maxResults: 100 },
  run: async (context, inputs) =>
    collectSizedPages(
      { startAt: inputs.startAt },
      {
        fetchAll: inputs.fetchAll,
        pageSize: inputs.maxResults,
        largestPage: PROJECT_SEARCH_MAX_PAGE,
      },
      (cursor, maxResults) =>
        startAtPage<Record<string, unknown>>(
          context,
          {
            method: 'GET',
            path: 'rest/api/3/project/search',
            query: { query: inputs.query, orderBy: inputs.orderBy },
          },
          cursor,
          maxResults,
          (data) => {
            const page = data as PageBean;
            return { items: page.values ?? [], isLast: page.isLast, total: page.total };
          },
        ),
    ),
});
