import { REDACTED } from './redact';
import { createHubLogger, HubLogger } from './hub-logger';
import type { LogFormat, LogLevel } from '../config/hub-config';

const SECRET = 'S3cr3t-value-that-must-not-leak';

function capture(logLevel: LogLevel = 'info', logFormat: LogFormat = 'auto') {
  const lines: string[] = [];
  const sut: HubLogger = createHubLogger(
    { logLevel, logFormat },
    { write: (line: string) => lines.push(line.trimEnd()) },
  );
  const entries = (): Record<string, unknown>[] =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { sut, lines, entries };
}

describe(createHubLogger.name, () => {
  it('writes one JSON line with the time, level name, context and message', () => {
    const { sut, lines, entries } = capture();

    sut.log('Connection created', 'ConnectionsService');

    expect(lines).toHaveLength(1);
    const [entry] = entries();
    expect(entry).toMatchObject({
      level: 'info',
      context: 'ConnectionsService',
      msg: 'Connection created',
    });
    expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
  });

  it('uses the level of the method called and drops debug at level info', () => {
    const { sut, entries } = capture('info');

    sut.debug('noisy');
    sut.verbose('noisier');
    sut.log('one');
    sut.warn('two');
    sut.error('three');

    expect(entries().map((entry) => [entry.level, entry.msg])).toEqual([
      ['info', 'one'],
      ['warn', 'two'],
      ['error', 'three'],
    ]);
  });

  it('writes only errors at level error, and debug lines at level debug', () => {
    const error = capture('error');
    const debug = capture('debug');

    for (const { sut } of [error, debug]) {
      sut.debug('d');
      sut.log('i');
      sut.warn('w');
      sut.error('e');
    }

    expect(error.entries().map((entry) => entry.msg)).toEqual(['e']);
    expect(debug.entries().map((entry) => entry.msg)).toEqual(['d', 'i', 'w', 'e']);
  });

  it("writes Nest's module and route mapping lines at debug, not info", () => {
    const info = capture('info');
    const debug = capture('debug');

    for (const { sut } of [info, debug]) {
      sut.log('Mapped {/api/aliases, GET} route', 'RouterExplorer');
      sut.log('AppModule dependencies initialized', 'InstanceLoader');
      sut.log('Nest application successfully started', 'NestApplication');
    }

    expect(info.entries().map((entry) => entry.context)).toEqual(['NestApplication']);
    expect(debug.entries().map((entry) => [entry.level, entry.context])).toEqual([
      ['debug', 'RouterExplorer'],
      ['debug', 'InstanceLoader'],
      ['info', 'NestApplication'],
    ]);
  });

  it('masks secret-named fields of an object message, at any depth', () => {
    const { sut, lines, entries } = capture();

    sut.log(
      {
        event: 'request',
        headers: { Authorization: `Bearer ${SECRET}` },
        nested: [{ clientSecret: SECRET }],
        status: 401,
      },
      'Http',
    );

    expect(lines[0]).not.toContain(SECRET);
    expect(entries()[0]).toMatchObject({
      level: 'info',
      context: 'Http',
      event: 'request',
      headers: { Authorization: REDACTED },
      nested: [{ clientSecret: REDACTED }],
      status: 401,
    });
  });

  it('masks credentials inside message text, printf arguments and errors with their stack', () => {
    const { sut, lines, entries } = capture();

    sut.error(`Atlassian refused Basic ${SECRET}`, 'Upstream');
    sut.error(new Error(`Bearer ${SECRET} was rejected`), 'Upstream');
    sut.warn({ reason: `sent Bearer ${SECRET}` }, 'Upstream');
    sut.root.info('header was %s', `Bearer ${SECRET}`);

    expect(lines.join('\n')).not.toContain(SECRET);
    const [text, error, field, printf] = entries();
    expect(text.msg).toBe(`Atlassian refused Basic ${REDACTED}`);
    expect(error.err).toMatchObject({
      type: 'Error',
      message: `Bearer ${REDACTED} was rejected`,
      stack: expect.stringContaining(`Bearer ${REDACTED} was rejected`),
    });
    expect(field.reason).toBe(`sent Bearer ${REDACTED}`);
    expect(printf.msg).toBe(`header was Bearer ${REDACTED}`);
  });

  it('writes readable lines for people with logFormat pretty, still masked', () => {
    const { sut, lines } = capture('info', 'pretty');

    sut.warn(`Refused Bearer ${SECRET}`, 'Identity');
    sut.log({ msg: 'Stored', password: SECRET }, 'Credentials');

    const text = lines.join('\n');
    expect(text).not.toContain(SECRET);
    expect(() => JSON.parse(lines[0]) as unknown).toThrow();
    expect(text).toMatch(/WARN.*\[Identity\] Refused Bearer \[redacted\]/);
    expect(text).toMatch(/INFO.*\[Credentials\] Stored/);
    expect(text).toContain(`password: "${REDACTED}"`);
  });

  it('writes JSON lines by default to anything that is not a terminal', () => {
    const { sut, entries } = capture('info', 'auto');

    sut.log('plain');

    expect(entries()).toEqual([expect.objectContaining({ msg: 'plain', level: 'info' })]);
  });
});
