import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import type { Paged } from '../../actions/runtime/paging';
import { CREATE_META_MAX_PAGE, createIssueTypesPage } from './create-meta';
import { ISSUE_TYPE_SCHEMA, PROJECT_KEY_INPUT, titled } from './jira-issue-schemas';
import { jiraPageSchema, startAtPagingInputs, StartAtPagingInputs } from './jira-schemas';

interface ListIssueTypesInputs extends StartAtPagingInputs {
  projectKey?: string;
}

export const listIssueTypes = defineAction<
  ListIssueTypesInputs,
  Paged<Record<string, unknown>, { startAt: number }>
>({
  name: 'jira.list_issue_types',
  spoke: Spoke.Jira,
  title: 'List issue types',
  description:
    'With projectKey, the issue types the account can create in that project (GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes), one page of up to 200 or every page with fetchAll: their IDs are what jira.get_create_fields and jira.create_issue take. Without, every issue type the account can see on the site (GET /rest/api/3/issuetype), all at once.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      projectKey: {
        ...PROJECT_KEY_INPUT,
        description: 'Only the issue types that can be created in this project, e.g. "HSP".',
      },
      ...titled(startAtPagingInputs(CREATE_META_MAX_PAGE)),
    },
  },
  outputSchema: jiraPageSchema(ISSUE_TYPE_SCHEMA, { startAt: { type: 'integer' } }),
  scopes: {
    classic: ['read:jira-work'],
    granular: [
      'read:issue-meta:jira',
      'read:avatar:jira',
      'read:field-configuration:jira',
      'read:issue-type:jira',
      'read:project-category:jira',
      'read:project:jira',
    ],
  },
  operations: [
    {
      api: 'jira-platform',
      method: 'GET',
      path: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes',
    },
    { api: 'jira-platform', method: 'GET', path: '/rest/api/3/issuetype' },
  ],
  example: { projectKey: 'HSP' },
  run: async (context, inputs) => {
    if (inputs.projectKey !== undefined) {
      return createIssueTypesPage(context, inputs.projectKey, inputs);
    }
    // The site-wide list is not paged: the paging inputs do not apply to it.
    const { data } = await context.call<Record<string, unknown>[]>({
      method: 'GET',
      path: 'rest/api/3/issuetype',
    });
    return { items: data, next: null };
  },
});
