import { DataSource } from 'typeorm';
import { OAuthGrantEntity } from '../src/oauth/oauth-grant.entity';
import { consent, oauthConnection, OAuthWorld, startOAuthWorld } from './support/oauth-world';
import { startTwoHubs, TwoHubs, untilLogged } from './support/two-hubs';

// Several hub instances share one database only on PostgreSQL, so this test always runs there.
describe('OAuth refresh across two hub processes sharing PostgreSQL', () => {
  jest.setTimeout(90_000);
  let world: OAuthWorld;
  let hubs: TwoHubs;

  beforeAll(async () => {
    world = await startOAuthWorld();
    hubs = await startTwoHubs(world);
  });

  afterAll(async () => {
    await hubs?.stop();
    await world?.stop();
  });

  it('refreshes an expired token exactly once for 25 executions on each hub at the same time', async () => {
    const { first, second, admin } = hubs;
    const { connectionId, aliasName } = await oauthConnection(admin, world, world.sites.acme.id);
    expect((await consent(first, admin, world, connectionId)).page.status).toBe(200);
    const grants = first.app.get(DataSource).getRepository(OAuthGrantEntity);
    const [grant] = await grants.find();
    await grants.update({ id: grant.id }, { expiresAt: new Date(Date.now() - 1000) });
    const refreshesBefore = world.authServer.refreshRequests().length;
    const execute = (hub: 'first' | 'second') => hubs.getMyself(hub, aliasName);

    // The first hub's refresh is held at the token endpoint while the second hub wants one too.
    const hold = world.authServer.holdRefreshes();
    const onFirst = Array.from({ length: 25 }, () => execute('first'));
    await hold.arrival(1);
    const onSecond = Array.from({ length: 25 }, () => execute('second'));
    await Promise.race([
      hold.arrival(2), // a second refresh: what must not happen, and what the count below shows
      untilLogged(second, 'Waiting for another hub instance to refresh the OAuth token'),
    ]);
    hold.release();
    const runs = await Promise.all([...onFirst, ...onSecond]);

    expect(runs.map((run) => [run.status, (run.body as { status: string }).status])).toEqual(
      Array(50).fill([200, 'success']),
    );
    expect(world.authServer.refreshRequests()).toHaveLength(refreshesBefore + 1);
    expect(world.authServer.refreshRequests().at(-1)).toMatchObject({ status: 200 });
    const stored = await grants.findOneByOrFail({ id: grant.id });
    expect(stored.version).toBe(grant.version + 1);
    expect(stored.refreshLeaseOwner).toBeNull();
  });
});
