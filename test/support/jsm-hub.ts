import { createFakeAtlassian, FakeAtlassian, FakeData } from '../fake-atlassian';
import { FakeAccount, RecordedRequest } from '../fake-atlassian/fake-atlassian.server';
import { Api, connectedAlias } from '../factories/records';
import { startTestHub, TestHub } from './test-hub';

// Action outputs are JSON: an object whose fields the assertions check.
export type Outputs = Record<string, ReturnType<typeof JSON.parse>>;

/** A hub with a JSM alias on a fake Atlassian site, and the ways the JSM tests talk to them. */
export interface JsmHub {
  fake: FakeAtlassian;
  hub: TestHub;
  admin: Api;
  cloudId: string;
  aliasName: string;
  /** The account the connection's token stands for. */
  bot: FakeAccount;
  execute(action: string, inputs: Record<string, unknown>): ReturnType<Api['post']>;
  /** Runs an action that must succeed and returns its outputs. */
  success(action: string, inputs: Record<string, unknown>): Promise<Outputs>;
  /** The requests the fake got since `before` (a length of fake.requests), as `METHOD /path?query`. */
  sentSince(before: number): string[];
  last(pathSuffix: string): RecordedRequest;
  close(): Promise<void>;
}

export async function startJsmHub(token: string): Promise<JsmHub> {
  const fake = await createFakeAtlassian(FakeData.seeded()).start();
  const cloudId = fake.addSite('jsm.atlassian.net');
  const bot = fake.addAccount(
    { bearer: token },
    { displayName: 'JSM Bot', emailAddress: 'jsm-bot@example.com' },
  );
  const hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
  const admin = new Api(hub.http, hub.adminToken);
  const { aliasName } = await connectedAlias(admin, fake.url, cloudId, {
    token,
    connection: { maxRetries: 2, maxRetryWaitSeconds: 5 },
  });
  const prefix = `/ex/jira/${cloudId}`;
  const execute = (action: string, inputs: Record<string, unknown>) =>
    admin.post(`/api/actions/${action}/execute`, { alias: aliasName, inputs });
  return {
    fake,
    hub,
    admin,
    cloudId,
    aliasName,
    bot,
    execute,
    success: async (action, inputs) => {
      const response = await execute(action, inputs);
      if (response.status !== 200) {
        throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
      }
      return (response.body as { outputs: Outputs }).outputs;
    },
    sentSince: (before) =>
      fake.requests
        .slice(before)
        .map(
          (request) => `${request.method} ${decodeURIComponent(request.path.replace(prefix, ''))}`,
        ),
    last: (suffix) => fake.requestsTo(suffix).at(-1)!,
    close: async () => {
      await hub.close();
      await fake.stop();
    },
  };
}
