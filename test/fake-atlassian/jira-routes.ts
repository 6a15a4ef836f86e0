import { createHash } from 'node:crypto';
import { errorBody, FakeData, FakeUser } from './fake-data';
import { FakeRoute, RouteContext } from './fake-atlassian.server';
import {
  createFieldErrors,
  FakeGroup,
  FakeIssue,
  FakeProject,
  ISSUE_TYPES,
  jiraIssueRoutes,
  STATUSES,
} from './jira-issue-routes';

/** Both user searches cap a page at 1000; /user/search also never goes past the 1000th match. */
export const USER_SEARCH_MAX_PAGE = 1000;
export const USER_SEARCH_MAX_MATCHES = 1000;
/** Atlassian's caps: group members 50 a page, project search 100 (over 100 counts as 100). */
export const GROUP_MEMBERS_MAX_PAGE = 50;
export const PROJECT_SEARCH_MAX_PAGE = 100;
/** search/jql: up to 5000 issues a page when only `id`/`key` are asked for, else 100. */
export const JQL_MAX_PAGE_IDS = 5000;
export const JQL_MAX_PAGE_FIELDS = 100;
/** The site's `jira.ajax.autocomplete.limit`, which caps the group picker. */
export const GROUP_PICKER_LIMIT = 100;

/** Accounts the Jira action examples name (ids from Atlassian's documentation). */
export const EXAMPLE_USERS = {
  mia: {
    accountId: '5b10a2844c20165700ede21g',
    displayName: 'Mia Krystof',
    emailAddress: 'mia@example.com',
  },
  emma: {
    accountId: '5b10ac8d82e05b22cc7d4ef5',
    displayName: 'Emma Richards',
    emailAddress: 'emma@example.com',
  },
  former: {
    accountId: '5b10a0effa615349cb016cd8',
    displayName: 'Former Employee',
    emailAddress: 'former@example.com',
    active: false,
  },
} as const;

export const JIRA_SOFTWARE_USERS = {
  name: 'jira-software-users',
  groupId: '276f955c-63d7-42c8-9520-92d01dca0625',
  /** Active members when seeded from FakeData.seeded(); one inactive member besides. */
  activeMembers: 120,
};
export const HSP = { id: '10003', key: 'HSP', issues: 300 };
export const PROJECT_COUNT = 250;

const ROLES: Array<[string, string]> = [
  ['Administrators', '10002'],
  ['Developers', '10000'],
  ['Users', '10001'],
];
const SERVICE_DESK_ROLES: Array<[string, string]> = [
  ['Service Desk Customers', '10004'],
  ['Service Desk Team', '10003'],
];
const CREATED = '2026-01-05T09:30:00.000+0000';

/**
 * Jira platform REST API v3 (`/rest/api/3/...`); /myself is built into the server. Users live in
 * `data`; groups, projects and issues live in this closure.
 */
export function jiraRoutes(data: FakeData): FakeRoute[] {
  for (const example of Object.values(EXAMPLE_USERS)) {
    if (!data.users.some((user) => user.accountId === example.accountId)) data.addUser(example);
  }
  const seeded = data.users.filter(
    (user) =>
      user.accountType === 'atlassian' &&
      !Object.values(EXAMPLE_USERS).some((e) => e.accountId === user.accountId),
  );
  const groups: FakeGroup[] = [
    {
      name: JIRA_SOFTWARE_USERS.name,
      groupId: JIRA_SOFTWARE_USERS.groupId,
      members: [
        EXAMPLE_USERS.mia.accountId,
        EXAMPLE_USERS.emma.accountId,
        EXAMPLE_USERS.former.accountId,
        ...seeded.slice(0, JIRA_SOFTWARE_USERS.activeMembers - 2).map((u) => u.accountId),
      ],
    },
    {
      name: 'jira-administrators',
      groupId: '9d4bb1e1-2f7c-4f3b-8a4e-0c6b0e2f7a11',
      members: seeded.slice(0, 3).map((u) => u.accountId),
    },
    {
      name: 'jira-servicemanagement-users',
      groupId: '5c1e5b0a-8d55-4a51-9f3c-2b7c9f0d4e22',
      members: seeded.slice(0, 10).map((u) => u.accountId),
    },
    { name: 'confluence-users', groupId: '0b7e2c44-6a1d-4f0e-b3a8-7d9c1e5f6a33', members: [] },
    { name: 'site-admins', groupId: 'e3a9d7f2-1b4c-4e8a-9d6f-3c2b1a0e9f44', members: [] },
    { name: 'Developers', groupId: '7f2d9c1b-3e4a-4b5c-8d7e-6f1a2b3c4d55', members: [] },
  ];

  // The JSM service desks' projects first (same ids as in jsm-routes), then HSP, then filler
  // so that the project search pages.
  const projects: FakeProject[] = [
    { id: '10000', key: 'SD', name: 'IT Service Desk', projectTypeKey: 'service_desk' },
    { id: '10001', key: 'HR', name: 'HR Help Center', projectTypeKey: 'service_desk' },
    { id: '10002', key: 'FAC', name: 'Facilities', projectTypeKey: 'service_desk' },
    { id: HSP.id, key: HSP.key, name: 'Hospital Systems Platform', projectTypeKey: 'software' },
  ];
  for (let i = 1; projects.length < PROJECT_COUNT; i++) {
    projects.push({
      id: String(10003 + i),
      key: `P${String(i).padStart(3, '0')}`,
      name: `Project ${i}`,
      projectTypeKey: i % 2 === 0 ? 'business' : 'software',
    });
  }

  const issues: FakeIssue[] = [];
  let nextIssueId = 20000;
  const addIssue = (project: FakeProject, fields: Record<string, unknown>): FakeIssue => {
    const number =
      Math.max(
        0,
        ...issues
          .filter((issue) => issue.projectKey === project.key)
          .map((issue) => Number(issue.key.split('-')[1])),
      ) + 1;
    const issue: FakeIssue = {
      id: String(nextIssueId++),
      key: `${project.key}-${number}`,
      projectKey: project.key,
      fields: {
        labels: [],
        assignee: null,
        priority: { id: '3', name: 'Medium' },
        status: STATUSES[0],
        created: CREATED,
        updated: CREATED,
        description: null,
        ...fields,
        project: { id: project.id, key: project.key, name: project.name },
      },
    };
    issues.push(issue);
    return issue;
  };
  const hsp = projects[3];
  const reporter = data.users.find((u) => u.accountId === EXAMPLE_USERS.mia.accountId)!;
  for (let n = 1; n <= HSP.issues; n++) {
    addIssue(hsp, {
      summary: `Hospital systems task ${n}`,
      issuetype: ISSUE_TYPES[1 + (n % 3)],
      status: STATUSES[n % 3],
      labels: n % 10 === 0 ? ['triage'] : [],
      reporter: { accountId: reporter.accountId, displayName: reporter.displayName },
    });
  }
  for (let n = 1; n <= 5; n++) {
    addIssue(projects[4], { summary: `Filler issue ${n}`, issuetype: ISSUE_TYPES[1] });
  }

  const base = (ctx: RouteContext) =>
    `http://${ctx.headers.host}${ctx.cloudId ? `/ex/jira/${ctx.cloudId}` : ''}`;
  const userUrl = (ctx: RouteContext, accountId: string) =>
    `${base(ctx)}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`;
  const userDto = (ctx: RouteContext, user: FakeUser) => ({
    self: userUrl(ctx, user.accountId),
    accountId: user.accountId,
    accountType: user.accountType,
    emailAddress: user.emailAddress,
    displayName: user.displayName,
    active: user.active,
    timeZone: 'Etc/UTC',
    avatarUrls: { '48x48': `https://avatar.example.com/${user.accountId}/48` },
  });
  const groupRef = (ctx: RouteContext, group: FakeGroup) => ({
    name: group.name,
    groupId: group.groupId,
    self: `${base(ctx)}/rest/api/3/group?groupId=${group.groupId}`,
  });
  const userById = (id: string | null) =>
    id === null ? undefined : data.users.find((user) => user.accountId === id);
  const projectOf = (idOrKey: string) =>
    projects.find((p) => p.id === idOrKey || p.key === idOrKey.toUpperCase());
  const issueOf = (idOrKey: string) =>
    issues.find((i) => i.id === idOrKey || i.key === idOrKey.toUpperCase());
  const issueDto = (ctx: RouteContext, issue: FakeIssue, wanted: FieldSelection) => {
    const fields = Object.fromEntries(
      Object.entries(issue.fields).filter(([name]) => wanted.includes(name)),
    );
    return {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${base(ctx)}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
    };
  };

  /** groupname or groupId, exactly one; sends the 400/404 itself when the group is unusable. */
  const groupFrom = (ctx: RouteContext): FakeGroup | undefined => {
    const name = ctx.query.get('groupname');
    const id = ctx.query.get('groupId');
    if ((name === null) === (id === null)) {
      ctx.send(400, errorBody('Either the groupname or the groupId parameter must be provided.'));
      return undefined;
    }
    const group = groups.find((g) => (id !== null ? g.groupId === id : g.name === name));
    if (!group) {
      ctx.send(
        404,
        errorBody(
          id !== null
            ? `Group with groupId '${id}' does not exist.`
            : `Group with name '${name}' does not exist.`,
        ),
      );
    }
    return group;
  };
  const accountFrom = (ctx: RouteContext, accountId: unknown): FakeUser | undefined => {
    if (typeof accountId !== 'string' || accountId === '') {
      ctx.send(400, errorBody('accountId must be provided'));
      return undefined;
    }
    const user = userById(accountId);
    if (!user) ctx.send(404, errorBody(`User with accountId '${accountId}' does not exist.`));
    return user;
  };

  const site = { data, issues, groups, projectOf, issueOf, userDto, groupFrom, base };
  return [
    ...jiraIssueRoutes(site),
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/user$/,
      handle: (ctx) => {
        const accountId = ctx.query.get('accountId');
        if (!accountId) {
          return ctx.send(400, errorBody('The accountId query parameter needs to be provided.'));
        }
        const user = userById(accountId);
        if (!user) {
          return ctx.send(
            404,
            errorBody('Specified user does not exist or you do not have required permissions'),
          );
        }
        const expand = (ctx.query.get('expand') ?? '').split(',');
        const memberOf = groups.filter((g) => g.members.includes(user.accountId));
        ctx.send(200, {
          ...userDto(ctx, user),
          locale: 'en_US',
          groups: expand.includes('groups')
            ? { size: memberOf.length, items: memberOf.map((g) => groupRef(ctx, g)) }
            : { size: memberOf.length, items: [] },
          applicationRoles: { size: 1, items: [] },
          expand: 'groups,applicationRoles',
        });
      },
    },
    {
      // Active users whose display name words or e-mail address start with the query; never
      // beyond the 1000th match, whatever startAt says.
      method: 'GET',
      pattern: /^\/rest\/api\/3\/user\/search$/,
      handle: (ctx) => {
        const query = ctx.query.get('query')?.toLowerCase();
        const accountId = ctx.query.get('accountId');
        if (!query && !accountId && !ctx.query.get('property')) {
          return ctx.send(
            400,
            errorBody(
              "One of 'query', 'accountId' or 'property' query parameter must be provided.",
            ),
          );
        }
        const paging = pagingOf(ctx, 50, USER_SEARCH_MAX_PAGE);
        if (!paging) return;
        const found = data.users
          .filter(
            (user) =>
              user.active &&
              (!accountId || user.accountId === accountId) &&
              (!query ||
                user.emailAddress.toLowerCase().startsWith(query) ||
                user.displayName
                  .toLowerCase()
                  .split(/\s+/)
                  .some((word) => word.startsWith(query))),
          )
          .slice(0, USER_SEARCH_MAX_MATCHES);
        ctx.send(
          200,
          found
            .slice(paging.startAt, paging.startAt + paging.maxResults)
            .map((user) => userDto(ctx, user)),
        );
      },
    },
    {
      // Every account, active or not, customers and apps included.
      method: 'GET',
      pattern: /^\/rest\/api\/3\/users\/search$/,
      handle: (ctx) => {
        const paging = pagingOf(ctx, 50, USER_SEARCH_MAX_PAGE);
        if (!paging) return;
        ctx.send(
          200,
          data.users
            .slice(paging.startAt, paging.startAt + paging.maxResults)
            .map((user) => userDto(ctx, user)),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/group\/member$/,
      handle: (ctx) => {
        const group = groupFrom(ctx);
        if (!group) return;
        const paging = pagingOf(ctx, GROUP_MEMBERS_MAX_PAGE, GROUP_MEMBERS_MAX_PAGE);
        if (!paging) return;
        const inactiveToo = ctx.query.get('includeInactiveUsers') === 'true';
        const members = group.members
          .map((id) => userById(id))
          .filter((user): user is FakeUser => user !== undefined && (inactiveToo || user.active));
        sendPageBean(
          ctx,
          members.map((user) => userDto(ctx, user)),
          paging,
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/groups\/picker$/,
      handle: (ctx) => {
        const query = ctx.query.get('query') ?? '';
        const insensitive = ctx.query.get('caseInsensitive') === 'true';
        const excluded = [...ctx.query.getAll('exclude'), ...ctx.query.getAll('excludeId')];
        const fold = (text: string) => (insensitive ? text.toLowerCase() : text);
        const matching = groups
          .filter((g) => fold(g.name).includes(fold(query)))
          .filter((g) => !excluded.includes(g.name) && !excluded.includes(g.groupId))
          .sort((a, b) => a.name.localeCompare(b.name));
        const asked = Number(ctx.query.get('maxResults') ?? 20) || 20;
        const shown = matching.slice(0, Math.min(asked, GROUP_PICKER_LIMIT));
        ctx.send(200, {
          header: `Showing ${shown.length} of ${matching.length} matching groups`,
          total: matching.length,
          groups: shown.map((g) => {
            const at = fold(g.name).indexOf(fold(query));
            const html = query
              ? `${g.name.slice(0, at)}<b>${g.name.slice(at, at + query.length)}</b>${g.name.slice(at + query.length)}`
              : g.name;
            return { name: g.name, groupId: g.groupId, html, labels: [] };
          }),
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/api\/3\/group\/user$/,
      handle: (ctx) => {
        const group = groupFrom(ctx);
        if (!group) return;
        const user = accountFrom(ctx, (ctx.body as { accountId?: unknown } | undefined)?.accountId);
        if (!user) return;
        if (group.members.includes(user.accountId)) {
          return ctx.send(
            400,
            errorBody(`Cannot add user. User is already a member of '${group.name}'`),
          );
        }
        group.members.push(user.accountId);
        ctx.send(201, {
          ...groupRef(ctx, group),
          users: {
            size: group.members.length,
            items: [],
            'max-results': 50,
            'start-index': 0,
            'end-index': 0,
          },
          expand: 'users',
        });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/api\/3\/group\/user$/,
      handle: (ctx) => {
        const group = groupFrom(ctx);
        if (!group) return;
        const user = accountFrom(ctx, ctx.query.get('accountId'));
        if (!user) return;
        if (!group.members.includes(user.accountId)) {
          return ctx.send(
            400,
            errorBody(`Cannot remove user. User is not a member of '${group.name}'`),
          );
        }
        group.members = group.members.filter((id) => id !== user.accountId);
        ctx.send(200);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/project\/search$/,
      handle: (ctx) => {
        const paging = pagingOf(ctx, 50, PROJECT_SEARCH_MAX_PAGE);
        if (!paging) return;
        const query = ctx.query.get('query')?.toLowerCase();
        const orderBy = (ctx.query.get('orderBy') ?? 'key').replace(/^\+/, '');
        const by = orderBy.replace(/^-/, '') === 'name' ? 'name' : 'key';
        const found = projects
          .filter(
            (p) =>
              !query || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query),
          )
          .sort((a, b) => a[by].localeCompare(b[by]) * (orderBy.startsWith('-') ? -1 : 1));
        sendPageBean(
          ctx,
          found.map((p) => ({
            expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
            self: `${base(ctx)}/rest/api/3/project/${p.id}`,
            id: p.id,
            key: p.key,
            name: p.name,
            projectTypeKey: p.projectTypeKey,
            simplified: false,
            style: 'classic',
            isPrivate: false,
            properties: {},
          })),
          paging,
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/project\/([^/]+)\/role$/,
      handle: (ctx) => {
        const project = projectOf(ctx.params[0]);
        if (!project) {
          return ctx.send(
            404,
            errorBody(
              /^\d+$/.test(ctx.params[0])
                ? `No project could be found with id '${ctx.params[0]}'.`
                : `No project could be found with key '${ctx.params[0]}'.`,
            ),
          );
        }
        const roles = [
          ...ROLES,
          ...(project.projectTypeKey === 'service_desk' ? SERVICE_DESK_ROLES : []),
        ];
        ctx.send(
          200,
          Object.fromEntries(
            roles.map(([name, id]) => [
              name,
              `${base(ctx)}/rest/api/3/project/${project.key}/role/${id}`,
            ]),
          ),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/api\/3\/issue$/,
      handle: (ctx) => {
        const fields = (ctx.body as { fields?: Record<string, unknown> } | undefined)?.fields;
        if (!fields || typeof fields !== 'object') {
          return ctx.send(400, {
            errorMessages: [],
            errors: { project: 'Specify a valid project ID or key' },
          });
        }
        const errors: Record<string, string> = {};
        const projectRef = fields.project as { key?: string; id?: string } | undefined;
        const project = projectRef ? projectOf(projectRef.key ?? projectRef.id ?? '') : undefined;
        if (!project) errors.project = 'Specify a valid project ID or key';
        const typeRef = fields.issuetype as { name?: string; id?: string } | undefined;
        const issueType = ISSUE_TYPES.find(
          (t) => (typeRef?.id !== undefined && t.id === typeRef.id) || t.name === typeRef?.name,
        );
        if (!typeRef) errors.issuetype = 'Specify an issue type';
        else if (!issueType) errors.issuetype = 'The issue type selected is invalid.';
        if (typeof fields.summary !== 'string' || fields.summary.trim() === '') {
          errors.summary = 'You must specify a summary of the issue.';
        } else if (fields.summary.length > 255) {
          errors.summary = 'Summary must be less than 255 characters.';
        }
        if (fields.description !== undefined && !isAdfDocument(fields.description)) {
          errors.description =
            'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
        }
        // The create screen's own refusals (unknown fields, required ones left out) come first,
        // as at Atlassian; the value checks above overwrite them field by field.
        if (project && issueType) {
          Object.assign(errors, { ...createFieldErrors(project, issueType.id, fields), ...errors });
        }
        if (Object.keys(errors).length > 0 || !project || !issueType) {
          return ctx.send(400, { errorMessages: [], errors });
        }
        const issue = addIssue(project, {
          ...fields,
          issuetype: issueType,
          reporter: { accountId: ctx.account.accountId, displayName: ctx.account.displayName },
        });
        if (data.searchIndexLag) issue.unindexed = true;
        ctx.send(201, {
          id: issue.id,
          key: issue.key,
          self: `${base(ctx)}/rest/api/3/issue/${issue.id}`,
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/,
      handle: (ctx) => {
        const issue = issueOf(ctx.params[0]);
        if (!issue) {
          return ctx.send(
            404,
            errorBody('Issue does not exist or you do not have permission to see it.'),
          );
        }
        ctx.send(200, issueDto(ctx, issue, fieldSelection(ctx, '*all')));
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/search\/jql$/,
      handle: (ctx) =>
        searchJql(ctx, {
          jql: ctx.query.get('jql') ?? '',
          fields: ctx.query.getAll('fields'),
          maxResults: ctx.query.get('maxResults') ?? undefined,
          nextPageToken: ctx.query.get('nextPageToken') ?? undefined,
          reconcileIssues: ctx.query.getAll('reconcileIssues'),
        }),
    },
    {
      // The same search with its parameters in a JSON body, for queries too long for a URL.
      method: 'POST',
      pattern: /^\/rest\/api\/3\/search\/jql$/,
      handle: (ctx) => {
        const body = ctx.body as Record<string, unknown> | undefined;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          return ctx.send(400, errorBody('The request body must be a JSON object.'));
        }
        const unknown = Object.keys(body).find((name) => !SEARCH_BODY_PROPERTIES.has(name));
        if (unknown) return ctx.send(400, errorBody(`Unrecognized field "${unknown}"`));
        const { jql, fields, maxResults, nextPageToken, reconcileIssues } = body;
        const strings = (value: unknown) =>
          Array.isArray(value) && value.every((item) => typeof item === 'string');
        if (
          (jql !== undefined && typeof jql !== 'string') ||
          (fields !== undefined && !strings(fields)) ||
          (maxResults !== undefined && typeof maxResults !== 'number') ||
          (nextPageToken !== undefined && typeof nextPageToken !== 'string') ||
          (reconcileIssues !== undefined &&
            !(Array.isArray(reconcileIssues) && reconcileIssues.every(Number.isInteger)))
        ) {
          return ctx.send(400, errorBody('The request body is not a valid search request.'));
        }
        searchJql(ctx, {
          jql: jql ?? '',
          fields: fields ?? [],
          maxResults: maxResults === undefined ? undefined : String(maxResults),
          nextPageToken,
          reconcileIssues: ((reconcileIssues as number[] | undefined) ?? []).map(String),
        });
      },
    },
  ];

  /**
   * search/jql in either form. With `data.searchIndexLag`, issues created through the API are not
   * in the search index yet, as happens for a few seconds at Atlassian: a search finds them only
   * when reconcileIssues names them (and then as they are, if they match).
   */
  function searchJql(ctx: RouteContext, search: JqlSearch): void {
    const { jql } = search;
    const query = parseJql(jql);
    if ('error' in query) return ctx.send(400, errorBody(query.error));
    for (const clause of query.clauses) {
      if (clause.field !== 'project') continue;
      const unknown = clause.values.find((value) => !projectOf(value));
      if (unknown !== undefined) {
        return ctx.send(
          400,
          errorBody(`The value '${unknown}' does not exist for the field 'project'.`),
        );
      }
    }
    if (search.reconcileIssues.length > RECONCILE_ISSUES_MAX) {
      return ctx.send(
        400,
        errorBody(`reconcileIssues accepts at most ${RECONCILE_ISSUES_MAX} ids.`),
      );
    }
    const reconciled = new Set(search.reconcileIssues);
    const wanted = selectFields(search.fields, 'id');
    const idsOnly = wanted.every((field) => field === 'id' || field === 'key');
    const cap = idsOnly ? JQL_MAX_PAGE_IDS : JQL_MAX_PAGE_FIELDS;
    const asked = Number(search.maxResults ?? 50);
    if (!Number.isInteger(asked) || asked < 0) {
      return ctx.send(400, errorBody('maxResults must be a non-negative integer'));
    }
    const size = Math.min(asked, cap);
    let offset = 0;
    const searchKey = tokenKey(jql, search.reconcileIssues);
    if (search.nextPageToken !== undefined) {
      const decoded = decodeToken(search.nextPageToken);
      if (!decoded || decoded.key !== searchKey) {
        return ctx.send(400, errorBody('The provided next page token is invalid or expired.'));
      }
      offset = decoded.offset;
    }
    const found = issues
      .filter((issue) => !issue.unindexed || reconciled.has(issue.id))
      .filter((issue) => query.clauses.every((clause) => matches(issue, clause, projectOf)))
      .sort((a, b) => compareIssues(a, b, query.order));
    const page = found.slice(offset, offset + size);
    const isLast = offset + page.length >= found.length;
    ctx.send(200, {
      issues: page.map((issue) => issueDto(ctx, issue, wanted)),
      ...(isLast
        ? {}
        : { nextPageToken: encodeToken({ key: searchKey, offset: offset + page.length }) }),
      isLast,
    });
  }
}

interface JqlSearch {
  jql: string;
  fields: string[];
  maxResults?: string;
  nextPageToken?: string;
  reconcileIssues: string[];
}

/** What the POST form's body may hold (SearchAndReconcileRequestBean). */
const SEARCH_BODY_PROPERTIES = new Set([
  'jql',
  'fields',
  'maxResults',
  'nextPageToken',
  'reconcileIssues',
  'expand',
  'properties',
  'fieldsByKeys',
]);
/** The spec: reconcileIssues "Accepts max 50 ids". */
export const RECONCILE_ISSUES_MAX = 50;

/** startAt/maxResults with Atlassian's silent cap; a 400 for values that are not integers. */
function pagingOf(
  ctx: RouteContext,
  fallback: number,
  max: number,
): { startAt: number; maxResults: number } | undefined {
  const read = (name: string, dflt: number) => {
    const raw = ctx.query.get(name);
    if (raw === null || raw === '') return dflt;
    const value = Number(raw);
    return Number.isInteger(value) && value >= 0 ? value : undefined;
  };
  const startAt = read('startAt', 0);
  const maxResults = read('maxResults', fallback);
  if (startAt === undefined || maxResults === undefined) {
    ctx.send(400, errorBody('startAt and maxResults must be non-negative integers'));
    return undefined;
  }
  return { startAt, maxResults: Math.min(maxResults, max) };
}

/** Atlassian's PageBean: {self, nextPage, maxResults, startAt, total, isLast, values}. */
function sendPageBean(
  ctx: RouteContext,
  values: unknown[],
  paging: { startAt: number; maxResults: number },
): void {
  const page = values.slice(paging.startAt, paging.startAt + paging.maxResults);
  const isLast = paging.startAt + page.length >= values.length;
  const url = new URL(
    `http://${ctx.headers.host}${ctx.cloudId ? `/ex/jira/${ctx.cloudId}` : ''}${ctx.path}`,
  );
  ctx.query.forEach((value, key) => url.searchParams.append(key, value));
  const at = (startAt: number) => {
    url.searchParams.set('startAt', String(startAt));
    url.searchParams.set('maxResults', String(paging.maxResults));
    return url.toString();
  };
  ctx.send(200, {
    self: at(paging.startAt),
    ...(isLast ? {} : { nextPage: at(paging.startAt + page.length) }),
    maxResults: paging.maxResults,
    startAt: paging.startAt,
    total: values.length,
    isLast,
    values: page,
  });
}

type FieldSelection = string[];

/** `fields` as Atlassian reads it: repeated and/or comma-separated; `*all`, `-field`. */
function fieldSelection(ctx: RouteContext, fallback: string): FieldSelection {
  return selectFields(ctx.query.getAll('fields'), fallback);
}

function selectFields(fields: string[], fallback: string): FieldSelection {
  const listed = fields
    .flatMap((value) => value.split(','))
    .map((field) => field.trim())
    .filter(Boolean);
  const asked = listed.length > 0 ? listed : [fallback];
  const all = [
    'summary',
    'status',
    'issuetype',
    'project',
    'description',
    'labels',
    'assignee',
    'reporter',
    'priority',
    'created',
    'updated',
    'duedate',
  ];
  const included = asked.some((f) => f === '*all' || f === '*navigable')
    ? all
    : asked.filter((f) => !f.startsWith('-'));
  const excluded = asked.filter((f) => f.startsWith('-')).map((f) => f.slice(1));
  return included.filter((f) => !excluded.includes(f));
}

interface JqlClause {
  field: 'project' | 'key' | 'issuetype' | 'status' | 'summary' | 'labels';
  op: '=' | '!=' | 'in' | '~';
  values: string[];
}

const JQL_FIELDS: Record<string, JqlClause['field']> = {
  project: 'project',
  key: 'key',
  issuekey: 'key',
  issuetype: 'issuetype',
  type: 'issuetype',
  status: 'status',
  summary: 'summary',
  text: 'summary',
  labels: 'labels',
};

/**
 * The slice of JQL the fake understands: clauses joined by AND (`project = HSP`,
 * `key in (HSP-1, HSP-2)`, `status != Done`, `summary ~ "text"`), then an optional ORDER BY.
 * Like Atlassian, a query without a restriction is refused.
 */
function parseJql(
  jql: string,
): { clauses: JqlClause[]; order: { by: string; desc: boolean } } | { error: string } {
  const [where, orderPart] = jql.split(/\s+order\s+by\s+|^\s*order\s+by\s+/i);
  const order = { by: 'key', desc: false };
  if (orderPart !== undefined) {
    const match = /^\s*(key|created|id|updated)(?:\s+(asc|desc))?\s*$/i.exec(orderPart);
    if (!match) return { error: `Error in the JQL Query: cannot order by '${orderPart.trim()}'.` };
    order.by = match[1].toLowerCase();
    order.desc = match[2]?.toLowerCase() === 'desc';
  }
  if (!where || where.trim() === '') {
    return {
      error:
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    };
  }
  const clauses: JqlClause[] = [];
  for (const part of where.split(/\s+and\s+/i)) {
    const match = /^\s*([A-Za-z]+)\s*(=|!=|~|\bin\b)\s*(.+?)\s*$/i.exec(part);
    if (!match) return { error: `Error in the JQL Query: could not parse '${part.trim()}'.` };
    const field = JQL_FIELDS[match[1].toLowerCase()];
    if (!field) {
      return {
        error: `Field '${match[1]}' does not exist or you do not have permission to view it.`,
      };
    }
    const op = match[2].toLowerCase() as JqlClause['op'];
    const raw = match[3];
    const values =
      op === 'in' ? (/^\((.*)\)$/.exec(raw)?.[1] ?? '').split(',').map(unquote) : [unquote(raw)];
    clauses.push({ field, op, values: values.filter((v) => v !== '') });
  }
  return { clauses, order };
}

function unquote(value: string): string {
  return value.trim().replace(/^"(.*)"$|^'(.*)'$/, (_all, a?: string, b?: string) => a ?? b ?? '');
}

function matches(
  issue: FakeIssue,
  clause: JqlClause,
  projectOf: (idOrKey: string) => FakeProject | undefined,
): boolean {
  const f = issue.fields;
  const actual: string[] = {
    project: [issue.projectKey],
    key: [issue.key, issue.id],
    issuetype: [(f.issuetype as { name: string }).name.toLowerCase()],
    status: [(f.status as { name: string }).name.toLowerCase()],
    summary: [String(f.summary).toLowerCase()],
    labels: (f.labels as string[]) ?? [],
  }[clause.field];
  const wanted = clause.values.map((v) => {
    if (clause.field === 'project') return projectOf(v)?.key ?? v;
    if (clause.field === 'key') return v.toUpperCase();
    return clause.field === 'labels' ? v : v.toLowerCase();
  });
  if (clause.op === '~') return wanted.every((w) => actual[0].includes(w));
  const hit = actual.some((a) => wanted.includes(a));
  return clause.op === '!=' ? !hit : hit;
}

function compareIssues(a: FakeIssue, b: FakeIssue, order: { by: string; desc: boolean }): number {
  const sign = order.desc ? -1 : 1;
  if (order.by === 'key') {
    const [pa, na] = a.key.split('-');
    const [pb, nb] = b.key.split('-');
    return sign * (pa.localeCompare(pb) || Number(na) - Number(nb));
  }
  return sign * (Number(a.id) - Number(b.id));
}

/**
 * Tokens stay short whatever the query's length, as Atlassian's do: they name the search by a
 * hash of its JQL and reconciled issues, and a token of another search is refused.
 */
function tokenKey(jql: string, reconcileIssues: string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([jql, [...reconcileIssues].sort()]))
    .digest('base64url')
    .slice(0, 22);
}

function encodeToken(state: { key: string; offset: number }): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeToken(token: string): { key: string; offset: number } | undefined {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      key?: unknown;
      offset?: unknown;
    };
    return typeof state.key === 'string' && typeof state.offset === 'number'
      ? { key: state.key, offset: state.offset }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A minimal ADF check: a version 1 doc whose text nodes are not empty. */
function isAdfDocument(value: unknown): boolean {
  const doc = value as { type?: unknown; version?: unknown; content?: unknown } | null;
  if (!doc || doc.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) return false;
  const valid = (node: unknown): boolean => {
    const n = node as { type?: unknown; text?: unknown; content?: unknown };
    if (typeof n?.type !== 'string') return false;
    if (n.type === 'text' && (typeof n.text !== 'string' || n.text === '')) return false;
    return n.content === undefined || (Array.isArray(n.content) && n.content.every(valid));
  };
  return doc.content.every(valid);
}
