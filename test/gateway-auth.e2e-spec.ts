import { Api } from './factories/records';
import {
  consent,
  oauthConnection,
  OAuthWorld,
  startOAuthHub,
  startOAuthWorld,
} from './support/oauth-world';
import { TestHub } from './support/test-hub';

describe("Atlassian's gateway refusing an OAuth token with a 403 or 404", () => {
  let world: OAuthWorld;
  let hub: TestHub;
  let admin: Api;

  beforeAll(async () => {
    world = await startOAuthWorld();
    hub = await startOAuthHub(world);
    admin = new Api(hub.http, hub.adminToken);
  });
  afterEach(() => world.fake.clearFaults());
  afterAll(async () => {
    await hub.close();
    await world.stop();
  });

  const getMyself = (aliasName: string) =>
    admin.post('/api/actions/jira.get_myself/execute', { alias: aliasName, inputs: {} });
  const consented = async () => {
    const made = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(hub, admin, world, made.connectionId)).page.status).toBe(200);
    return made;
  };

  it.each([
    [404, { code: 401, message: 'Unauthorized' }],
    [404, { message: 'The access token is expired' }],
    [403, { errorMessages: ['OAuth 2.0 access token invalid'], errors: {} }],
  ])(
    'renews the token once and repeats the request once after a gateway %i: %j',
    async (status, body) => {
      const { aliasName } = await consented();
      // Atlassian no longer knows the hub's access token, and says so with a 403/404.
      world.authServer.forgetAccessTokens();
      world.fake.refuseUnknownTokensWith(status, body);
      const refreshesBefore = world.authServer.refreshRequests().length;
      const callsBefore = world.fake.requestsTo('/rest/api/3/myself').length;

      const run = await getMyself(aliasName).expect(200);

      expect(run.body.status).toBe('success');
      expect(world.authServer.refreshRequests()).toHaveLength(refreshesBefore + 1);
      const calls = world.fake.requestsTo('/rest/api/3/myself').slice(callsBefore);
      expect(calls).toHaveLength(2);
      expect(calls[0].headers.authorization).not.toBe(calls[1].headers.authorization);
    },
  );

  it('never loops: a repeat refused again stands, after one renewal', async () => {
    const { aliasName } = await consented();
    const expired = { code: 401, message: 'Unauthorized' };
    world.fake.injectFaults(
      { kind: 'status', status: 404, body: expired, path: /\/myself$/ },
      { kind: 'status', status: 404, body: expired, path: /\/myself$/ },
    );
    const refreshesBefore = world.authServer.refreshRequests().length;
    const callsBefore = world.fake.requestsTo('/rest/api/3/myself').length;

    const run = await getMyself(aliasName).expect(502);

    expect(run.body.error).toMatchObject({ httpStatus: 404 });
    expect(world.authServer.refreshRequests()).toHaveLength(refreshesBefore + 1);
    expect(world.fake.requestsTo('/rest/api/3/myself').slice(callsBefore)).toHaveLength(2);
  });

  it('leaves a permission 403 as it is: no renewal, no repeat, the scopes named', async () => {
    const { aliasName } = await consented();
    world.fake.injectFaults({
      kind: 'status',
      status: 403,
      body: { errorMessages: ['Unauthorized; scope does not match'], errors: {} },
      path: /\/myself$/,
    });
    const refreshesBefore = world.authServer.refreshRequests().length;
    const callsBefore = world.fake.requestsTo('/rest/api/3/myself').length;

    const run = await getMyself(aliasName).expect(502);

    expect(run.body.error).toMatchObject({
      httpStatus: 403,
      message: expect.stringContaining('jira.get_myself needs the scopes read:jira-user'),
    });
    expect(world.authServer.refreshRequests()).toHaveLength(refreshesBefore);
    expect(world.fake.requestsTo('/rest/api/3/myself').slice(callsBefore)).toHaveLength(1);
  });

  it('leaves a real 404 as it is', async () => {
    const { aliasName } = await consented();
    const refreshesBefore = world.authServer.refreshRequests().length;

    const run = await admin
      .post('/api/actions/jira.get_issue/execute', {
        alias: aliasName,
        inputs: { issueIdOrKey: 'NOPE-1' },
      })
      .expect(502);

    expect(run.body.error).toMatchObject({ httpStatus: 404 });
    expect(world.authServer.refreshRequests()).toHaveLength(refreshesBefore);
  });
});
