import { errorBody, FakeData, FakeUser } from './fake-data';
import { FakeAccount, FakeRoute, RouteContext } from './fake-atlassian.server';

/** Atlassian caps JSM pages at 100 items whatever `limit` asks; 50 when no limit is given. */
export const JSM_MAX_PAGE = 100;
const JSM_DEFAULT_PAGE = 50;
/** How many seeded customers service desk 1 starts with, so that its customer list pages. */
export const DESK_1_CUSTOMERS = 1200;

/** Accounts the action examples name (Atlassian's own documentation examples). */
export const EXAMPLE_CUSTOMERS = [
  {
    accountId: 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3581db05e2a66fa80b',
    displayName: 'Jane Doe',
    emailAddress: 'jane.doe@example.org',
  },
  {
    accountId: 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3a01db05e2a66fa80bd',
    displayName: 'John Smith',
    emailAddress: 'john.smith@example.org',
  },
];

interface FakeServiceDesk {
  id: string;
  projectId: string;
  projectKey: string;
  projectName: string;
  /** Open access or public signup: Atlassian refuses to remove customers then. */
  openAccess: boolean;
  requestTypeIds: string[];
  /** Customer account ids, in the order they were added. */
  customers: string[];
}

interface FakeRequest {
  issueId: string;
  issueKey: string;
  serviceDeskId: string;
  requestTypeId: string;
  fields: Record<string, unknown>;
  reporter: { accountId: string; displayName: string; emailAddress?: string };
  created: Date;
}

const FIELD_LABELS: Record<string, string> = { summary: 'Summary', description: 'Description' };

/**
 * Jira Service Management REST API (`/rest/servicedeskapi/...`), plus the Jira user search that
 * finds an existing account by e-mail address. Service desks, their customers and requests live
 * in this closure; accounts live in `data`.
 */
export function jsmRoutes(data: FakeData): FakeRoute[] {
  for (const example of EXAMPLE_CUSTOMERS) {
    if (!data.users.some((user) => user.accountId === example.accountId)) {
      data.addUser({ ...example, accountType: 'customer' });
    }
  }
  const seededCustomers = data.users
    .filter((user) => user.accountType === 'customer')
    .filter((user) => !EXAMPLE_CUSTOMERS.some((e) => e.accountId === user.accountId))
    .slice(0, DESK_1_CUSTOMERS)
    .map((user) => user.accountId);
  const desks: FakeServiceDesk[] = [
    desk('1', '10000', 'SD', 'IT Service Desk', false, ['1', '2'], seededCustomers),
    desk('2', '10001', 'HR', 'HR Help Center', false, ['3'], []),
    desk('3', '10002', 'FAC', 'Facilities', true, ['4'], []),
  ];
  const requests: FakeRequest[] = [];
  let nextIssueId = 10010;
  const issueCounters = new Map<string, number>();
  const addRequest = (
    serviceDesk: FakeServiceDesk,
    requestTypeId: string,
    fields: Record<string, unknown>,
    reporter: FakeRequest['reporter'],
  ): FakeRequest => {
    const number = (issueCounters.get(serviceDesk.projectKey) ?? 0) + 1;
    issueCounters.set(serviceDesk.projectKey, number);
    const request: FakeRequest = {
      issueId: String(nextIssueId++),
      issueKey: `${serviceDesk.projectKey}-${number}`,
      serviceDeskId: serviceDesk.id,
      requestTypeId,
      fields,
      reporter,
      created: new Date('2026-01-05T09:30:00.000Z'),
    };
    requests.push(request);
    return request;
  };
  addRequest(
    desks[0],
    '1',
    { summary: 'Laptop does not start', description: 'Since this morning.' },
    { ...EXAMPLE_CUSTOMERS[0] },
  );

  const findDesk = (id: string) =>
    desks.find((d) => d.id === id || d.projectId === id || d.projectKey === id);
  const noDesk = (ctx: RouteContext, id: string) =>
    ctx.send(404, errorBody(`Service Desk with id ${id} does not exist`));
  const linksBase = (ctx: RouteContext) =>
    `http://${ctx.headers.host}${ctx.cloudId ? `/ex/jira/${ctx.cloudId}` : ''}`;
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
  const accountIdsOf = (ctx: RouteContext): string[] | undefined => {
    const { accountIds } = (ctx.body ?? {}) as { accountIds?: unknown };
    if (!Array.isArray(accountIds) || accountIds.some((id) => typeof id !== 'string')) {
      ctx.send(400, errorBody('accountIds must be a list of account IDs'));
      return undefined;
    }
    return accountIds as string[];
  };
  const userDto = (
    ctx: RouteContext,
    user: { accountId: string; displayName: string; emailAddress?: string },
  ) => ({
    accountId: user.accountId,
    displayName: user.displayName,
    emailAddress: user.emailAddress,
    active: true,
    timeZone: 'Etc/UTC',
    _links: {
      jiraRest: `${linksBase(ctx)}/rest/api/2/user?accountId=${encodeURIComponent(user.accountId)}`,
    },
  });
  const requestDto = (ctx: RouteContext, request: FakeRequest) => ({
    _expands: [
      'participant',
      'status',
      'sla',
      'requestType',
      'serviceDesk',
      'attachment',
      'action',
      'comment',
    ],
    issueId: request.issueId,
    issueKey: request.issueKey,
    summary: String(request.fields.summary),
    requestTypeId: request.requestTypeId,
    serviceDeskId: request.serviceDeskId,
    createdDate: dateDto(request.created),
    reporter: userDto(ctx, request.reporter),
    requestFieldValues: Object.entries(request.fields).map(([fieldId, value]) => ({
      fieldId,
      label: FIELD_LABELS[fieldId] ?? fieldId,
      value,
    })),
    currentStatus: {
      status: 'Waiting for support',
      statusCategory: 'NEW',
      statusDate: dateDto(request.created),
    },
    _links: {
      jiraRest: `${linksBase(ctx)}/rest/api/2/issue/${request.issueId}`,
      web: `${linksBase(ctx)}/servicedesk/customer/portal/${request.serviceDeskId}/${request.issueKey}`,
      self: `${linksBase(ctx)}/rest/servicedeskapi/request/${request.issueId}`,
    },
  });

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
        if (
          typeof body.requestTypeId !== 'string' ||
          !serviceDesk.requestTypeIds.includes(body.requestTypeId)
        ) {
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
          requestDto(ctx, addRequest(serviceDesk, body.requestTypeId, fields, reporter)),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)$/,
      handle: (ctx) => {
        const wanted = ctx.params[0];
        const request = requests.find((r) => r.issueKey === wanted || r.issueId === wanted);
        if (!request) {
          return ctx.send(
            404,
            errorBody('Request does not exist or you do not have permission to see it.'),
          );
        }
        ctx.send(200, requestDto(ctx, request));
      },
    },
  ];
}

function desk(
  id: string,
  projectId: string,
  projectKey: string,
  projectName: string,
  openAccess: boolean,
  requestTypeIds: string[],
  customers: string[],
): FakeServiceDesk {
  return { id, projectId, projectKey, projectName, openAccess, requestTypeIds, customers };
}

function accountReporter(account: FakeAccount): FakeRequest['reporter'] {
  return {
    accountId: account.accountId,
    displayName: account.displayName,
    emailAddress: account.emailAddress,
  };
}

function dateDto(date: Date) {
  return {
    iso8601: date.toISOString().replace('Z', '+0000'),
    jira: date.toISOString().replace('Z', '+0000'),
    friendly: 'Today 9:30 AM',
    epochMillis: date.getTime(),
  };
}

/** Atlassian's start/limit paging: the page, capped at the server maximum, with its links. */
function sendPage(ctx: RouteContext, values: unknown[]): void {
  const start = integerParam(ctx, 'start', 0);
  const asked = integerParam(ctx, 'limit', JSM_DEFAULT_PAGE);
  if (start === undefined || asked === undefined) return;
  const limit = Math.min(Math.max(asked, 1), JSM_MAX_PAGE);
  const page = values.slice(start, start + limit);
  const isLastPage = start + page.length >= values.length;
  const base = `http://${ctx.headers.host}${ctx.cloudId ? `/ex/jira/${ctx.cloudId}` : ''}`;
  const at = (from: number) => `${base}${ctx.path}?start=${from}&limit=${limit}`;
  ctx.send(200, {
    _expands: [],
    size: page.length,
    start,
    limit,
    isLastPage,
    values: page,
    _links: {
      base,
      context: '',
      self: at(start),
      ...(isLastPage ? {} : { next: at(start + page.length) }),
      ...(start > 0 ? { prev: at(Math.max(0, start - limit)) } : {}),
    },
  });
}

function integerParam(ctx: RouteContext, name: string, fallback: number): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    ctx.send(400, errorBody(`The ${name} parameter must be a non-negative integer`));
    return undefined;
  }
  return value;
}
