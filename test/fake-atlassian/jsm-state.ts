import { FakeData, FakeUser } from './fake-data';
import { FakeAccount, RouteContext } from './fake-atlassian.server';

/** Atlassian caps JSM pages at 100 items whatever `limit` asks; 50 when no limit is given. */
export const JSM_MAX_PAGE = 100;
const JSM_DEFAULT_PAGE = 50;
/** How many seeded customers service desk 1 starts with, so that its customer list pages. */
export const DESK_1_CUSTOMERS = 1200;
/** How many organizations the site starts with (besides the named ones), so that the list pages. */
export const SEEDED_ORGANIZATIONS = 150;
/** How many seeded customers organization 4 has, so that its user list pages. */
export const ORG_4_USERS = 120;

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

/** The agent who answers the seeded requests: an author only, not an account of `data`. */
export const SEEDED_AGENT = {
  accountId: '5b10a2844c20165700ede21g',
  displayName: 'Alana Agent',
  emailAddress: 'alana.agent@example.com',
};

export interface FakeField {
  fieldId: string;
  name: string;
  required: boolean;
  /** False for a field the portal hides (filled from its preset value). */
  visible: boolean;
  validValues?: string[];
  schema: { type: string; system?: string; custom?: string };
}

export interface FakeRequestType {
  id: string;
  serviceDeskId: string;
  name: string;
  description: string;
  groupIds: string[];
  fields: FakeField[];
}

export interface FakeServiceDesk {
  id: string;
  projectId: string;
  projectKey: string;
  projectName: string;
  /** Open access or public signup: Atlassian refuses to remove customers then. */
  openAccess: boolean;
  /** Customer account ids, in the order they were added. */
  customers: string[];
  /** Organization ids, in the order they were added. */
  organizations: string[];
}

type Person = { accountId: string; displayName: string; emailAddress?: string };

export interface FakeComment {
  id: string;
  body: string;
  public: boolean;
  author: Person;
  created: Date;
}

export interface FakeApproval {
  id: string;
  name: string;
  approvers: Array<{ accountId: string; decision: 'approved' | 'declined' | 'pending' }>;
  finalDecision: 'approved' | 'declined' | 'pending';
  created: Date;
  completed?: Date;
}

export interface FakeRequest {
  issueId: string;
  issueKey: string;
  serviceDeskId: string;
  requestTypeId: string;
  fields: Record<string, unknown>;
  reporter: Person;
  created: Date;
  status: string;
  /** Newest first, as Atlassian lists them. */
  statusHistory: Array<{ status: string; date: Date }>;
  comments: FakeComment[];
  participants: string[];
  approvals: FakeApproval[];
  /** Accounts that asked for notifications (PUT …/notification). */
  subscribers: Set<string>;
}

export interface FakeOrganization {
  id: string;
  name: string;
  users: string[];
  created: Date;
}

/** The request workflow: each status, its category, and the customer transitions out of it. */
export const WORKFLOW: Record<
  string,
  {
    category: 'NEW' | 'INDETERMINATE' | 'DONE';
    transitions: Array<{ id: string; name: string; to: string }>;
  }
> = {
  'Waiting for support': {
    category: 'NEW',
    transitions: [
      { id: '761', name: 'Resolve this issue', to: 'Resolved' },
      { id: '781', name: 'Cancel request', to: 'Canceled' },
    ],
  },
  'Waiting for customer': {
    category: 'INDETERMINATE',
    transitions: [
      { id: '801', name: 'Respond to support', to: 'Waiting for support' },
      { id: '761', name: 'Resolve this issue', to: 'Resolved' },
    ],
  },
  Resolved: {
    category: 'DONE',
    transitions: [{ id: '901', name: 'Reopen request', to: 'Waiting for support' }],
  },
  Canceled: {
    category: 'DONE',
    transitions: [{ id: '901', name: 'Reopen request', to: 'Waiting for support' }],
  },
};

const SUMMARY: FakeField = {
  fieldId: 'summary',
  name: 'Summary',
  required: true,
  visible: true,
  schema: { type: 'string', system: 'summary' },
};
const DESCRIPTION: FakeField = {
  fieldId: 'description',
  name: 'Description',
  required: false,
  visible: true,
  schema: { type: 'string', system: 'description' },
};
const SELECT = 'com.atlassian.jira.plugin.system.customfieldtypes:select';

const REQUEST_TYPES: FakeRequestType[] = [
  {
    id: '1',
    serviceDeskId: '1',
    name: 'Get IT help',
    description: 'Get assistance for general IT problems and questions, like a laptop that fails.',
    groupIds: ['1'],
    fields: [SUMMARY, DESCRIPTION],
  },
  {
    id: '2',
    serviceDeskId: '1',
    name: 'Request new hardware',
    description: 'Order a laptop, a monitor or a keyboard.',
    groupIds: ['2'],
    fields: [
      SUMMARY,
      DESCRIPTION,
      {
        fieldId: 'customfield_10050',
        name: 'Hardware type',
        required: false,
        visible: true,
        validValues: ['Laptop', 'Monitor', 'Keyboard'],
        schema: { type: 'option', custom: SELECT },
      },
      {
        fieldId: 'customfield_10060',
        name: 'Cost centre',
        required: true,
        visible: false,
        schema: {
          type: 'string',
          custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
        },
      },
    ],
  },
  {
    id: '3',
    serviceDeskId: '2',
    name: 'Onboard a new starter',
    description: 'Everything a new colleague needs on the first day.',
    groupIds: ['3'],
    fields: [
      SUMMARY,
      {
        fieldId: 'customfield_10010',
        name: 'Office location',
        required: true,
        visible: true,
        validValues: ['Berlin', 'Lisbon', 'Sydney'],
        schema: { type: 'option', custom: SELECT },
      },
      {
        fieldId: 'customfield_10011',
        name: 'Start date',
        required: false,
        visible: true,
        schema: {
          type: 'date',
          custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker',
        },
      },
    ],
  },
  {
    id: '4',
    serviceDeskId: '3',
    name: 'Report a broken facility',
    description: 'Lights, heating, doors.',
    groupIds: ['4'],
    fields: [SUMMARY, { ...DESCRIPTION, required: true }],
  },
];

/** Queues per service desk: which requests each shows. */
export const QUEUES: Array<{
  id: string;
  serviceDeskId: string;
  name: string;
  jql: string;
  open: boolean;
}> = [
  {
    id: '10',
    serviceDeskId: '1',
    name: 'All open',
    jql: 'project = SD AND resolution = Unresolved',
    open: true,
  },
  {
    id: '11',
    serviceDeskId: '1',
    name: 'Resolved',
    jql: 'project = SD AND resolution != Unresolved',
    open: false,
  },
  {
    id: '20',
    serviceDeskId: '2',
    name: 'All open',
    jql: 'project = HR AND resolution = Unresolved',
    open: true,
  },
];

const SEEDED_AT = new Date('2026-01-05T09:30:00.000Z');

/**
 * The Jira Service Management side of the fake site: service desks and their request types,
 * customers, organizations and queues, and the customer requests with their comments,
 * participants, approvals, SLAs and status history. Accounts live in `data`.
 */
export class JsmState {
  readonly requestTypes = REQUEST_TYPES.map((type) => ({ ...type, fields: [...type.fields] }));
  readonly desks: FakeServiceDesk[];
  readonly requests: FakeRequest[] = [];
  readonly organizations: FakeOrganization[] = [];
  private nextIssueId = 10010;
  private nextCommentId = 1000;
  private nextOrganizationId = 1;
  private readonly issueCounters = new Map<string, number>();

  constructor(readonly data: FakeData) {
    for (const example of EXAMPLE_CUSTOMERS) {
      if (!data.users.some((user) => user.accountId === example.accountId)) {
        data.addUser({ ...example, accountType: 'customer' });
      }
    }
    const seededCustomers = data.users
      .filter((user) => user.accountType === 'customer')
      .filter((user) => !EXAMPLE_CUSTOMERS.some((e) => e.accountId === user.accountId))
      .map((user) => user.accountId);
    this.desks = [
      desk(
        '1',
        '10000',
        'SD',
        'IT Service Desk',
        false,
        seededCustomers.slice(0, DESK_1_CUSTOMERS),
      ),
      desk('2', '10001', 'HR', 'HR Help Center', false, []),
      desk('3', '10002', 'FAC', 'Facilities', true, []),
    ];
    this.seedOrganizations(seededCustomers);
    this.seedRequests();
  }

  findDesk(id: string): FakeServiceDesk | undefined {
    return this.desks.find((d) => d.id === id || d.projectId === id || d.projectKey === id);
  }

  requestTypesOf(serviceDesk: FakeServiceDesk): FakeRequestType[] {
    return this.requestTypes.filter((type) => type.serviceDeskId === serviceDesk.id);
  }

  findRequest(idOrKey: string): FakeRequest | undefined {
    return this.requests.find((r) => r.issueKey === idOrKey || r.issueId === idOrKey);
  }

  findOrganization(id: string): FakeOrganization | undefined {
    return this.organizations.find((organization) => organization.id === id);
  }

  user(accountId: string): FakeUser | undefined {
    return this.data.users.find((user) => user.accountId === accountId);
  }

  addRequest(
    serviceDesk: FakeServiceDesk,
    requestTypeId: string,
    fields: Record<string, unknown>,
    reporter: Person,
    participants: string[] = [],
  ): FakeRequest {
    const number = (this.issueCounters.get(serviceDesk.projectKey) ?? 0) + 1;
    this.issueCounters.set(serviceDesk.projectKey, number);
    const request: FakeRequest = {
      issueId: String(this.nextIssueId++),
      issueKey: `${serviceDesk.projectKey}-${number}`,
      serviceDeskId: serviceDesk.id,
      requestTypeId,
      fields,
      reporter,
      created: SEEDED_AT,
      status: 'Waiting for support',
      statusHistory: [{ status: 'Waiting for support', date: SEEDED_AT }],
      comments: [],
      participants,
      approvals: [],
      subscribers: new Set([reporter.accountId]),
    };
    this.requests.push(request);
    return request;
  }

  addComment(request: FakeRequest, author: Person, body: string, isPublic: boolean): FakeComment {
    const comment: FakeComment = {
      id: String(this.nextCommentId++),
      body,
      public: isPublic,
      author,
      created: new Date(),
    };
    request.comments.push(comment);
    return comment;
  }

  moveTo(request: FakeRequest, status: string): void {
    request.status = status;
    request.statusHistory.unshift({ status, date: new Date() });
  }

  addOrganization(name: string, users: string[] = []): FakeOrganization {
    const organization = { id: String(this.nextOrganizationId++), name, users, created: SEEDED_AT };
    this.organizations.push(organization);
    return organization;
  }

  private seedOrganizations(customers: string[]): void {
    const [jane, john] = EXAMPLE_CUSTOMERS.map((customer) => customer.accountId);
    const atlas = this.addOrganization('Atlas Coffee Co', [jane, john]);
    this.addOrganization('Old Vendor Ltd');
    const northwind = this.addOrganization('Northwind Traders');
    this.addOrganization('Globex Corporation', customers.slice(0, ORG_4_USERS));
    for (let i = 0; i < SEEDED_ORGANIZATIONS; i++) {
      this.addOrganization(`Customer organization ${String(i).padStart(3, '0')}`);
    }
    this.desks[0].organizations.push(atlas.id, northwind.id);
  }

  private seedRequests(): void {
    const [jane, john] = EXAMPLE_CUSTOMERS;
    const sd1 = this.addRequest(
      this.desks[0],
      '1',
      { summary: 'Laptop does not start', description: 'Since this morning.' },
      { ...jane },
      [john.accountId],
    );
    sd1.comments.push(
      comment(
        '900',
        'Have you tried holding the power button for ten seconds?',
        true,
        SEEDED_AGENT,
      ),
      comment('901', 'Probably the battery; a spare is in the cupboard.', false, SEEDED_AGENT),
    );
    const sd2 = this.addRequest(
      this.desks[0],
      '2',
      { summary: 'New monitor', customfield_10050: 'Monitor', customfield_10060: 'CC-100' },
      { ...jane },
    );
    sd2.approvals.push(approval('1', 'Manager approval', john.accountId));
    const hr1 = this.addRequest(
      this.desks[1],
      '3',
      { summary: 'Welcome Sam', customfield_10010: 'Lisbon' },
      { ...john },
    );
    hr1.approvals.push(approval('2', 'HR approval', jane.accountId));
  }
}

function desk(
  id: string,
  projectId: string,
  projectKey: string,
  projectName: string,
  openAccess: boolean,
  customers: string[],
): FakeServiceDesk {
  return { id, projectId, projectKey, projectName, openAccess, customers, organizations: [] };
}

function comment(id: string, body: string, isPublic: boolean, author: Person): FakeComment {
  return { id, body, public: isPublic, author, created: SEEDED_AT };
}

function approval(id: string, name: string, approver: string): FakeApproval {
  return {
    id,
    name,
    approvers: [{ accountId: approver, decision: 'pending' }],
    finalDecision: 'pending',
    created: SEEDED_AT,
  };
}

export function accountReporter(account: FakeAccount): Person {
  return {
    accountId: account.accountId,
    displayName: account.displayName,
    emailAddress: account.emailAddress,
  };
}

const FIELD_LABELS: Record<string, string> = { summary: 'Summary', description: 'Description' };

/** A customer request as Atlassian answers it (CustomerRequestDTO). */
export const requestDto = (ctx: RouteContext, request: FakeRequest) => ({
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
    status: request.status,
    statusCategory: WORKFLOW[request.status].category,
    statusDate: dateDto(request.statusHistory[0].date),
  },
  _links: {
    jiraRest: `${linksBase(ctx)}/rest/api/2/issue/${request.issueId}`,
    web: `${linksBase(ctx)}/servicedesk/customer/portal/${request.serviceDeskId}/${request.issueKey}`,
    self: `${linksBase(ctx)}/rest/servicedeskapi/request/${request.issueId}`,
  },
});

/** JSM's error body (ErrorResponse in its OpenAPI description), unlike Jira's errorMessages. */
export function jsmError(errorMessage: string, i18nKey: string, parameters: string[] = []) {
  return { errorMessage, i18nErrorMessage: { i18nKey, parameters } };
}

export function linksBase(ctx: RouteContext): string {
  return `http://${ctx.headers.host}${ctx.cloudId ? `/ex/jira/${ctx.cloudId}` : ''}`;
}

export function userDto(ctx: RouteContext, user: Person) {
  return {
    accountId: user.accountId,
    displayName: user.displayName,
    emailAddress: user.emailAddress,
    active: true,
    timeZone: 'Etc/UTC',
    _links: {
      jiraRest: `${linksBase(ctx)}/rest/api/2/user?accountId=${encodeURIComponent(user.accountId)}`,
    },
  };
}

export function dateDto(date: Date) {
  return {
    iso8601: date.toISOString().replace('Z', '+0000'),
    jira: date.toISOString().replace('Z', '+0000'),
    friendly: 'Today 9:30 AM',
    epochMillis: date.getTime(),
  };
}

/** Atlassian's start/limit paging: the page, capped at the server maximum, with its links. */
export function sendPage(ctx: RouteContext, values: unknown[], status = 200): void {
  const start = integerParam(ctx, 'start', 0);
  const asked = integerParam(ctx, 'limit', JSM_DEFAULT_PAGE);
  if (start === undefined || asked === undefined) return;
  const limit = Math.min(Math.max(asked, 1), JSM_MAX_PAGE);
  const page = values.slice(start, start + limit);
  const isLastPage = start + page.length >= values.length;
  const base = linksBase(ctx);
  const at = (from: number) => `${base}${ctx.path}?start=${from}&limit=${limit}`;
  ctx.send(status, {
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
    ctx.send(
      400,
      jsmError(`The ${name} parameter must be a non-negative integer`, 'sd.pagination.invalid', [
        name,
      ]),
    );
    return undefined;
  }
  return value;
}

/** The accountIds of a body, or a 400 answered. */
export function accountIdsOf(ctx: RouteContext): string[] | undefined {
  const { accountIds } = (ctx.body ?? {}) as { accountIds?: unknown };
  if (!Array.isArray(accountIds) || accountIds.some((id) => typeof id !== 'string')) {
    ctx.send(
      400,
      jsmError('accountIds must be a list of account IDs', 'sd.request.invalid.accountids'),
    );
    return undefined;
  }
  return accountIds as string[];
}

/** The accountIds of a body when every one is an account, or a 400 naming the others answered. */
export function existingAccountIdsOf(
  ctx: RouteContext,
  state: JsmState,
  i18nKey: string,
): string[] | undefined {
  const accountIds = accountIdsOf(ctx);
  if (!accountIds) return undefined;
  const unknown = accountIds.filter((id) => !state.user(id));
  if (unknown.length === 0) return accountIds;
  ctx.send(
    400,
    jsmError(`The following users do not exist: ${unknown.join(', ')}`, i18nKey, unknown),
  );
  return undefined;
}
