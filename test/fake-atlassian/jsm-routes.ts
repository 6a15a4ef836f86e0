import { errorBody, FakeData, FakeUser } from './fake-data';
import { FakeRoute, RouteContext } from './fake-atlassian.server';
import { jsmOrganizationRoutes } from './jsm-organization-routes';
import { jsmRequestRoutes } from './jsm-request-routes';
import {
  accountIdsOf,
  accountReporter,
  FakeRequest,
  jsmError,
  JsmState,
  linksBase,
  requestDto,
  sendPage,
  userDto,
} from './jsm-state';

export { DESK_1_CUSTOMERS, EXAMPLE_CUSTOMERS, JSM_MAX_PAGE } from './jsm-state';

/**
 * Jira Service Management REST API (`/rest/servicedeskapi/...`), plus the Jira user search that
 * finds an existing account by e-mail address, over one JsmState (service desks, request types,
 * requests, organizations); accounts live in `data`. The request lifecycle and the organizations
 * have route files of their own.
 */
export function jsmRoutes(data: FakeData): FakeRoute[] {
  const state = new JsmState(data);
  const { desks } = state;
  const findDesk = (id: string) => state.findDesk(id);
  const noDesk = (ctx: RouteContext, id: string) =>
    ctx.send(404, errorBody(`Service Desk with id ${id} does not exist`));
  // Experimental operations answer 412 unless the caller opts in.
  const optedIn = (ctx: RouteContext) => {
    if (String(ctx.headers['x-experimentalapi']).toLowerCase() === 'opt-in') return true;
    ctx.send(
      412,
      errorBody(
        'This is an experimental API. To use it, send the X-ExperimentalApi: opt-in header',
      ),
    );
    return false;
  };
  return [
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/customer$/,
      handle: ({ body, send }) => {
        const { email, displayName } = (body ?? {}) as { email?: string; displayName?: string };
        if (!email || !displayName) {
          return send(400, errorBody('Both email and displayName are required'));
        }
        if (data.userByEmail(email)) {
          // What Atlassian says when the address already has an account.
          return send(400, errorBody('An account already exists for this email'));
        }
        const user = data.addUser({ displayName, emailAddress: email, accountType: 'customer' });
        send(201, {
          accountId: user.accountId,
          displayName: user.displayName,
          emailAddress: user.emailAddress,
          active: true,
          timeZone: 'Etc/UTC',
          _links: {},
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/servicedesk$/,
      handle: (ctx) => {
        const values = desks.map((d) => ({
          id: d.id,
          projectId: d.projectId,
          projectKey: d.projectKey,
          projectName: d.projectName,
          projectTypeKey: 'service_desk',
          _links: { self: `${linksBase(ctx)}/rest/servicedeskapi/servicedesk/${d.id}` },
        }));
        sendPage(ctx, values);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/customer$/,
      handle: (ctx) => {
        if (!optedIn(ctx)) return;
        const serviceDesk = findDesk(ctx.params[0]);
        if (!serviceDesk) return noDesk(ctx, ctx.params[0]);
        const query = (ctx.query.get('query') ?? '').toLowerCase();
        const members = serviceDesk.customers
          .map((id) => data.users.find((user) => user.accountId === id))
          .filter((user): user is FakeUser => user !== undefined)
          .filter(
            (user) =>
              !query ||
              user.displayName.toLowerCase().includes(query) ||
              user.emailAddress.toLowerCase().includes(query),
          );
        sendPage(
          ctx,
          members.map((user) => userDto(ctx, user)),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/customer$/,
      handle: (ctx) => {
        const serviceDesk = findDesk(ctx.params[0]);
        if (!serviceDesk) return noDesk(ctx, ctx.params[0]);
        const accountIds = accountIdsOf(ctx);
        if (!accountIds) return;
        const known = accountIds.filter((id) => data.users.some((u) => u.accountId === id));
        // Atlassian adds the valid accounts even when it refuses others.
        for (const id of known) {
          if (!serviceDesk.customers.includes(id)) serviceDesk.customers.push(id);
        }
        const unknown = accountIds.filter((id) => !known.includes(id));
        if (unknown.length > 0) {
          return ctx.send(
            400,
            errorBody(`The following users do not exist: ${unknown.join(', ')}`),
          );
        }
        ctx.send(204);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/customer$/,
      handle: (ctx) => {
        if (!optedIn(ctx)) return;
        const serviceDesk = findDesk(ctx.params[0]);
        if (!serviceDesk) return noDesk(ctx, ctx.params[0]);
        const accountIds = accountIdsOf(ctx);
        if (!accountIds) return;
        if (serviceDesk.openAccess) {
          return ctx.send(
            400,
            errorBody(
              'Customers cannot be removed from a service desk with public signup or open access enabled',
            ),
          );
        }
        serviceDesk.customers = serviceDesk.customers.filter((id) => !accountIds.includes(id));
        ctx.send(204);
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/request$/,
      handle: (ctx) => {
        const body = (ctx.body ?? {}) as {
          serviceDeskId?: unknown;
          requestTypeId?: unknown;
          requestFieldValues?: Record<string, unknown>;
          raiseOnBehalfOf?: unknown;
        };
        const serviceDesk =
          typeof body.serviceDeskId === 'string' ? findDesk(body.serviceDeskId) : undefined;
        if (!serviceDesk) {
          return ctx.send(400, errorBody('The service desk ID provided is not valid.'));
        }
        const requestType = state
          .requestTypesOf(serviceDesk)
          .find((type) => type.id === body.requestTypeId);
        if (typeof body.requestTypeId !== 'string' || !requestType) {
          return ctx.send(
            400,
            errorBody(
              `The request type ${String(body.requestTypeId)} does not exist in this service desk.`,
            ),
          );
        }
        const fields = body.requestFieldValues ?? {};
        if (typeof fields.summary !== 'string' || fields.summary.trim() === '') {
          return ctx.send(
            400,
            errorBody('', { summary: 'You must specify a summary of the issue.' }),
          );
        }
        const missing = requestType.fields.find(
          (field) =>
            field.required &&
            field.visible &&
            (fields[field.fieldId] === undefined || fields[field.fieldId] === ''),
        );
        if (missing) {
          return ctx.send(
            400,
            jsmError(
              `Your request could not be created. Please check the fields have been correctly filled in. ${missing.name} is required.`,
              'sd.validation.request.creation.failure.required.field',
              [missing.fieldId],
            ),
          );
        }
        let reporter: FakeRequest['reporter'] = accountReporter(ctx.account);
        if (body.raiseOnBehalfOf !== undefined) {
          const onBehalfOf = JSON.stringify(body.raiseOnBehalfOf).replace(/^"|"$/g, '');
          const onBehalf = data.users.find((user) => user.accountId === body.raiseOnBehalfOf);
          if (!onBehalf) {
            return ctx.send(400, errorBody(`The user '${onBehalfOf}' does not exist.`));
          }
          reporter = onBehalf;
        }
        ctx.send(
          201,
          requestDto(ctx, state.addRequest(serviceDesk, body.requestTypeId, fields, reporter)),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)$/,
      handle: (ctx) => {
        const wanted = ctx.params[0];
        const request = state.findRequest(wanted);
        if (!request) {
          return ctx.send(
            404,
            errorBody('Request does not exist or you do not have permission to see it.'),
          );
        }
        ctx.send(200, requestDto(ctx, request));
      },
    },
    ...jsmRequestRoutes(state),
    ...jsmOrganizationRoutes(state),
  ];
}
