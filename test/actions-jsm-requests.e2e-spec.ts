import { JSM_MAX_PAGE } from './fake-atlassian/jsm-routes';
import { JsmHub, startJsmHub } from './support/jsm-hub';

const FIELDS_PATH = (desk: string, type: string) =>
  `/rest/servicedeskapi/servicedesk/${desk}/requesttype/${type}/field`;

describe('JSM request types and the request lifecycle', () => {
  let jsm: JsmHub;

  beforeAll(async () => {
    jsm = await startJsmHub('jsm-requests-token');
  });
  afterEach(() => jsm.fake.clearFaults());
  afterAll(() => jsm?.close());

  const ids = (outputs: { items: Array<{ id: string }> }) => outputs.items.map((item) => item.id);

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
});
