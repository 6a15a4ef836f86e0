import { randomUUID } from 'node:crypto';
import { errorBody, FakeData, FakeUser } from './fake-data';
import { FakeRoute, RouteContext } from './fake-atlassian.server';

/*
 * Jira issue work (edit, delete, transitions, comments, assignee, watchers), groups and the
 * metadata a flow designer reads (create metadata, issue types, priorities, statuses). The issues,
 * groups and projects are those of jira-routes.ts, which hands them over as a JiraSite.
 */

export interface FakeGroup {
  name: string;
  groupId: string;
  members: string[];
}

export interface FakeProject {
  id: string;
  key: string;
  name: string;
  projectTypeKey: 'software' | 'business' | 'service_desk';
}

export interface FakeIssue {
  id: string;
  key: string;
  projectKey: string;
  fields: Record<string, unknown>;
  /** Created while data.searchIndexLag was on: search/jql does not see it yet. */
  unindexed?: boolean;
}

export interface JiraSite {
  data: FakeData;
  issues: FakeIssue[];
  groups: FakeGroup[];
  projectOf(idOrKey: string): FakeProject | undefined;
  issueOf(idOrKey: string): FakeIssue | undefined;
  userDto(ctx: RouteContext, user: FakeUser): Record<string, unknown>;
  /** groupname or groupId from the query; sends the 400/404 itself when the group is unusable. */
  groupFrom(ctx: RouteContext): FakeGroup | undefined;
  base(ctx: RouteContext): string;
}

export const ISSUE_TYPES = [
  { id: '10000', name: 'Epic', hierarchyLevel: 1 },
  { id: '10001', name: 'Task', hierarchyLevel: 0 },
  { id: '10002', name: 'Bug', hierarchyLevel: 0 },
  { id: '10003', name: 'Story', hierarchyLevel: 0 },
];
export const STATUSES = [
  { id: '10000', name: 'To Do', statusCategory: { id: 2, key: 'new', name: 'To Do' } },
  {
    id: '3',
    name: 'In Progress',
    statusCategory: { id: 4, key: 'indeterminate', name: 'In Progress' },
  },
  { id: '10001', name: 'Done', statusCategory: { id: 3, key: 'done', name: 'Done' } },
];
export const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'].map((name, i) => ({
  id: String(i + 1),
  name,
  description: `${name} priority.`,
  statusColor: ['#d04437', '#f15c75', '#f79232', '#707070', '#999999'][i],
}));
const RESOLUTIONS = ['Done', "Won't Do", 'Duplicate'];

/** Every workflow has the same three transitions, one into each status. */
export const TRANSITIONS = [
  { id: '11', name: 'To Do', to: STATUSES[0] },
  { id: '21', name: 'In Progress', to: STATUSES[1] },
  // Done has a screen whose resolution is required.
  { id: '31', name: 'Done', to: STATUSES[2] },
];

/** A required custom field of HSP's stories, without a default: create_issue must be given it. */
export const CUSTOMER_IMPACT = { fieldId: 'customfield_10042', name: 'Customer impact' };
/** The issue whose comments take several pages. */
export const COMMENTED_ISSUE = { key: 'HSP-2', comments: 250 };
/** comment's default page, also the most Atlassian serves in one. */
export const COMMENTS_MAX_PAGE = 100;
export const CREATE_META_MAX_PAGE = 200;

interface FieldMeta {
  fieldId: string;
  name: string;
  required: boolean;
  hasDefaultValue: boolean;
  schema: Record<string, unknown>;
  operations: string[];
  allowedValues?: unknown[];
}

const field = (
  fieldId: string,
  name: string,
  schema: Record<string, unknown>,
  required = false,
  hasDefaultValue = false,
): FieldMeta => ({
  fieldId,
  name,
  required,
  hasDefaultValue,
  schema,
  operations: ['set'],
});

/** The create screen of an issue type in a project: the same for all but HSP's stories. */
export function createFieldsOf(project: FakeProject, issueTypeId: string): FieldMeta[] {
  const story = project.key === 'HSP' && issueTypeId === '10003';
  return [
    field('summary', 'Summary', { type: 'string', system: 'summary' }, true),
    field('issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }, true),
    field('project', 'Project', { type: 'project', system: 'project' }, true),
    field('reporter', 'Reporter', { type: 'user', system: 'reporter' }, true, true),
    field('description', 'Description', { type: 'string', system: 'description' }),
    field('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }),
    field('assignee', 'Assignee', { type: 'user', system: 'assignee' }),
    {
      ...field('priority', 'Priority', { type: 'priority', system: 'priority' }, false, true),
      allowedValues: PRIORITIES,
    },
    field('duedate', 'Due date', { type: 'date', system: 'duedate' }, story),
    ...(story
      ? [
          field(
            CUSTOMER_IMPACT.fieldId,
            CUSTOMER_IMPACT.name,
            {
              type: 'string',
              custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea',
              customId: 10042,
            },
            true,
          ),
        ]
      : []),
  ];
}

/** Atlassian's answer for a field it will not set or a required one left out, by field ID. */
export function createFieldErrors(
  project: FakeProject,
  issueTypeId: string,
  fields: Record<string, unknown>,
): Record<string, string> {
  const screen = createFieldsOf(project, issueTypeId);
  const errors: Record<string, string> = {};
  for (const name of Object.keys(fields)) {
    if (!screen.some((f) => f.fieldId === name)) errors[name] = cannotBeSet(name);
  }
  for (const meta of screen) {
    if (meta.required && !meta.hasDefaultValue && fields[meta.fieldId] === undefined) {
      errors[meta.fieldId] ??= `${meta.name} is required.`;
    }
  }
  return errors;
}

const cannotBeSet = (name: string) =>
  `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;

/** Fields the edit screen has: the create screen's, less those an issue keeps. */
const EDITABLE = new Set([
  'summary',
  'description',
  'labels',
  'assignee',
  'priority',
  'duedate',
  CUSTOMER_IMPACT.fieldId,
]);
const CREATED = '2026-01-05T09:30:00.000+0000';

interface FakeComment {
  id: string;
  authorId: string;
  body: unknown;
  created: string;
  visibility?: Record<string, unknown>;
}

export function jiraIssueRoutes(site: JiraSite): FakeRoute[] {
  const { data } = site;
  const comments = new Map<string, FakeComment[]>();
  const watchers = new Map<string, string[]>();
  let nextCommentId = 10000;
  const commentsOf = (issue: FakeIssue) => {
    if (!comments.has(issue.id)) comments.set(issue.id, []);
    return comments.get(issue.id)!;
  };
  const watchersOf = (issue: FakeIssue) => {
    if (!watchers.has(issue.id)) {
      const reporter = (issue.fields.reporter as { accountId?: string } | undefined)?.accountId;
      watchers.set(issue.id, reporter ? [reporter] : []);
    }
    return watchers.get(issue.id)!;
  };
  const addComment = (issue: FakeIssue, authorId: string, body: unknown, created = CREATED) => {
    const comment: FakeComment = { id: String(nextCommentId++), authorId, body, created };
    commentsOf(issue).push(comment);
    return comment;
  };
  const mia = data.users.find((u) => u.emailAddress === 'mia@example.com');
  const seededIssue = site.issueOf(COMMENTED_ISSUE.key);
  if (seededIssue && mia) {
    for (let n = 1; n <= COMMENTED_ISSUE.comments; n++) {
      const minute = String(n % 60).padStart(2, '0');
      const hour = String(10 + Math.floor(n / 60)).padStart(2, '0');
      addComment(
        seededIssue,
        mia.accountId,
        adf(`Comment ${n}`),
        `2026-01-06T${hour}:${minute}:00.000+0000`,
      );
    }
  }

  const userById = (id: string) => data.users.find((user) => user.accountId === id);
  const commentDto = (ctx: RouteContext, issue: FakeIssue, comment: FakeComment) => {
    const author = userById(comment.authorId);
    return {
      self: `${site.base(ctx)}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
      id: comment.id,
      author: author
        ? site.userDto(ctx, author)
        : { accountId: comment.authorId, displayName: ctx.account.displayName },
      body: comment.body,
      created: comment.created,
      updated: comment.created,
      jsdPublic: true,
      ...(comment.visibility ? { visibility: comment.visibility } : {}),
    };
  };
  /** The issue of the path's first parameter; sends the 404 itself when there is none. */
  const issueFrom = (ctx: RouteContext): FakeIssue | undefined => {
    const issue = site.issueOf(ctx.params[0]);
    if (!issue) {
      ctx.send(404, errorBody('Issue does not exist or you do not have permission to see it.'));
    }
    return issue;
  };
  const statusOf = (issue: FakeIssue) => issue.fields.status as { id: string };
  const transitionsOf = (issue: FakeIssue) =>
    TRANSITIONS.filter((t) => t.to.id !== statusOf(issue).id);
  const fieldsObject = (ctx: RouteContext): Record<string, unknown> | undefined => {
    const body = ctx.body as { fields?: unknown } | undefined;
    const fields = body?.fields ?? {};
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      ctx.send(400, errorBody('Can not deserialize the fields of the request.'));
      return undefined;
    }
    return fields as Record<string, unknown>;
  };
  /** Checks and converts edited field values; errors by field ID as Atlassian names them. */
  const editErrors = (fields: Record<string, unknown>): Record<string, string> => {
    const errors: Record<string, string> = {};
    for (const [name, value] of Object.entries(fields)) {
      if (!EDITABLE.has(name)) errors[name] = cannotBeSet(name);
      else if (name === 'summary' && (typeof value !== 'string' || value.trim() === '')) {
        errors.summary = 'You must specify a summary of the issue.';
      } else if (name === 'description' && value !== null && !isAdf(value)) {
        errors.description =
          'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
      } else if (name === 'priority') {
        const ref = value as { name?: string; id?: string } | null;
        if (!PRIORITIES.some((p) => p.name === ref?.name || p.id === ref?.id)) {
          errors.priority = 'The priority selected is invalid.';
        }
      } else if (name === 'labels' && !(Array.isArray(value) && value.every(isLabel))) {
        errors.labels = 'The label must not contain spaces.';
      }
    }
    return errors;
  };
  const applyFields = (issue: FakeIssue, fields: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(fields)) {
      issue.fields[name] =
        name === 'priority'
          ? PRIORITIES.find((p) => {
              const ref = value as { name?: string; id?: string };
              return p.name === ref.name || p.id === ref.id;
            })
          : value;
    }
    issue.fields.updated = new Date().toISOString().replace('Z', '+0000');
  };
  const pagingOf = (ctx: RouteContext, fallback: number, max: number) => {
    const startAt = Number(ctx.query.get('startAt') ?? 0);
    const maxResults = Number(ctx.query.get('maxResults') ?? fallback);
    if (![startAt, maxResults].every((n) => Number.isInteger(n) && n >= 0)) {
      ctx.send(400, errorBody('startAt and maxResults must be non-negative integers'));
      return undefined;
    }
    return { startAt, maxResults: Math.min(maxResults, max) };
  };
  const createMetaProject = (ctx: RouteContext): FakeProject | undefined => {
    const project = site.projectOf(ctx.params[0]);
    if (!project) {
      ctx.send(400, errorBody(`No project could be found with key '${ctx.params[0]}'.`));
    }
    return project;
  };

  return [
    {
      method: 'PUT',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        const fields = fieldsObject(ctx);
        if (!fields) return;
        const errors = editErrors(fields);
        if (Object.keys(errors).length > 0) return ctx.send(400, { errorMessages: [], errors });
        applyFields(issue, fields);
        ctx.send(204);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        site.issues.splice(site.issues.indexOf(issue), 1);
        comments.delete(issue.id);
        watchers.delete(issue.id);
        ctx.send(204);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        const withFields = (ctx.query.get('expand') ?? '')
          .split(',')
          .includes('transitions.fields');
        const only = ctx.query.get('transitionId');
        ctx.send(200, {
          expand: 'transitions',
          transitions: transitionsOf(issue)
            .filter((t) => only === null || t.id === only)
            .map((t) => ({
              id: t.id,
              name: t.name,
              to: { ...t.to, self: `${site.base(ctx)}/rest/api/3/status/${t.to.id}` },
              hasScreen: t.id === '31',
              isGlobal: true,
              isInitial: false,
              isAvailable: true,
              isConditional: false,
              isLooped: false,
              ...(withFields
                ? {
                    fields:
                      t.id === '31'
                        ? {
                            resolution: {
                              required: true,
                              schema: { type: 'resolution', system: 'resolution' },
                              name: 'Resolution',
                              key: 'resolution',
                              hasDefaultValue: false,
                              operations: ['set'],
                              allowedValues: RESOLUTIONS.map((name, i) => ({
                                id: String(10000 + i),
                                name,
                              })),
                            },
                          }
                        : {},
                  }
                : {}),
            })),
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        const body = (ctx.body ?? {}) as {
          transition?: { id?: unknown };
          fields?: Record<string, unknown>;
          update?: { comment?: Array<{ add?: { body?: unknown } }> };
        };
        const raw = body.transition?.id;
        const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
        const transition = transitionsOf(issue).find((t) => t.id === id);
        if (!transition) {
          return ctx.send(400, errorBody(`Transition id '${id}' is not valid for this issue.`));
        }
        const fields = body.fields ?? {};
        const errors: Record<string, string> = {};
        const screen = transition.id === '31' ? ['resolution'] : [];
        for (const name of Object.keys(fields)) {
          if (!screen.includes(name)) errors[name] = cannotBeSet(name);
        }
        const resolution = fields.resolution as { name?: string } | undefined;
        if (transition.id === '31') {
          if (resolution === undefined) errors.resolution = 'Resolution is required.';
          else if (!RESOLUTIONS.includes(resolution.name ?? '')) {
            errors.resolution = `Could not find valid 'id' or 'name' in resolution object.`;
          }
        }
        const added = (body.update?.comment ?? []).map((op) => op.add?.body);
        if (added.some((comment) => !isAdf(comment))) {
          errors.comment = 'Comment body can not be empty!';
        }
        if (Object.keys(errors).length > 0) return ctx.send(400, { errorMessages: [], errors });
        issue.fields.status = transition.to;
        issue.fields.resolution = resolution ? { name: resolution.name } : null;
        for (const comment of added) {
          addComment(issue, ctx.account.accountId, comment, new Date().toISOString());
        }
        ctx.send(204);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        const paging = pagingOf(ctx, COMMENTS_MAX_PAGE, COMMENTS_MAX_PAGE);
        if (!paging) return;
        const newestFirst = ctx.query.get('orderBy') === '-created';
        const all = [...commentsOf(issue)].sort(
          (a, b) =>
            (a.created.localeCompare(b.created) || Number(a.id) - Number(b.id)) *
            (newestFirst ? -1 : 1),
        );
        const page = all.slice(paging.startAt, paging.startAt + paging.maxResults);
        ctx.send(200, {
          comments: page.map((c) => commentDto(ctx, issue, c)),
          maxResults: paging.maxResults,
          startAt: paging.startAt,
          total: all.length,
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        const body = (ctx.body ?? {}) as { body?: unknown; visibility?: Record<string, unknown> };
        if (!isAdf(body.body)) {
          return ctx.send(400, {
            errorMessages: [],
            errors: { comment: 'Comment body can not be empty!' },
          });
        }
        const visibility = body.visibility;
        if (
          visibility?.type === 'role' &&
          !['Administrators', 'Developers', 'Users'].includes(String(visibility.value))
        ) {
          return ctx.send(400, {
            errorMessages: [],
            errors: {
              commentLevel: `You are currently not a member of the project role: ${String(visibility.value)}.`,
            },
          });
        }
        if (
          visibility?.type === 'group' &&
          !site.groups.some(
            (g) => g.groupId === visibility.identifier || g.name === visibility.value,
          )
        ) {
          return ctx.send(400, {
            errorMessages: [],
            errors: { commentLevel: 'Group: does not exist.' },
          });
        }
        const comment = addComment(
          issue,
          ctx.account.accountId,
          body.body,
          new Date().toISOString(),
        );
        if (visibility) comment.visibility = visibility;
        ctx.send(201, commentDto(ctx, issue, comment));
      },
    },
    {
      method: 'PUT',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/assignee$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        const accountId = (ctx.body as { accountId?: unknown } | undefined)?.accountId;
        if (accountId === null) {
          issue.fields.assignee = null;
          return ctx.send(204);
        }
        const user = typeof accountId === 'string' ? userById(accountId) : undefined;
        if (!user || !user.active || user.accountType !== 'atlassian') {
          return ctx.send(400, {
            errorMessages: [],
            errors: {
              assignee: `User '${typeof accountId === 'string' ? accountId : JSON.stringify(accountId)}' cannot be assigned issues.`,
            },
          });
        }
        issue.fields.assignee = { accountId: user.accountId, displayName: user.displayName };
        ctx.send(204);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/watchers$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        const ids = watchersOf(issue);
        ctx.send(200, {
          self: `${site.base(ctx)}/rest/api/3/issue/${issue.key}/watchers`,
          isWatching: ids.includes(ctx.account.accountId),
          watchCount: ids.length,
          watchers: ids
            .map(userById)
            .filter((u): u is FakeUser => u !== undefined)
            .map((u) => site.userDto(ctx, u)),
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/watchers$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        // The body is a JSON string; an object (`{"accountId": …}`) is a common mistake.
        if (typeof ctx.body !== 'string') {
          return ctx.send(
            400,
            errorBody('The request body must be a JSON string holding an account ID.'),
          );
        }
        const user = userById(ctx.body);
        if (!user) {
          return ctx.send(404, errorBody(`The user with account ID '${ctx.body}' does not exist.`));
        }
        const ids = watchersOf(issue);
        if (!ids.includes(user.accountId)) ids.push(user.accountId);
        ctx.send(204);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/watchers$/,
      handle: (ctx) => {
        const issue = issueFrom(ctx);
        if (!issue) return;
        const accountId = ctx.query.get('accountId');
        if (!accountId) return ctx.send(400, errorBody('accountId must be provided'));
        if (!userById(accountId)) {
          return ctx.send(
            404,
            errorBody(`The user with account ID '${accountId}' does not exist.`),
          );
        }
        watchers.set(
          issue.id,
          watchersOf(issue).filter((id) => id !== accountId),
        );
        ctx.send(204);
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/api\/3\/group$/,
      handle: (ctx) => {
        const name = (ctx.body as { name?: unknown } | undefined)?.name;
        if (typeof name !== 'string' || name.trim() === '') {
          return ctx.send(400, errorBody('You must specify a group name.'));
        }
        if (site.groups.some((g) => g.name.toLowerCase() === name.toLowerCase())) {
          return ctx.send(400, errorBody('A group with this name already exists.'));
        }
        const group: FakeGroup = { name, groupId: randomUUID(), members: [] };
        site.groups.push(group);
        ctx.send(201, {
          name: group.name,
          groupId: group.groupId,
          self: `${site.base(ctx)}/rest/api/3/group?groupId=${group.groupId}`,
          users: { size: 0, items: [], 'max-results': 50, 'start-index': 0, 'end-index': 0 },
          expand: 'users',
        });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/api\/3\/group$/,
      handle: (ctx) => {
        const group = site.groupFrom(ctx);
        if (!group) return;
        const swap = ctx.query.get('swapGroupId');
        if (swap !== null && !site.groups.some((g) => g.groupId === swap && g !== group)) {
          return ctx.send(404, errorBody(`Group with groupId '${swap}' does not exist.`));
        }
        site.groups.splice(site.groups.indexOf(group), 1);
        ctx.send(200);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/issue\/createmeta\/([^/]+)\/issuetypes$/,
      handle: (ctx) => {
        const project = createMetaProject(ctx);
        if (!project) return;
        const paging = pagingOf(ctx, 50, CREATE_META_MAX_PAGE);
        if (!paging) return;
        const page = ISSUE_TYPES.slice(paging.startAt, paging.startAt + paging.maxResults);
        ctx.send(200, {
          issueTypes: page.map((t) => issueTypeDto(ctx, site, t)),
          maxResults: paging.maxResults,
          startAt: paging.startAt,
          total: ISSUE_TYPES.length,
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/issue\/createmeta\/([^/]+)\/issuetypes\/([^/]+)$/,
      handle: (ctx) => {
        const project = createMetaProject(ctx);
        if (!project) return;
        const typeId = ctx.params[1];
        if (!ISSUE_TYPES.some((t) => t.id === typeId)) {
          return ctx.send(
            400,
            errorBody(
              `Issue type with id '${typeId}' does not exist or is not valid for project '${project.key}'.`,
            ),
          );
        }
        const paging = pagingOf(ctx, 50, CREATE_META_MAX_PAGE);
        if (!paging) return;
        const all = createFieldsOf(project, typeId).map((f) => ({ ...f, key: f.fieldId }));
        ctx.send(200, {
          fields: all.slice(paging.startAt, paging.startAt + paging.maxResults),
          maxResults: paging.maxResults,
          startAt: paging.startAt,
          total: all.length,
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/issuetype$/,
      handle: (ctx) =>
        ctx.send(
          200,
          ISSUE_TYPES.map((t) => issueTypeDto(ctx, site, t)),
        ),
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/priority$/,
      handle: (ctx) =>
        ctx.send(
          200,
          PRIORITIES.map((p) => ({ ...p, self: `${site.base(ctx)}/rest/api/3/priority/${p.id}` })),
        ),
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/status$/,
      handle: (ctx) =>
        ctx.send(
          200,
          STATUSES.map((s) => ({
            ...s,
            description: '',
            self: `${site.base(ctx)}/rest/api/3/status/${s.id}`,
            scope: { type: 'GLOBAL' },
          })),
        ),
    },
  ];
}

function issueTypeDto(ctx: RouteContext, site: JiraSite, type: (typeof ISSUE_TYPES)[number]) {
  return {
    self: `${site.base(ctx)}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    name: type.name,
    description: `A ${type.name.toLowerCase()}.`,
    subtask: false,
    hierarchyLevel: type.hierarchyLevel,
  };
}

function isLabel(value: unknown): boolean {
  return typeof value === 'string' && /^\S{1,255}$/.test(value);
}

export function adf(text: string) {
  return {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  };
}

/** A minimal ADF check: a version 1 doc whose text nodes are not empty. */
export function isAdf(value: unknown): boolean {
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
