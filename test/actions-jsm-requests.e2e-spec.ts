import { EXAMPLE_CUSTOMERS, JSM_MAX_PAGE } from './fake-atlassian/jsm-routes';
import { JsmHub, Outputs, startJsmHub } from './support/jsm-hub';

const FIELDS_PATH = (desk: string, type: string) =>
  `/rest/servicedeskapi/servicedesk/${desk}/requesttype/${type}/field`;

describe('JSM request types and the request lifecycle', () => {
  let jsm: JsmHub;

  beforeAll(async () => {
    jsm = await startJsmHub('jsm-requests-token');
  });
  afterEach(() => jsm.fake.clearFaults());
  afterAll(() => jsm?.close());

  const ids = (outputs: Outputs): string[] =>
    (outputs.items as Array<{ id: string }>).map((item) => item.id);

  describe('jsm.list_request_types', () => {
    it("lists a desk's request types, searched and paged", async () => {
      expect(ids(await jsm.success('jsm.list_request_types', { serviceDeskId: '1' }))).toEqual([
        '1',
        '2',
      ]);
      const before = jsm.fake.requests.length;
      const found = await jsm.success('jsm.list_request_types', {
        serviceDeskId: '1',
        searchQuery: 'hardware',
      });
      expect(found.items).toEqual([
        expect.objectContaining({ id: '2', name: 'Request new hardware', serviceDeskId: '1' }),
      ]);
      expect(jsm.sentSince(before)).toEqual([
        `GET /rest/servicedeskapi/servicedesk/1/requesttype?searchQuery=hardware&start=0&limit=${JSM_MAX_PAGE}`,
      ]);

      const first = await jsm.success('jsm.list_request_types', { serviceDeskId: '1', limit: 1 });
      expect(ids(first)).toEqual(['1']);
      expect(first.next).toEqual({ start: 1 });
      const second = await jsm.success('jsm.list_request_types', {
        serviceDeskId: '1',
        limit: 1,
        ...first.next,
      });
      expect(ids(second)).toEqual(['2']);
      expect(second.next).toBeNull();
    });

    it('filters by request type group, and carries the 404 of an unknown desk', async () => {
      const grouped = await jsm.success('jsm.list_request_types', {
        serviceDeskId: '1',
        groupId: '2',
      });
      expect(ids(grouped)).toEqual(['2']);
      expect(jsm.last('/requesttype').path).toContain('groupId=2');
      const missing = await jsm
        .execute('jsm.list_request_types', { serviceDeskId: '999' })
        .expect(502);
      expect(missing.body.error).toEqual(expect.objectContaining({ httpStatus: 404 }));
    });
  });

  describe('jsm.get_request_type_fields', () => {
    it('names the required fields and the valid values of each', async () => {
      const fields = await jsm.success('jsm.get_request_type_fields', {
        serviceDeskId: '2',
        requestTypeId: '3',
      });
      expect(fields.requiredFieldIds).toEqual(['summary', 'customfield_10010']);
      const office = fields.requestTypeFields.find(
        (field: { fieldId: string }) => field.fieldId === 'customfield_10010',
      );
      expect(office).toEqual(expect.objectContaining({ name: 'Office location', required: true }));
      expect(office.validValues.map((v: { value: string }) => v.value)).toEqual([
        'Berlin',
        'Lisbon',
        'Sydney',
      ]);
      expect(fields.canRaiseOnBehalfOf).toBe(true);
      expect(jsm.last('/field').path).not.toContain('expand');
    });

    it('lists hidden fields only when asked, and never as required', async () => {
      const visible = await jsm.success('jsm.get_request_type_fields', {
        serviceDeskId: '1',
        requestTypeId: '2',
      });
      const fieldIds = (outputs: typeof visible): string[] =>
        (outputs.requestTypeFields as Array<{ fieldId: string }>).map((field) => field.fieldId);
      expect(fieldIds(visible)).toEqual(['summary', 'description', 'customfield_10050']);
      const all = await jsm.success('jsm.get_request_type_fields', {
        serviceDeskId: '1',
        requestTypeId: '2',
        includeHidden: true,
      });
      expect(fieldIds(all)).toContain('customfield_10060');
      expect(all.requiredFieldIds).toEqual(['summary']);
      expect(jsm.last('/field').path).toContain('expand=hiddenFields');
    });
  });

  describe("jsm.create_request checks the request type's fields first", () => {
    it('refuses a missing required field with 400, sending no request to create', async () => {
      const before = jsm.fake.requests.length;
      const response = await jsm
        .execute('jsm.create_request', {
          serviceDeskId: '2',
          requestTypeId: '3',
          requestFieldValues: { summary: 'Welcome Ana' },
        })
        .expect(400);
      expect(response.body.errors).toEqual([
        {
          field: 'inputs.requestFieldValues.customfield_10010',
          rule: 'required',
          message:
            'inputs.requestFieldValues.customfield_10010 (Office location) is required by request type 3',
        },
      ]);
      expect(jsm.sentSince(before)).toEqual([`GET ${FIELDS_PATH('2', '3')}?expand=hiddenFields`]);
      // The refusal is in the history like any other.
      const execution = await jsm.admin
        .get(`/api/executions/${response.body.executionId}`)
        .expect(200);
      expect(execution.body.status).toBe('error');
    });

    it('refuses fields the request type does not have, naming each with its own rule', async () => {
      const before = jsm.fake.requests.length;
      const response = await jsm
        .execute('jsm.create_request', {
          serviceDeskId: '2',
          requestTypeId: '3',
          requestFieldValues: { summary: 'Welcome Ana', customfield_10050: 'Laptop', office: '' },
        })
        .expect(400);
      expect(
        response.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]),
      ).toEqual([
        ['inputs.requestFieldValues.customfield_10010', 'required'],
        ['inputs.requestFieldValues.customfield_10050', 'unknownField'],
        ['inputs.requestFieldValues.office', 'unknownField'],
      ]);
      expect(response.body.errors[1].message).toContain(
        'is not a field of request type 3 (its fields: summary, customfield_10010, customfield_10011)',
      );
      expect(jsm.fake.requests.slice(before).map((r) => r.method)).toEqual(['GET']);
    });

    it('counts a blank required value as missing', async () => {
      const response = await jsm
        .execute('jsm.create_request', {
          serviceDeskId: '2',
          requestTypeId: '3',
          requestFieldValues: { summary: 'Welcome Ana', customfield_10010: '  ' },
        })
        .expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          field: 'inputs.requestFieldValues.customfield_10010',
          rule: 'required',
        }),
      ]);
    });

    it('creates the request when the fields fit, a hidden field included', async () => {
      const before = jsm.fake.requests.length;
      const created = await jsm.success('jsm.create_request', {
        serviceDeskId: '1',
        requestTypeId: '2',
        requestFieldValues: {
          summary: 'Second monitor',
          customfield_10050: 'Monitor',
          customfield_10060: 'CC-200',
        },
      });
      expect(created.issueKey).toMatch(/^SD-\d+$/);
      expect(jsm.sentSince(before)).toEqual([
        `GET ${FIELDS_PATH('1', '2')}?expand=hiddenFields`,
        'POST /rest/servicedeskapi/request',
      ]);
    });

    it("with checkFields false sends at once, and carries Atlassian's own missing-field error", async () => {
      const before = jsm.fake.requests.length;
      const response = await jsm
        .execute('jsm.create_request', {
          serviceDeskId: '2',
          requestTypeId: '3',
          requestFieldValues: { summary: 'Welcome Ana' },
          checkFields: false,
        })
        .expect(502);
      expect(jsm.sentSince(before)).toEqual(['POST /rest/servicedeskapi/request']);
      expect(response.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 400,
          message: expect.stringContaining('Office location is required'),
          details: expect.objectContaining({
            errorMessage: expect.stringContaining('Office location is required'),
          }),
        }),
      );
    });
  });
  describe('jsm.list_requests', () => {
    it("lists the caller's own requests by default and a desk's with ALL_REQUESTS", async () => {
      const own = await jsm.success('jsm.list_requests', {});
      const ownKeys = (own.items as Array<{ reporter: { accountId: string } }>).map(
        (r) => r.reporter.accountId,
      );
      expect(ownKeys.every((accountId) => accountId === jsm.bot.accountId)).toBe(true);

      const before = jsm.fake.requests.length;
      const desk = await jsm.success('jsm.list_requests', {
        serviceDeskId: '1',
        requestOwnership: ['ALL_REQUESTS'],
        requestStatus: 'OPEN_REQUESTS',
        limit: 1,
      });
      expect(desk.items).toHaveLength(1);
      expect(desk.next).toEqual({ start: 1 });
      expect(jsm.sentSince(before)).toEqual([
        'GET /rest/servicedeskapi/request?serviceDeskId=1&requestStatus=OPEN_REQUESTS&requestOwnership=ALL_REQUESTS&start=0&limit=1',
      ]);
      const all = await jsm.success('jsm.list_requests', {
        serviceDeskId: '1',
        requestTypeId: '1',
        requestOwnership: ['ALL_REQUESTS'],
        searchTerm: 'laptop',
        fetchAll: true,
      });
      expect(all.items.map((r: { issueKey: string }) => r.issueKey)).toEqual(['SD-1']);
    });

    it('refuses a request type without its service desk, sending nothing', async () => {
      const before = jsm.fake.requests.length;
      const response = await jsm.execute('jsm.list_requests', { requestTypeId: '1' }).expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          rule: 'dependencies',
          message: expect.stringContaining('serviceDeskId when property requestTypeId'),
        }),
      ]);
      expect(jsm.fake.requests.length).toBe(before);
    });
  });

  describe('a request through its workflow', () => {
    const keysOf = (outputs: Outputs, field = 'id'): string[] =>
      (outputs.items as Array<Record<string, string>>).map((item) => item[field]);

    it('transitions with a comment, then offers the next status’s transitions', async () => {
      const offered = await jsm.success('jsm.list_request_transitions', { issueIdOrKey: 'SD-1' });
      expect(offered.items).toEqual([
        { id: '761', name: 'Resolve this issue' },
        { id: '781', name: 'Cancel request' },
      ]);
      const done = await jsm.success('jsm.transition_request', {
        issueIdOrKey: 'SD-1',
        transitionId: '761',
        comment: 'New battery fitted.',
      });
      expect(done).toEqual({ issueIdOrKey: 'SD-1', transitionId: '761' });
      expect(JSON.parse(jsm.last('/request/SD-1/transition').body)).toEqual({
        id: '761',
        additionalComment: { body: 'New battery fitted.' },
      });

      const history = await jsm.success('jsm.get_request_status_history', {
        issueIdOrKey: 'SD-1',
      });
      expect(keysOf(history, 'status')).toEqual(['Resolved', 'Waiting for support']);
      expect(history.items[0].statusCategory).toBe('DONE');
      const comments = await jsm.success('jsm.list_request_comments', { issueIdOrKey: 'SD-1' });
      expect(comments.items.at(-1)).toEqual(
        expect.objectContaining({ body: 'New battery fitted.', public: true }),
      );
      expect(
        keysOf(await jsm.success('jsm.list_request_transitions', { issueIdOrKey: 'SD-1' })),
      ).toEqual(['901']);
    });

    it("carries Atlassian's 400 for a transition the status does not offer, sent once", async () => {
      const before = jsm.fake.requests.length;
      const response = await jsm
        .execute('jsm.transition_request', { issueIdOrKey: 'SD-1', transitionId: '781' })
        .expect(502);
      expect(response.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 400,
          details: expect.objectContaining({
            errorMessage: 'The transition with ID 781 is not valid for request SD-1.',
          }),
        }),
      );
      expect(jsm.sentSince(before)).toEqual(['POST /rest/servicedeskapi/request/SD-1/transition']);
      // Reopen, as Resolved offers, without a comment: the body holds the id alone.
      await jsm.success('jsm.transition_request', { issueIdOrKey: 'SD-1', transitionId: '901' });
      expect(JSON.parse(jsm.last('/request/SD-1/transition').body)).toEqual({ id: '901' });
    });

    it('adds public and internal comments and lists them apart', async () => {
      const note = await jsm.success('jsm.add_request_comment', {
        issueIdOrKey: 'SD-2',
        body: 'Budget confirmed.',
        public: false,
      });
      expect(note).toEqual(expect.objectContaining({ body: 'Budget confirmed.', public: false }));
      expect(JSON.parse(jsm.last('/request/SD-2/comment').body)).toEqual({
        body: 'Budget confirmed.',
        public: false,
      });
      await jsm.success('jsm.add_request_comment', {
        issueIdOrKey: 'SD-2',
        body: 'Your monitor ships tomorrow.',
        public: true,
      });
      const internal = await jsm.success('jsm.list_request_comments', {
        issueIdOrKey: 'SD-2',
        public: false,
      });
      expect(keysOf(internal, 'body')).toEqual(['Budget confirmed.']);
      expect(jsm.last('/request/SD-2/comment').path).toContain('public=false&internal=true');
      const both = await jsm.success('jsm.list_request_comments', { issueIdOrKey: 'SD-2' });
      expect(keysOf(both, 'body')).toEqual(['Budget confirmed.', 'Your monitor ships tomorrow.']);
    });

    it('refuses a comment that does not say whether it is public, sending nothing', async () => {
      const before = jsm.fake.requests.length;
      const response = await jsm
        .execute('jsm.add_request_comment', { issueIdOrKey: 'SD-2', body: 'Hello' })
        .expect(400);
      expect(response.body.errors).toEqual([
        { field: 'inputs.public', rule: 'required', message: 'inputs.public is required' },
      ]);
      expect(jsm.fake.requests.length).toBe(before);
    });

    it('never repeats a comment after a 500, but retries an idempotent participant add', async () => {
      jsm.fake.injectFaults({ kind: 'status', status: 500, path: /SD-2\/comment$/ });
      const before = jsm.fake.requests.length;
      await jsm
        .execute('jsm.add_request_comment', { issueIdOrKey: 'SD-2', body: 'Once', public: true })
        .expect(502);
      expect(jsm.sentSince(before)).toHaveLength(1);

      jsm.fake.injectFaults({ kind: 'status', status: 503, path: /SD-2\/participant$/ });
      const added = await jsm.success('jsm.add_request_participants', {
        issueIdOrKey: 'SD-2',
        accountIds: [EXAMPLE_CUSTOMERS[1].accountId],
      });
      expect(added.participants).toEqual([
        expect.objectContaining({ accountId: EXAMPLE_CUSTOMERS[1].accountId }),
      ]);
      expect(jsm.fake.requestsTo('/request/SD-2/participant').slice(-2)).toHaveLength(2);
    });

    it('adds, lists and removes participants; Atlassian refuses a non-participant', async () => {
      const john = EXAMPLE_CUSTOMERS[1].accountId;
      await jsm.success('jsm.add_request_participants', {
        issueIdOrKey: 'HR-1',
        accountIds: [john],
      });
      const listed = await jsm.success('jsm.list_request_participants', { issueIdOrKey: 'HR-1' });
      expect(keysOf(listed, 'accountId')).toEqual([john]);
      const removed = await jsm.success('jsm.remove_request_participants', {
        issueIdOrKey: 'HR-1',
        accountIds: [john],
      });
      expect(removed).toEqual({ issueIdOrKey: 'HR-1', participants: [] });
      const last = jsm.last('/request/HR-1/participant');
      expect([last.method, JSON.parse(last.body)]).toEqual(['DELETE', { accountIds: [john] }]);
      const again = await jsm
        .execute('jsm.remove_request_participants', { issueIdOrKey: 'HR-1', accountIds: [john] })
        .expect(502);
      expect(again.body.error.httpStatus).toBe(400);
    });

    it('answers a pending approval once; Atlassian answers 409 to a second answer', async () => {
      const approvals = await jsm.success('jsm.list_request_approvals', { issueIdOrKey: 'HR-1' });
      expect(approvals.items).toEqual([
        expect.objectContaining({ id: '2', finalDecision: 'pending', canAnswerApproval: true }),
      ]);
      const declined = await jsm.success('jsm.answer_approval', {
        issueIdOrKey: 'HR-1',
        approvalId: '2',
        decision: 'decline',
      });
      expect(declined).toEqual(expect.objectContaining({ id: '2', finalDecision: 'declined' }));
      expect(JSON.parse(jsm.last('/request/HR-1/approval/2').body)).toEqual({
        decision: 'decline',
      });
      const twice = await jsm
        .execute('jsm.answer_approval', {
          issueIdOrKey: 'HR-1',
          approvalId: '2',
          decision: 'approve',
        })
        .expect(502);
      expect(twice.body.error.httpStatus).toBe(409);
      const bad = await jsm
        .execute('jsm.answer_approval', {
          issueIdOrKey: 'HR-1',
          approvalId: '2',
          decision: 'maybe',
        })
        .expect(400);
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ field: 'inputs.decision', rule: 'enum' }),
      ]);
    });

    it('reads the SLAs of a request', async () => {
      const slas = await jsm.success('jsm.get_request_sla', { issueIdOrKey: 'SD-2' });
      expect(keysOf(slas, 'name')).toEqual(['Time to first response', 'Time to resolution']);
      expect(slas.items[0].ongoingCycle).toEqual(
        expect.objectContaining({
          breached: false,
          goalDuration: expect.objectContaining({ millis: 4 * 3_600_000 }),
        }),
      );
    });

    it('subscribes and unsubscribes the connection account', async () => {
      const before = jsm.fake.requests.length;
      expect(await jsm.success('jsm.subscribe_request', { issueIdOrKey: 'SD-2' })).toEqual({
        issueIdOrKey: 'SD-2',
        subscribed: true,
      });
      expect(await jsm.success('jsm.unsubscribe_request', { issueIdOrKey: 'SD-2' })).toEqual({
        issueIdOrKey: 'SD-2',
        subscribed: false,
      });
      expect(jsm.sentSince(before)).toEqual([
        'PUT /rest/servicedeskapi/request/SD-2/notification',
        'DELETE /rest/servicedeskapi/request/SD-2/notification',
      ]);
    });

    it("carries Atlassian's 404 for an unknown request", async () => {
      const response = await jsm
        .execute('jsm.list_request_comments', { issueIdOrKey: 'SD-9999' })
        .expect(502);
      expect(response.body.error.httpStatus).toBe(404);
    });
  });

  describe('queues', () => {
    it("lists a desk's queues with counts and the requests of one", async () => {
      const queues = await jsm.success('jsm.list_queues', {
        serviceDeskId: '1',
        includeCount: true,
      });
      expect(queues.items).toEqual([
        expect.objectContaining({ id: '10', name: 'All open', issueCount: expect.any(Number) }),
        expect.objectContaining({ id: '11', name: 'Resolved', issueCount: expect.any(Number) }),
      ]);
      expect(jsm.last('/servicedesk/1/queue').path).toContain('includeCount=true');
      const open = await jsm.success('jsm.list_queue_issues', {
        serviceDeskId: '1',
        queueId: '10',
      });
      expect(open.items.length).toBe(queues.items[0].issueCount);
      expect(open.items[0]).toEqual(
        expect.objectContaining({
          key: expect.stringMatching(/^SD-\d+$/),
          fields: expect.objectContaining({ summary: expect.any(String) }),
        }),
      );
      const missing = await jsm
        .execute('jsm.list_queue_issues', { serviceDeskId: '2', queueId: '10' })
        .expect(502);
      expect(missing.body.error.httpStatus).toBe(404);
    });
  });
});
