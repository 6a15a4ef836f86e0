import { FakeRoute, RouteContext } from './fake-atlassian.server';
import {
  accountIdsOf,
  existingAccountIdsOf,
  dateDto,
  FakeOrganization,
  jsmError,
  JsmState,
  linksBase,
  sendPage,
  userDto,
} from './jsm-state';

/** Customer organizations, their users, and the service desks they belong to. */
export function jsmOrganizationRoutes(state: JsmState): FakeRoute[] {
  const organizationDto = (ctx: RouteContext, organization: FakeOrganization) => ({
    id: organization.id,
    name: organization.name,
    uuid: `a1b2c3d4-0000-4000-8000-${organization.id.padStart(12, '0')}`,
    scimManaged: false,
    created: dateDto(organization.created),
    _links: { self: `${linksBase(ctx)}/rest/servicedeskapi/organization/${organization.id}` },
  });
  /** The organization `id` names, or a 404 answered in JSM's words. */
  const organizationOf = (ctx: RouteContext, id: unknown): FakeOrganization | undefined => {
    const organization = state.findOrganization(String(id));
    if (!organization) {
      ctx.send(
        404,
        jsmError(
          `Organization with id ${String(id)} does not exist.`,
          'sd.admin.organization.error.does.not.exist',
          [String(id)],
        ),
      );
    }
    return organization;
  };
  const deskOf = (ctx: RouteContext) => {
    const serviceDesk = state.findDesk(ctx.params[0]);
    if (!serviceDesk) {
      ctx.send(
        404,
        jsmError(
          `Service Desk with id ${ctx.params[0]} does not exist`,
          'sd.servicedesk.error.not.found',
          [ctx.params[0]],
        ),
      );
    }
    return serviceDesk;
  };
  /** The organizations an accountId filter keeps, or a 404 answered for an unknown account. */
  const filterByAccount = (ctx: RouteContext, organizations: FakeOrganization[]) => {
    const accountId = ctx.query.get('accountId');
    if (!accountId) return organizations;
    if (!state.user(accountId)) {
      ctx.send(
        404,
        jsmError(`User ${accountId} does not exist.`, 'sd.user.error.not.found', [accountId]),
      );
      return undefined;
    }
    return organizations.filter((organization) => organization.users.includes(accountId));
  };
  const organizationIdOfBody = (ctx: RouteContext): unknown =>
    ((ctx.body ?? {}) as { organizationId?: unknown }).organizationId;

  return [
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/organization$/,
      handle: (ctx) => {
        const organizations = filterByAccount(ctx, state.organizations);
        if (organizations)
          sendPage(
            ctx,
            organizations.map((o) => organizationDto(ctx, o)),
          );
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/organization$/,
      handle: (ctx) => {
        const { name } = (ctx.body ?? {}) as { name?: unknown };
        if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) {
          return ctx.send(
            400,
            jsmError(
              'The organization name must contain 1-200 characters.',
              'sd.admin.organization.error.name.invalid',
            ),
          );
        }
        // Atlassian answers with the existing organization when the name is taken.
        const existing = state.organizations.find((o) => o.name === name);
        ctx.send(201, organizationDto(ctx, existing ?? state.addOrganization(name)));
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/servicedeskapi\/organization\/([^/]+)$/,
      handle: (ctx) => {
        const organization = organizationOf(ctx, ctx.params[0]);
        if (!organization) return;
        state.organizations.splice(state.organizations.indexOf(organization), 1);
        for (const serviceDesk of state.desks) {
          serviceDesk.organizations = serviceDesk.organizations.filter(
            (id) => id !== organization.id,
          );
        }
        ctx.send(204);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/organization\/([^/]+)\/user$/,
      handle: (ctx) => {
        const organization = organizationOf(ctx, ctx.params[0]);
        if (!organization) return;
        // Ordered by accountId, as Atlassian lists them.
        const users = [...organization.users].sort().map((id) => state.user(id));
        sendPage(
          ctx,
          users.flatMap((user) => (user ? [userDto(ctx, user)] : [])),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/organization\/([^/]+)\/user$/,
      handle: (ctx) => {
        const organization = organizationOf(ctx, ctx.params[0]);
        if (!organization) return;
        const accountIds = existingAccountIdsOf(
          ctx,
          state,
          'sd.admin.organization.error.users.not.found',
        );
        if (!accountIds) return;
        for (const id of accountIds) {
          if (!organization.users.includes(id)) organization.users.push(id);
        }
        ctx.send(204);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/servicedeskapi\/organization\/([^/]+)\/user$/,
      handle: (ctx) => {
        const organization = organizationOf(ctx, ctx.params[0]);
        if (!organization) return;
        const accountIds = accountIdsOf(ctx);
        if (!accountIds) return;
        organization.users = organization.users.filter((id) => !accountIds.includes(id));
        ctx.send(204);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/organization$/,
      handle: (ctx) => {
        const serviceDesk = deskOf(ctx);
        if (!serviceDesk) return;
        const onDesk = state.organizations.filter((o) => serviceDesk.organizations.includes(o.id));
        const organizations = filterByAccount(ctx, onDesk);
        if (organizations)
          sendPage(
            ctx,
            organizations.map((o) => organizationDto(ctx, o)),
          );
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/organization$/,
      handle: (ctx) => {
        const serviceDesk = deskOf(ctx);
        if (!serviceDesk) return;
        const organization = organizationOf(ctx, organizationIdOfBody(ctx));
        if (!organization) return;
        if (!serviceDesk.organizations.includes(organization.id)) {
          serviceDesk.organizations.push(organization.id);
        }
        ctx.send(204);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/organization$/,
      handle: (ctx) => {
        const serviceDesk = deskOf(ctx);
        if (!serviceDesk) return;
        const organization = organizationOf(ctx, organizationIdOfBody(ctx));
        if (!organization) return;
        serviceDesk.organizations = serviceDesk.organizations.filter(
          (id) => id !== organization.id,
        );
        ctx.send(204);
      },
    },
  ];
}
