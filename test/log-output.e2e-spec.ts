import { randomBytes } from 'node:crypto';
import { HubProcess, startHubProcess } from './support/hub-process';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** The hub as it runs (a process of its own), and what it writes on stdout. */
describe('Log output of a running hub', () => {
  jest.setTimeout(60_000);
  const opened: Array<{ stop(): Promise<void> } | { drop(): Promise<void> }> = [];

  afterAll(async () => {
    for (const item of opened.reverse()) {
      await ('stop' in item ? item.stop() : item.drop());
    }
  });

  async function start(env: Record<string, string>): Promise<HubProcess> {
    const database: TestDatabase = await createTestDatabase();
    opened.push(database);
    const hub = await startHubProcess({
      ...database.env,
      HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ...env,
    });
    opened.push(hub);
    return hub;
  }

  const linesOf = (hub: HubProcess) => hub.log.join('').split('\n').filter(Boolean);

  /** Resolves once the log holds a line that `matches` (explicit synchronisation, not a timer). */
  async function untilLogged(hub: HubProcess, matches: (line: string) => boolean): Promise<void> {
    while (!linesOf(hub).some(matches)) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('writes JSON lines when stdout is not a terminal: first admin, request ids, no route mapping', async () => {
    const hub = await start({ HUB_LOG_LEVEL: 'info' });
    const answer = await fetch(`${hub.url}/api/health`, {
      headers: { 'X-Request-Id': 'probe-1' },
    });
    expect(answer.headers.get('x-request-id')).toBe('probe-1');
    await untilLogged(hub, (line) => line.includes('probe-1'));

    const entries = linesOf(hub).map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      expect(entry).toEqual(
        expect.objectContaining({ level: expect.any(String), time: expect.any(String) }),
      );
    }
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'info',
        requestId: 'probe-1',
        path: '/api/health',
        status: 200,
      }),
    );
    // Nest's module and route lines are debug lines: none at info.
    expect(entries.filter((entry) => /^Mapped \{/.test(String(entry.msg)))).toEqual([]);
    expect(entries.filter((entry) => entry.context === 'InstanceLoader')).toEqual([]);
    const [admin] = entries.filter((entry) => String(entry.msg).includes('first hub user'));
    expect(admin).toMatchObject({ level: 'warn', context: 'Identity' });
    expect(String(admin.msg)).toMatch(/\n\s+user name:\s+admin\n\s+password:\s+\S{20,}\n/);
  });

  it('writes JSON lines with HUB_LOG_FORMAT=json, and the route mapping at debug', async () => {
    const hub = await start({
      HUB_LOG_FORMAT: 'json',
      HUB_LOG_LEVEL: 'debug',
      HUB_ADMIN_TOKEN: 'a'.repeat(40),
    });
    await fetch(`${hub.url}/api/health`);
    await untilLogged(hub, (line) => line.includes('"path":"/api/health"'));

    const entries = linesOf(hub).map((line) => JSON.parse(line) as Record<string, unknown>);
    const mapped = entries.filter((entry) => /^Mapped \{/.test(String(entry.msg)));
    expect(mapped.length).toBeGreaterThan(20);
    expect(new Set(mapped.map((entry) => entry.level))).toEqual(new Set(['debug']));
    expect(entries.some((entry) => String(entry.msg).includes('first hub user'))).toBe(false);
  });

  it('writes readable lines with HUB_LOG_FORMAT=pretty, the first admin in a block', async () => {
    const hub = await start({ HUB_LOG_FORMAT: 'pretty', HUB_LOG_LEVEL: 'info' });
    const answer = await fetch(`${hub.url}/api/aliases`, {
      headers: { 'X-Request-Id': 'pretty-2', Authorization: 'Bearer ihub_not_a_real_token_at_all' },
    });
    expect(answer.status).toBe(401);
    await untilLogged(hub, (line) => line.includes('pretty-2'));

    const lines = linesOf(hub);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).toThrow();
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[[\d-]+ [\d:.]+\] INFO: \(pretty-2\) GET \/api\/aliases 401 \d+ms$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/WARN: \[Identity\] *$/));
    const rule = lines.findIndex((line) => /^ *={20,}$/.test(line));
    expect(rule).toBeGreaterThan(-1);
    expect(lines.slice(rule, rule + 8).join('\n')).toMatch(
      /user name:\s+admin\n\s+password:\s+\S{20,}\n/,
    );
    expect(lines.join('\n')).not.toContain('ihub_not_a_real_token_at_all');
  });
});
