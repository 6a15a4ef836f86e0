import { DataSource } from 'typeorm';
import { ClientCredentialsTokenEntity } from '../src/oauth/client-credentials-token.entity';
import {
  OAuthWorld,
  serviceAccountConnection,
  serviceBot,
  startOAuthWorld,
} from './support/oauth-world';
import { startTwoHubs, TwoHubs, untilLogged } from './support/two-hubs';

// Several hub instances share one database only on PostgreSQL, so this test always runs there.
describe('Service-account tokens across two hub processes sharing PostgreSQL', () => {
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

  it('fetches exactly one token for 25 executions on each hub at the same time', async () => {
    const account = world.authServer.addServiceAccount(serviceBot(world), ['read:jira-user']);
    const { aliasName, credentialId } = await serviceAccountConnection(hubs.admin, account);
    const before = world.authServer.clientCredentialsRequests().length;

    // The first hub's token request is held at the token endpoint while the second hub wants one.
    const hold = world.authServer.holdRefreshes();
    const onFirst = Array.from({ length: 25 }, () => hubs.getMyself('first', aliasName));
    await hold.arrival(1);
    const onSecond = Array.from({ length: 25 }, () => hubs.getMyself('second', aliasName));
    await Promise.race([
      hold.arrival(2), // a second token request: what must not happen, and what the count shows
      untilLogged(
        hubs.second,
        'Waiting for another hub instance to fetch the service account token',
      ),
    ]);
    hold.release();
    const runs = await Promise.all([...onFirst, ...onSecond]);

    expect(runs.map((run) => [run.status, (run.body as { status: string }).status])).toEqual(
      Array(50).fill([200, 'success']),
    );
    expect(world.authServer.clientCredentialsRequests()).toHaveLength(before + 1);
    const stored = await hubs.first.app
      .get(DataSource)
      .getRepository(ClientCredentialsTokenEntity)
      .findOneByOrFail({ credentialId });
    expect(stored.version).toBe(1);
    expect(stored.refreshLeaseOwner).toBeNull();
  });
});
