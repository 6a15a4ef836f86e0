import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { collectSizedPages, Paged, startAtPage } from '../../actions/runtime/paging';
import {
  GROUP_SELECTOR_ONE_OF,
  GROUP_SELECTOR_PROPERTIES,
  groupQuery,
  GroupSelector,
  jiraPageSchema,
  startAtPagingInputs,
  StartAtPagingInputs,
  USER_SCHEMA,
} from './jira-schemas';

/** The spec: "number should be between 1 and 50". */
export const GROUP_MEMBERS_MAX_PAGE = 50;

interface GetGroupMembersInputs extends GroupSelector, StartAtPagingInputs {
  includeInactiveUsers: boolean;
}

interface PageBean {
  values?: Record<string, unknown>[];
  isLast?: boolean;
  total?: number;
}

export const getGroupMembers = defineAction<
  GetGroupMembersInputs,
  Paged<Record<string, unknown>, { startAt: number }>
>({
  name: 'jira.get_group_members',
  spoke: Spoke.Jira,
  title: 'Get group members',
  description:
    'Lists the users in a group, named by groupId (preferred: it survives a rename) or groupname (GET /rest/api/3/group/member). One page of up to 50 by default, every page with fetchAll.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...GROUP_SELECTOR_PROPERTIES,
      includeInactiveUsers: { title: 'Include inactive users', type: 'boolean', default: false },
      ...startAtPagingInputs(GROUP_MEMBERS_MAX_PAGE),
    },
    oneOf: GROUP_SELECTOR_ONE_OF,
  },
  outputSchema: jiraPageSchema(USER_SCHEMA, { startAt: { type: 'integer' } }),
  scopes: {
    classic: ['manage:jira-configuration'],
    granular: ['read:group:jira', 'read:user:jira', 'read:avatar:jira'],
  },
  operations: [{ api: 'jira-platform', method: 'GET', path: '/rest/api/3/group/member' }],
  example: { groupname: 'jira-software-users', maxResults: 50 },
  run: async (context, inputs) =>
    collectSizedPages(
      { startAt: inputs.startAt },
      {
        fetchAll: inputs.fetchAll,
        pageSize: inputs.maxResults,
        largestPage: GROUP_MEMBERS_MAX_PAGE,
      },
      (cursor, maxResults) =>
        startAtPage<Record<string, unknown>>(
          context,
          {
            method: 'GET',
            path: 'rest/api/3/group/member',
            query: { ...groupQuery(inputs), includeInactiveUsers: inputs.includeInactiveUsers },
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
