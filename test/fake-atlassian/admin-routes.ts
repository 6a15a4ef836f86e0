import { FakeData } from './fake-data';
import { FakeRoute, RouteContext } from './fake-atlassian.server';

/** The seeded organization: its users page 100 at a time, as Atlassian's users API does. */
export const ADMIN_ORG = { id: 'org-1', users: 250 };
export const ORG_USERS_PAGE = 100;
export const SCIM_DIRECTORY_ID = 'dir-1';

const pad = (i: number) => String(i).padStart(12, '0');
/** Account ids in Atlassian's current `712020:<uuid>` form, deterministic so tests can name them. */
export const orgAccountId = (i: number) => `712020:0a1b2c3d-4e5f-4a6b-8c7d-${pad(i)}`;
/** SCIM user ids are the directory's own, not account ids. */
export const scimUserId = (i: number) => `c1f7a9d2-5b3e-4e61-9a0f-${pad(i)}`;

/** The account whose API tokens are seeded (the list_api_tokens example). */
export const TOKEN_OWNER = { accountId: orgAccountId(0), tokens: 3 };
/** The last org user, the one the deactivate_user example names. */
export const LEAVER = { accountId: orgAccountId(249), scimUserId: scimUserId(249) };

const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SCIM_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LAST_ACTIVE = '2026-01-05T09:30:00.000Z';

interface OrgUser {
  accountId: string;
  scimId: string;
  name: string;
  email: string;
  active: boolean;
  /** The message given with a lifecycle disable, if any. */
  disabledMessage?: string;
}

interface ApiToken {
  id: string;
  label: string;
  createdAt: string;
  lastAccess: string | null;
  expiry: string | null;
}

/**
 * Atlassian organization admin APIs at the root of the API host (not under /ex/jira): the
 * organization users API (cursor paging), a SCIM directory, and the user management API's tokens.
 * The organization's managed accounts are their own list, independent of the Jira site's users.
 */
export function adminRoutes(_data: FakeData): FakeRoute[] {
  const users: OrgUser[] = Array.from({ length: ADMIN_ORG.users }, (_, i) => ({
    accountId: orgAccountId(i),
    scimId: scimUserId(i),
    name: `Org User ${i}`,
    email: `org.user${i}@example.com`,
    active: true,
  }));
  const tokens = new Map<string, ApiToken[]>([
    [
      TOKEN_OWNER.accountId,
      Array.from({ length: TOKEN_OWNER.tokens }, (_, i) => ({
        id: `b7e1f2a0-1c2d-4e3f-8a9b-${pad(i)}`,
        label: ['ci-pipeline', 'backup-script', 'laptop'][i],
        createdAt: '2025-06-01T10:00:00.000Z',
        lastAccess: i === 2 ? null : LAST_ACTIVE,
        expiry: '2026-06-01T10:00:00.000Z',
      })),
    ],
  ]);

  // Opaque to clients; here the offset, base64url-encoded.
  const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
  const offsetOf = (cursor: string): number | undefined => {
    const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    return match ? Number(match[1]) : undefined;
  };
  const orgUserDto = (ctx: RouteContext, user: OrgUser) => ({
    account_id: user.accountId,
    account_type: 'atlassian',
    account_status: user.active ? 'active' : 'inactive',
    name: user.name,
    picture: `https://avatar.example.com/${user.accountId}/48`,
    email: user.email,
    access_billable: user.active,
    last_active: LAST_ACTIVE,
    product_access: [
      {
        key: 'jira-software',
        name: 'Jira Software',
        url: 'example.atlassian.net',
        last_active: LAST_ACTIVE,
      },
    ],
    links: {
      self: `http://${ctx.headers.host}/admin/v1/orgs/${ADMIN_ORG.id}/users/${user.accountId}`,
    },
  });
  const scimUserDto = (ctx: RouteContext, user: OrgUser) => ({
    schemas: [SCIM_USER],
    id: user.scimId,
    userName: user.email,
    displayName: user.name,
    emails: [{ value: user.email, type: 'work', primary: true }],
    active: user.active,
    meta: {
      resourceType: 'User',
      location: `http://${ctx.headers.host}/scim/directory/${SCIM_DIRECTORY_ID}/Users/${user.scimId}`,
    },
  });
  const scimError = (ctx: RouteContext, status: number, detail: string) =>
    ctx.send(status, { schemas: [SCIM_ERROR], status: String(status), detail });
  /** The SCIM user, or a SCIM 404 sent and undefined. */
  const scimUserFrom = (ctx: RouteContext): OrgUser | undefined => {
    const [directoryId, userId] = ctx.params;
    const user =
      directoryId === SCIM_DIRECTORY_ID ? users.find((u) => u.scimId === userId) : undefined;
    if (!user) {
      scimError(
        ctx,
        404,
        directoryId === SCIM_DIRECTORY_ID
          ? `User ${userId} not found`
          : `Directory ${directoryId} not found`,
      );
    }
    return user;
  };

  return [
    {
      method: 'GET',
      root: true,
      pattern: /^\/admin\/v1\/orgs\/([^/]+)\/users$/,
      handle: (ctx) => {
        if (ctx.params[0] !== ADMIN_ORG.id) {
          return ctx.send(404, { code: 404, message: `Organization ${ctx.params[0]} not found` });
        }
        const cursor = ctx.query.get('cursor');
        const offset = cursor === null ? 0 : offsetOf(cursor);
        if (offset === undefined || offset > users.length) {
          return ctx.send(400, { code: 400, message: 'Invalid cursor' });
        }
        const end = offset + ORG_USERS_PAGE;
        ctx.send(200, {
          data: users.slice(offset, end).map((user) => orgUserDto(ctx, user)),
          links: {
            self: cursorOf(offset),
            ...(offset > 0 ? { prev: cursorOf(Math.max(0, offset - ORG_USERS_PAGE)) } : {}),
            ...(end < users.length ? { next: cursorOf(end) } : {}),
          },
        });
      },
    },
    {
      method: 'GET',
      root: true,
      pattern: /^\/scim\/directory\/([^/]+)\/Users\/([^/]+)$/,
      handle: (ctx) => {
        const user = scimUserFrom(ctx);
        if (user) ctx.send(200, scimUserDto(ctx, user));
      },
    },
    {
      // RFC 7644 §3.5.2: a PatchOp; `replace` with no path takes an object of attributes.
      method: 'PATCH',
      root: true,
      pattern: /^\/scim\/directory\/([^/]+)\/Users\/([^/]+)$/,
      handle: (ctx) => {
        const user = scimUserFrom(ctx);
        if (!user) return;
        const body = ctx.body as
          | {
              schemas?: unknown;
              Operations?: Array<{ op?: string; path?: string; value?: unknown }>;
            }
          | undefined;
        if (
          !Array.isArray(body?.schemas) ||
          !body.schemas.includes(SCIM_PATCH_OP) ||
          !Array.isArray(body.Operations) ||
          body.Operations.length === 0
        ) {
          return scimError(ctx, 400, 'Request body must be a SCIM PatchOp with Operations');
        }
        for (const operation of body.Operations) {
          if (operation.op?.toLowerCase() !== 'replace') {
            return scimError(ctx, 400, `Unsupported operation ${String(operation.op)}`);
          }
          const value =
            operation.path === 'active'
              ? operation.value
              : (operation.value as { active?: unknown } | undefined)?.active;
          if (typeof value !== 'boolean') {
            return scimError(ctx, 400, 'Only the active attribute can be replaced here');
          }
          user.active = value;
        }
        ctx.send(200, scimUserDto(ctx, user));
      },
    },
    {
      // The user management API's lifecycle: disable (with an optional message) and enable,
      // answered 204, for an organization with or without a SCIM directory.
      method: 'POST',
      root: true,
      pattern: /^\/users\/([^/]+)\/manage\/lifecycle\/(disable|enable)$/,
      handle: (ctx) => {
        const [accountId, change] = ctx.params;
        const user = users.find((u) => u.accountId === accountId);
        if (!user) {
          return ctx.send(404, { code: 404, message: `Account ${accountId} is not managed` });
        }
        const body = ctx.body as { message?: unknown } | undefined;
        if (change === 'disable' && body !== undefined) {
          const message = body?.message;
          if (
            typeof body !== 'object' ||
            body === null ||
            (message !== undefined && (typeof message !== 'string' || message.length > 1000))
          ) {
            return ctx.send(400, {
              code: 400,
              message: 'message must be a string of up to 1000 characters',
            });
          }
          user.disabledMessage = typeof message === 'string' ? message : undefined;
        }
        user.active = change === 'enable';
        if (user.active) user.disabledMessage = undefined;
        ctx.send(204);
      },
    },
    {
      method: 'GET',
      root: true,
      pattern: /^\/users\/([^/]+)\/manage\/api-tokens$/,
      handle: (ctx) => {
        if (!users.some((user) => user.accountId === ctx.params[0])) {
          return ctx.send(404, { code: 404, message: `Account ${ctx.params[0]} is not managed` });
        }
        ctx.send(200, tokens.get(ctx.params[0]) ?? []);
      },
    },
  ];
}
