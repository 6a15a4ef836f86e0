import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';
import { collectPages, Paged } from '../../actions/runtime/paging';
import { ADMIN_ID_SCHEMA, adminUrl, ORG_USER_SCHEMA } from './admin-schemas';

interface ListOrgUsersInputs {
  orgId: string;
  cursor?: string;
  fetchAll: boolean;
}

interface UsersPage {
  data?: Array<Record<string, unknown>>;
  links?: { self?: string; prev?: string; next?: string };
}

type Cursor = { cursor?: string };

export const listOrgUsers = defineAction<
  ListOrgUsersInputs,
  Paged<Record<string, unknown>, { cursor: string }>
>({
  name: 'atlassian-admin.list_org_users',
  spoke: Spoke.AtlassianAdmin,
  title: 'List organization users',
  description:
    "Lists the managed accounts of an Atlassian organization (GET /admin/v1/orgs/{orgId}/users on the API host's root; the connection's credential must be an org-admin API key). Atlassian pages by an opaque cursor, 100 users a page: one page by default, every page with fetchAll.",
  inputSchema: {
    type: 'object',
    required: ['orgId'],
    additionalProperties: false,
    properties: {
      orgId: {
        title: 'Organization ID',
        ...ADMIN_ID_SCHEMA,
        description: 'The organization ID (admin.atlassian.com URL).',
      },
      cursor: {
        title: 'Page cursor',
        type: 'string',
        minLength: 1,
        maxLength: 2048,
        description: 'next.cursor of the previous page; leave out for the first page.',
      },
      fetchAll: {
        title: 'Fetch all pages',
        type: 'boolean',
        default: false,
        description: 'Follow every page and return all items (next is then null).',
      },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['items', 'next'],
    properties: {
      items: { type: 'array', items: ORG_USER_SCHEMA },
      next: {
        anyOf: [
          { type: 'object', required: ['cursor'], properties: { cursor: { type: 'string' } } },
          { type: 'null' },
        ],
      },
    },
  },
  // Org-admin API keys carry no OAuth scopes.
  scopes: { classic: [], granular: [] },
  operations: [{ api: 'atlassian-admin', method: 'GET', path: '/admin/v1/orgs/{orgId}/users' }],
  example: { orgId: 'org-1' },
  run: async (context, inputs) => {
    const path = adminUrl(context, `/admin/v1/orgs/${encodeURIComponent(inputs.orgId)}/users`);
    // No page size to choose: the API takes only a cursor and pages 100 users at a time.
    const all = await collectPages<Record<string, unknown>, Cursor>(
      { cursor: inputs.cursor },
      inputs.fetchAll,
      async ({ cursor }) => {
        const { data } = await context.call<UsersPage>({
          method: 'GET',
          path,
          query: { cursor },
        });
        const next = data.links?.next;
        // A cursor that repeats would loop for ever: treat it as the end.
        return { items: data.data ?? [], next: next && next !== cursor ? { cursor: next } : null };
      },
    );
    return { items: all.items, next: all.next?.cursor ? { cursor: all.next.cursor } : null };
  },
});
