import { createFakeAtlassian, FakeData } from '../test/fake-atlassian';

/**
 * The fake Atlassian in a process of its own, so the benchmark's direct calls and the hub's
 * upstream calls meet a server that does not share their event loop. Started by bench/run.ts with
 * an IPC channel: it answers `ready` with its URL, and `count` / `reset` about recorded requests.
 */

export interface FakeReady {
  type: 'ready';
  url: string;
  cloudId: string;
  users: number;
}

export type FakeCommand = { type: 'count'; pathSuffix: string } | { type: 'reset' };
export interface FakeCount {
  type: 'count';
  requests: number;
}

async function main(): Promise<void> {
  const users = Number(process.env.BENCH_FAKE_USERS ?? '10000');
  const token = process.env.BENCH_FAKE_BEARER ?? 'bench-bearer-token';
  const data = FakeData.seeded({ users: 0, customers: 0 });
  const fake = createFakeAtlassian(data);
  // The Jira routes add the accounts their examples name; seed up to exactly `users` accounts.
  for (let i = data.users.length; i < users; i++) {
    data.addUser({ displayName: `User ${i}`, emailAddress: `user${i}@example.com` });
  }
  await fake.start();
  const cloudId = fake.addSite('bench.atlassian.net');
  fake.addAccount({ bearer: token }, { displayName: 'Bench Bot' });
  // One token per alias of the bench's rotation figure (`<token>-<i>`), so no two share a secret.
  const extraTokens = Number(process.env.BENCH_FAKE_EXTRA_BEARERS ?? '0');
  for (let i = 0; i < extraTokens; i++) {
    fake.addAccount({ bearer: `${token}-${i}` }, { displayName: `Bench Bot ${i}` });
  }
  process.on('message', (command: FakeCommand) => {
    if (command.type === 'reset') fake.requests.length = 0;
    if (command.type === 'count') {
      const answer: FakeCount = {
        type: 'count',
        requests: fake.requestsTo(command.pathSuffix).length,
      };
      process.send!(answer);
    }
  });
  process.on('disconnect', () => void fake.stop().then(() => process.exit(0)));
  const ready: FakeReady = { type: 'ready', url: fake.url, cloudId, users: data.users.length };
  process.send!(ready);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake Atlassian failed: ${String(error)}\n`);
  process.exit(1);
});
