import { FakeRoute, RouteContext } from './fake-atlassian.server';
import {
  accountIdsOf,
  existingAccountIdsOf,
  accountReporter,
  dateDto,
  FakeApproval,
  FakeComment,
  FakeRequest,
  jsmError,
  JsmState,
  linksBase,
  QUEUES,
  requestDto,
  sendPage,
  userDto,
  WORKFLOW,
} from './jsm-state';

const OWNERSHIPS = [
  'OWNED_REQUESTS',
  'PARTICIPATED_REQUESTS',
  'ORGANIZATION',
  'ALL_ORGANIZATIONS',
  'APPROVER',
  'ALL_REQUESTS',
];

/**
 * The customer request lifecycle: request types and their fields, the request list, status
 * history, comments, transitions, participants, approvals, SLAs, notifications and queues.
 */
export function jsmRequestRoutes(state: JsmState): FakeRoute[] {
  const noDesk = (ctx: RouteContext, id: string) =>
    ctx.send(
      404,
      jsmError(`Service Desk with id ${id} does not exist`, 'sd.servicedesk.error.not.found', [id]),
    );
  /** The request named by the path, or a 404 answered. */
  const requestOf = (ctx: RouteContext): FakeRequest | undefined => {
    const request = state.findRequest(ctx.params[0]);
    if (!request) {
      ctx.send(
        404,
        jsmError(
          'Request does not exist or you do not have permission to see it.',
          'sd.customer.request.error.not.found',
          [ctx.params[0]],
        ),
      );
    }
    return request;
  };
  const person = (accountId: string) => {
    const user = state.user(accountId);
    return user ?? { accountId, displayName: accountId };
  };
  const commentDto = (ctx: RouteContext, request: FakeRequest, comment: FakeComment) => ({
    _expands: ['attachment', 'renderedBody'],
    id: comment.id,
    body: comment.body,
    public: comment.public,
    author: userDto(ctx, comment.author),
    created: dateDto(comment.created),
    _links: {
      self: `${linksBase(ctx)}/rest/servicedeskapi/request/${request.issueId}/comment/${comment.id}`,
    },
  });
  const approvalDto = (ctx: RouteContext, request: FakeRequest, approval: FakeApproval) => ({
    id: approval.id,
    name: approval.name,
    finalDecision: approval.finalDecision,
    canAnswerApproval: approval.finalDecision === 'pending',
    approvers: approval.approvers.map((approver) => ({
      approver: userDto(ctx, person(approver.accountId)),
      approverDecision: approver.decision,
    })),
    createdDate: dateDto(approval.created),
    ...(approval.completed ? { completedDate: dateDto(approval.completed) } : {}),
    _links: {
      self: `${linksBase(ctx)}/rest/servicedeskapi/request/${request.issueId}/approval/${approval.id}`,
    },
  });
  const isOpen = (request: FakeRequest) => WORKFLOW[request.status].category !== 'DONE';
  const hour = 3_600_000;
  const slaDtos = (ctx: RouteContext, request: FakeRequest) => {
    const start = request.created;
    const cycle = (goalHours: number) => ({
      startTime: dateDto(start),
      breachTime: dateDto(new Date(start.getTime() + goalHours * hour)),
      breached: false,
      goalDuration: { millis: goalHours * hour, friendly: `${goalHours}h` },
      elapsedTime: { millis: hour, friendly: '1h' },
      remainingTime: { millis: (goalHours - 1) * hour, friendly: `${goalHours - 1}h` },
    });
    const sla = (id: string, name: string, goalHours: number) => ({
      id,
      name,
      ...(isOpen(request)
        ? {
            ongoingCycle: { ...cycle(goalHours), paused: false, withinCalendarHours: true },
            completedCycles: [],
          }
        : {
            completedCycles: [
              { ...cycle(goalHours), stopTime: dateDto(request.statusHistory[0].date) },
            ],
          }),
      _links: {
        self: `${linksBase(ctx)}/rest/servicedeskapi/request/${request.issueId}/sla/${id}`,
      },
    });
    return [sla('1', 'Time to first response', 4), sla('2', 'Time to resolution', 24)];
  };

  return [
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/requesttype$/,
      handle: (ctx) => {
        const serviceDesk = state.findDesk(ctx.params[0]);
        if (!serviceDesk) return noDesk(ctx, ctx.params[0]);
        const search = (ctx.query.get('searchQuery') ?? '').toLowerCase();
        const groupId = ctx.query.get('groupId');
        const types = state
          .requestTypesOf(serviceDesk)
          .filter((type) => !groupId || type.groupIds.includes(groupId))
          .filter(
            (type) =>
              !search ||
              type.name.toLowerCase().includes(search) ||
              type.description.toLowerCase().includes(search),
          );
        sendPage(
          ctx,
          types.map((type) => ({
            _expands: ['field'],
            id: type.id,
            name: type.name,
            description: type.description,
            helpText: '',
            issueTypeId: '10004',
            serviceDeskId: serviceDesk.id,
            portalId: serviceDesk.id,
            groupIds: type.groupIds,
            restrictionStatus: 'OPEN',
            canCreateRequest: true,
            _links: {
              self: `${linksBase(ctx)}/rest/servicedeskapi/servicedesk/${serviceDesk.id}/requesttype/${type.id}`,
            },
          })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/requesttype\/([^/]+)\/field$/,
      handle: (ctx) => {
        const serviceDesk = state.findDesk(ctx.params[0]);
        if (!serviceDesk) return noDesk(ctx, ctx.params[0]);
        const type = state.requestTypesOf(serviceDesk).find((t) => t.id === ctx.params[1]);
        if (!type) {
          return ctx.send(
            404,
            jsmError(
              `The request type ${ctx.params[1]} does not exist in service desk ${serviceDesk.id}.`,
              'sd.requesttype.error.not.found',
              [ctx.params[1]],
            ),
          );
        }
        const hidden = ctx.query.getAll('expand').includes('hiddenFields');
        ctx.send(200, {
          canRaiseOnBehalfOf: true,
          canAddRequestParticipants: true,
          requestTypeFields: type.fields
            .filter((field) => field.visible || hidden)
            .map((field) => ({
              fieldId: field.fieldId,
              name: field.name,
              description: '',
              required: field.required,
              visible: field.visible,
              validValues: (field.validValues ?? []).map((value) => ({
                value,
                label: value,
                children: [],
              })),
              defaultValues: [],
              presetValues: [],
              jiraSchema: field.schema,
            })),
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/request$/,
      handle: (ctx) => {
        const me = ctx.account.accountId;
        const serviceDeskId = ctx.query.get('serviceDeskId');
        const requestTypeId = ctx.query.get('requestTypeId');
        if (requestTypeId && !serviceDeskId) {
          return ctx.send(
            400,
            jsmError(
              'The serviceDeskId must be given with requestTypeId.',
              'sd.customer.request.list.error.requesttype.without.servicedesk',
            ),
          );
        }
        if (serviceDeskId && !state.findDesk(serviceDeskId)) return noDesk(ctx, serviceDeskId);
        const asked = ctx.query.getAll('requestOwnership');
        const unknown = asked.find((value) => !OWNERSHIPS.includes(value));
        if (unknown) {
          return ctx.send(
            400,
            jsmError(`Invalid requestOwnership: ${unknown}`, 'sd.request.ownership.invalid', [
              unknown,
            ]),
          );
        }
        const ownership =
          asked.length > 0
            ? asked
            : ['OWNED_REQUESTS', 'PARTICIPATED_REQUESTS', 'ALL_ORGANIZATIONS'];
        const myOrganizations = state.organizations.filter((o) => o.users.includes(me));
        const owned = (r: FakeRequest) =>
          ownership.includes('ALL_REQUESTS') ||
          (ownership.includes('OWNED_REQUESTS') && r.reporter.accountId === me) ||
          (ownership.includes('PARTICIPATED_REQUESTS') && r.participants.includes(me)) ||
          (ownership.includes('APPROVER') &&
            r.approvals.some((a) => a.approvers.some((x) => x.accountId === me))) ||
          (ownership.includes('ALL_ORGANIZATIONS') &&
            myOrganizations.some((o) => o.users.includes(r.reporter.accountId)));
        const status = ctx.query.get('requestStatus') ?? 'ALL_REQUESTS';
        const search = (ctx.query.get('searchTerm') ?? '').toLowerCase();
        const matching = state.requests
          .filter(owned)
          .filter((r) => !serviceDeskId || state.findDesk(serviceDeskId)?.id === r.serviceDeskId)
          .filter((r) => !requestTypeId || r.requestTypeId === requestTypeId)
          .filter((r) => status === 'ALL_REQUESTS' || (status === 'OPEN_REQUESTS') === isOpen(r))
          .filter((r) => !search || String(r.fields.summary).toLowerCase().includes(search))
          // Latest activity first.
          .reverse();
        sendPage(
          ctx,
          matching.map((r) => requestDto(ctx, r)),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/status$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        sendPage(
          ctx,
          request.statusHistory.map((entry) => ({
            status: entry.status,
            statusCategory: WORKFLOW[entry.status].category,
            statusDate: dateDto(entry.date),
          })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/comment$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        const wantPublic = ctx.query.get('public') !== 'false';
        const wantInternal = ctx.query.get('internal') !== 'false';
        const comments = request.comments.filter((c) => (c.public ? wantPublic : wantInternal));
        sendPage(
          ctx,
          comments.map((comment) => commentDto(ctx, request, comment)),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/comment$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        const { body, public: isPublic } = (ctx.body ?? {}) as { body?: unknown; public?: unknown };
        if (typeof isPublic !== 'boolean') {
          return ctx.send(
            400,
            jsmError('The public field is required.', 'sd.comment.error.public.required'),
          );
        }
        if (typeof body !== 'string' || body.trim() === '') {
          return ctx.send(
            400,
            jsmError('Comment body cannot be empty.', 'sd.comment.error.body.empty'),
          );
        }
        const comment = state.addComment(request, accountReporter(ctx.account), body, isPublic);
        ctx.send(201, commentDto(ctx, request, comment));
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/transition$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        sendPage(
          ctx,
          WORKFLOW[request.status].transitions.map(({ id, name }) => ({ id, name })),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/transition$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        const { id, additionalComment } = (ctx.body ?? {}) as {
          id?: unknown;
          additionalComment?: { body?: unknown };
        };
        const transition = WORKFLOW[request.status].transitions.find((t) => t.id === id);
        if (!transition) {
          // What JSM says to a transition the request's current status does not offer.
          return ctx.send(
            400,
            jsmError(
              `The transition with ID ${String(id)} is not valid for request ${request.issueKey}.`,
              'sd.customer.transition.error.invalid.transition',
              [String(id)],
            ),
          );
        }
        state.moveTo(request, transition.to);
        if (typeof additionalComment?.body === 'string') {
          state.addComment(request, accountReporter(ctx.account), additionalComment.body, true);
        }
        ctx.send(204);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/participant$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        sendPage(
          ctx,
          request.participants.map((id) => userDto(ctx, person(id))),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/participant$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        const accountIds = existingAccountIdsOf(
          ctx,
          state,
          'sd.request.participants.error.users.not.found',
        );
        if (!accountIds) return;
        for (const id of accountIds) {
          if (!request.participants.includes(id)) request.participants.push(id);
        }
        sendPage(
          ctx,
          accountIds.map((id) => userDto(ctx, person(id))),
        );
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/participant$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        const accountIds = accountIdsOf(ctx);
        if (!accountIds) return;
        const notParticipants = accountIds.filter((id) => !request.participants.includes(id));
        if (notParticipants.length > 0) {
          return ctx.send(
            400,
            jsmError(
              `The following users are not participants of this request: ${notParticipants.join(', ')}`,
              'sd.request.participants.error.not.participant',
              notParticipants,
            ),
          );
        }
        request.participants = request.participants.filter((id) => !accountIds.includes(id));
        sendPage(
          ctx,
          request.participants.map((id) => userDto(ctx, person(id))),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/approval$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        sendPage(
          ctx,
          request.approvals.map((approval) => approvalDto(ctx, request, approval)),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/approval\/([^/]+)$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        const approval = request.approvals.find((a) => a.id === ctx.params[1]);
        if (!approval) {
          return ctx.send(
            404,
            jsmError(
              `The approval with ID ${ctx.params[1]} does not exist.`,
              'sd.approval.error.not.found',
              [ctx.params[1]],
            ),
          );
        }
        const { decision } = (ctx.body ?? {}) as { decision?: unknown };
        if (decision !== 'approve' && decision !== 'decline') {
          return ctx.send(
            400,
            jsmError(
              'The decision must be approve or decline.',
              'sd.approval.error.decision.invalid',
            ),
          );
        }
        if (approval.finalDecision !== 'pending') {
          return ctx.send(
            409,
            jsmError(
              'This approval has already been completed.',
              'sd.approval.error.already.completed',
              [approval.id],
            ),
          );
        }
        const outcome = decision === 'approve' ? 'approved' : 'declined';
        approval.approvers = approval.approvers.map((a) => ({ ...a, decision: outcome }));
        approval.finalDecision = outcome;
        approval.completed = new Date();
        ctx.send(200, approvalDto(ctx, request, approval));
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/sla$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        sendPage(ctx, slaDtos(ctx, request));
      },
    },
    {
      method: 'PUT',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/notification$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        request.subscribers.add(ctx.account.accountId);
        ctx.send(204);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/rest\/servicedeskapi\/request\/([^/]+)\/notification$/,
      handle: (ctx) => {
        const request = requestOf(ctx);
        if (!request) return;
        request.subscribers.delete(ctx.account.accountId);
        ctx.send(204);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/queue$/,
      handle: (ctx) => {
        const serviceDesk = state.findDesk(ctx.params[0]);
        if (!serviceDesk) return noDesk(ctx, ctx.params[0]);
        const withCount = ctx.query.get('includeCount') === 'true';
        sendPage(
          ctx,
          QUEUES.filter((queue) => queue.serviceDeskId === serviceDesk.id).map((queue) => ({
            id: queue.id,
            name: queue.name,
            jql: queue.jql,
            fields: ['issuetype', 'issuekey', 'summary', 'status'],
            ...(withCount ? { issueCount: queueRequests(queue).length } : {}),
            _links: {
              self: `${linksBase(ctx)}/rest/servicedeskapi/servicedesk/${serviceDesk.id}/queue/${queue.id}`,
            },
          })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/servicedeskapi\/servicedesk\/([^/]+)\/queue\/([^/]+)\/issue$/,
      handle: (ctx) => {
        const serviceDesk = state.findDesk(ctx.params[0]);
        if (!serviceDesk) return noDesk(ctx, ctx.params[0]);
        const queue = QUEUES.find(
          (q) => q.id === ctx.params[1] && q.serviceDeskId === serviceDesk.id,
        );
        if (!queue) {
          return ctx.send(
            404,
            jsmError(`Queue with id ${ctx.params[1]} does not exist.`, 'sd.queue.error.not.found', [
              ctx.params[1],
            ]),
          );
        }
        sendPage(
          ctx,
          queueRequests(queue).map((r) => ({
            id: r.issueId,
            key: r.issueKey,
            self: `${linksBase(ctx)}/rest/api/2/issue/${r.issueId}`,
            fields: {
              summary: r.fields.summary,
              issuetype: { id: '10004', name: 'Service Request' },
              status: { name: r.status, statusCategory: { key: WORKFLOW[r.status].category } },
            },
          })),
        );
      },
    },
  ];

  function queueRequests(queue: (typeof QUEUES)[number]): FakeRequest[] {
    return state.requests.filter(
      (r) => r.serviceDeskId === queue.serviceDeskId && isOpen(r) === queue.open,
    );
  }
}
