import { EXAMPLE_CUSTOMERS, JSM_MAX_PAGE } from './fake-atlassian/jsm-routes';
import { ORG_4_USERS, SEEDED_ORGANIZATIONS } from './fake-atlassian/jsm-state';
import { JsmHub, Outputs, startJsmHub } from './support/jsm-hub';

const [JANE, JOHN] = EXAMPLE_CUSTOMERS.map((customer) => customer.accountId);

describe('JSM organizations', () => {
  let jsm: JsmHub;

  beforeAll(async () => {
    jsm = await startJsmHub('jsm-organizations-token');
  });
  afterEach(() => jsm.fake.clearFaults());
  afterAll(() => jsm?.close());

  const names = (outputs: Outputs): string[] =>
    (outputs.items as Array<{ name: string }>).map((item) => item.name);
  const accountIds = (outputs: Outputs): string[] =>
    (outputs.items as Array<{ accountId: string }>).map((item) => item.accountId);

  it('creates an organization, and answers the same one when the name exists', async () => {
    const created = await jsm.success('jsm.create_organization', { name: 'Initech' });
    expect(created).toEqual(expect.objectContaining({ id: expect.any(String), name: 'Initech' }));
    expect(JSON.parse(jsm.last('/rest/servicedeskapi/organization').body)).toEqual({
      name: 'Initech',
    });
    const again = await jsm.success('jsm.create_organization', { name: 'Initech' });
    expect(again.id).toBe(created.id);

    const tooLong = await jsm
      .execute('jsm.create_organization', { name: 'x'.repeat(201) })
      .expect(400);
    expect(tooLong.body.errors).toEqual([
      expect.objectContaining({ field: 'inputs.name', rule: 'maxLength' }),
    ]);
  });

  it('retries a create after a 503, since a repeat finds the same organization', async () => {
    jsm.fake.injectFaults({ kind: 'status', status: 503, path: /\/organization$/ });
    const before = jsm.fake.requests.length;
    const created = await jsm.success('jsm.create_organization', { name: 'Umbrella' });
    expect(created.name).toBe('Umbrella');
    expect(jsm.sentSince(before)).toEqual([
      'POST /rest/servicedeskapi/organization',
      'POST /rest/servicedeskapi/organization',
    ]);
  });

  it('lists every organization with fetchAll in the fewest requests', async () => {
    const first = await jsm.success('jsm.list_organizations', { limit: 2 });
    expect(names(first)).toEqual(['Atlas Coffee Co', 'Old Vendor Ltd']);
    expect(first.next).toEqual({ start: 2 });

    const before = jsm.fake.requests.length;
    const all = await jsm.success('jsm.list_organizations', { limit: 2, fetchAll: true });
    expect(all.items.length).toBeGreaterThanOrEqual(SEEDED_ORGANIZATIONS + 4);
    expect(all.next).toBeNull();
    const pages = Math.ceil(all.items.length / JSM_MAX_PAGE);
    expect(jsm.sentSince(before)).toHaveLength(pages);
    expect(jsm.sentSince(before)[0]).toBe(
      `GET /rest/servicedeskapi/organization?start=0&limit=${JSM_MAX_PAGE}`,
    );
  });

  it("lists a member's organizations, and a service desk's", async () => {
    const janes = await jsm.success('jsm.list_organizations', { accountId: JANE });
    expect(names(janes)).toEqual(['Atlas Coffee Co']);
    const desk = await jsm.success('jsm.list_organizations', { serviceDeskId: '1' });
    expect(names(desk)).toEqual(['Atlas Coffee Co', 'Northwind Traders']);
    expect(jsm.last('/servicedesk/1/organization').method).toBe('GET');
  });

  it('adds, lists and removes users; fetchAll pages through a large organization', async () => {
    const newcomer = jsm.fake.requests.length;
    const org = await jsm.success('jsm.create_organization', { name: 'Hooli' });
    await jsm.success('jsm.add_users_to_organization', {
      organizationId: org.id,
      accountIds: [JOHN, JANE],
    });
    expect(jsm.sentSince(newcomer).at(-1)).toBe(
      `POST /rest/servicedeskapi/organization/${org.id}/user`,
    );
    const users = await jsm.success('jsm.list_organization_users', { organizationId: org.id });
    expect(accountIds(users).sort()).toEqual([JANE, JOHN].sort());
    const removed = await jsm.success('jsm.remove_users_from_organization', {
      organizationId: org.id,
      accountIds: [JOHN],
    });
    expect(removed).toEqual({ organizationId: org.id, removed: [JOHN] });
    const left = await jsm.success('jsm.list_organization_users', { organizationId: org.id });
    expect(accountIds(left)).toEqual([JANE]);

    const before = jsm.fake.requests.length;
    const globex = await jsm.success('jsm.list_organization_users', {
      organizationId: '4',
      fetchAll: true,
    });
    expect(globex.items).toHaveLength(ORG_4_USERS);
    expect(jsm.sentSince(before)).toHaveLength(Math.ceil(ORG_4_USERS / JSM_MAX_PAGE));
  });

  it("carries Atlassian's 400 for an account that does not exist", async () => {
    const response = await jsm
      .execute('jsm.add_users_to_organization', { organizationId: '1', accountIds: ['qm:nobody'] })
      .expect(502);
    expect(response.body.error).toEqual(
      expect.objectContaining({ httpStatus: 400, message: expect.stringContaining('qm:nobody') }),
    );
  });

  it('adds an organization to a service desk and removes it again', async () => {
    const added = await jsm.success('jsm.add_organization_to_service_desk', {
      serviceDeskId: '2',
      organizationId: '1',
    });
    expect(added).toEqual({ serviceDeskId: '2', organizationId: '1' });
    // Atlassian's schema types the body's organizationId as an integer.
    expect(JSON.parse(jsm.last('/servicedesk/2/organization').body)).toEqual({ organizationId: 1 });
    expect(names(await jsm.success('jsm.list_organizations', { serviceDeskId: '2' }))).toEqual([
      'Atlas Coffee Co',
    ]);
    await jsm.success('jsm.remove_organization_from_service_desk', {
      serviceDeskId: '2',
      organizationId: '1',
    });
    const removal = jsm.last('/servicedesk/2/organization');
    expect([removal.method, JSON.parse(removal.body)]).toEqual(['DELETE', { organizationId: 1 }]);
    expect((await jsm.success('jsm.list_organizations', { serviceDeskId: '2' })).items).toEqual([]);
  });

  it('deletes an organization; a second delete gets Atlassian’s 404 for an unknown organization', async () => {
    const org = await jsm.success('jsm.create_organization', { name: 'Short-lived' });
    expect(await jsm.success('jsm.delete_organization', { organizationId: org.id })).toEqual({
      organizationId: org.id,
      deleted: true,
    });
    const again = await jsm
      .execute('jsm.delete_organization', { organizationId: org.id })
      .expect(502);
    expect(again.body.error).toEqual(
      expect.objectContaining({
        httpStatus: 404,
        details: expect.objectContaining({
          errorMessage: `Organization with id ${org.id} does not exist.`,
        }),
      }),
    );
    const unknownUsers = await jsm
      .execute('jsm.list_organization_users', { organizationId: '99999' })
      .expect(502);
    expect(unknownUsers.body.error.httpStatus).toBe(404);
    const unknownOnDesk = await jsm
      .execute('jsm.add_organization_to_service_desk', {
        serviceDeskId: '1',
        organizationId: '99999',
      })
      .expect(502);
    expect(unknownOnDesk.body.error.httpStatus).toBe(404);
  });

  it('refuses an organization ID that is not a number, sending nothing', async () => {
    const before = jsm.fake.requests.length;
    const response = await jsm
      .execute('jsm.delete_organization', { organizationId: 'acme' })
      .expect(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'inputs.organizationId', rule: 'pattern' }),
    ]);
    expect(jsm.fake.requests.length).toBe(before);
  });
});
