import { generateApiToken } from '../identity/secrets';
import { needsRedaction, REDACTED, redact, redactEchoes, redactText } from './redact';

const SECRET = 'S3cr3t-value-that-must-not-leak';

describe('redact', () => {
  it.each([
    'authorization',
    'Authorization',
    'proxy-authorization',
    'cookie',
    'password',
    'newPassword',
    'token',
    'apiToken',
    'api_token',
    'access_token',
    'refreshToken',
    'secret',
    'clientSecret',
    'client_secret',
    'x-api-key',
    'apiKey',
    'api_key',
    'privateKey',
    'encryptionKey',
    'credentialValue',
  ])('masks %s at the top level, nested, and inside arrays', (key) => {
    const value = {
      [key]: SECRET,
      request: { headers: { [key]: SECRET } },
      items: [{ deeper: [{ [key]: SECRET }] }],
    };

    const result = redact(value);

    expect(result).toEqual({
      [key]: REDACTED,
      request: { headers: { [key]: REDACTED } },
      items: [{ deeper: [{ [key]: REDACTED }] }],
    });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('masks a secret-named field whole, even when it holds an object', () => {
    const result = redact({ credentials: { token: SECRET }, password: { value: SECRET } });

    expect(result).toEqual({ credentials: { token: REDACTED }, password: REDACTED });
  });

  it('keeps paging cursors such as nextPageToken, which are not secrets, and masks real tokens beside them', () => {
    const page = { nextPageToken: 'CAEaAggB', pageToken: 'CAEaAggA', accessToken: SECRET };

    expect(redact(page)).toEqual({
      nextPageToken: 'CAEaAggB',
      pageToken: 'CAEaAggA',
      accessToken: REDACTED,
    });
    expect(needsRedaction({ nextPageToken: 'CAEaAggB' })).toBe(false);
  });

  it('masks a secret several levels down', () => {
    const value = { a: { b: { c: { d: { e: [{ f: { password: SECRET, id: 7 } }] } } } } };

    const result = redact(value);

    expect(result).toEqual({
      a: { b: { c: { d: { e: [{ f: { password: REDACTED, id: 7 } }] } } } },
    });
  });

  it('leaves other fields, dates and primitives as they are, without changing its input', () => {
    const createdAt = new Date('2026-01-02T03:04:05Z');
    const value = {
      id: 'c0ffee',
      name: 'Production Jira',
      count: 3,
      enabled: false,
      missing: null,
      createdAt,
      scopes: ['read:jira-work', 'write:jira-work'],
      nested: { url: 'https://api.atlassian.com/ex/jira/x', keyId: 'abc123' },
      password: SECRET,
    };

    const result = redact(value);

    expect(result).toEqual({ ...value, password: REDACTED });
    expect((result as { createdAt: unknown }).createdAt).toBe(createdAt);
    expect(value.password).toBe(SECRET);
    expect(result).not.toBe(value);
  });

  it.each([null, undefined, 42, 'plain text', true])('returns %p unchanged', (value) => {
    expect(redact(value)).toBe(value);
  });

  it('never passes a secret through below the depth it inspects', () => {
    let deep: Record<string, unknown> = { password: SECRET };
    for (let level = 0; level < 12; level++) deep = { inner: deep };

    expect(JSON.stringify(redact(deep))).not.toContain(SECRET);
  });

  it('cuts circular structures instead of failing', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;

    expect(() => JSON.stringify(redact(circular))).not.toThrow();
  });
});

describe('needsRedaction', () => {
  const deep = (levels: number): unknown => (levels === 0 ? 'bottom' : { next: deep(levels - 1) });
  const shared = { id: 1 };
  const circular: Record<string, unknown> = { name: 'loop' };
  circular.self = circular;
  class Point {
    constructor(readonly x: number) {}
  }

  it.each([
    ['a plain body', { items: [{ id: 1, displayName: 'A', tags: ['x'], at: new Date(0) }] }, false],
    ['empty and null fields', { a: null, b: undefined, c: [], d: {} }, false],
    ['a null secret-named field', { token: null, password: undefined }, false],
    ['a secret-named field', { items: [{ id: 1, auth: { apiToken: SECRET } }] }, true],
    ['a structure deeper than redact goes', deep(12), true],
    ['an object met twice', { first: shared, second: shared }, true],
    ['a circular structure', circular, true],
    ['a class instance', { at: new Point(1) }, true],
  ])('%s: %s', (_, value, expected) => {
    expect(needsRedaction(value)).toBe(expected);
  });

  it.each([
    { items: [{ id: 1, displayName: 'A' }], next: null, at: new Date(0) },
    { token: null, list: [undefined, 1, 'two'] },
    deep(7),
  ])('is false only where redact changes nothing: %#', (value) => {
    expect(needsRedaction(value)).toBe(false);
    expect(JSON.stringify(redact(value))).toBe(JSON.stringify(value));
  });
});

describe('redactText', () => {
  it.each([
    [
      'a Basic header',
      'Atlassian said 401 to Authorization: Basic dXNlcjpzZWNyZXQ= today',
      'dXNlcjpzZWNyZXQ=',
    ],
    [
      'a Bearer token',
      'sent bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl and failed',
      'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl',
    ],
  ])('masks %s and keeps the rest of the text', (_name, text, secret) => {
    const result = redactText(text);

    expect(result).not.toContain(secret);
    expect(result).toContain(REDACTED);
    expect(result.startsWith(text.slice(0, 10))).toBe(true);
    expect(result.endsWith(text.slice(-5))).toBe(true);
  });

  it('masks a hub API token anywhere in the text', () => {
    const token = generateApiToken();

    const result = redactText(`unknown token ${token}, and again (${token})`);

    expect(result).toBe(`unknown token ${REDACTED}, and again (${REDACTED})`);
  });

  it('leaves text without credentials alone', () => {
    const text = 'Connection c0ffee tested: 200 from https://api.atlassian.com/ex/jira/x';

    expect(redactText(text)).toBe(text);
  });
});

describe('redactEchoes', () => {
  it('masks secret-named fields and credentials inside any string, at any depth', () => {
    const body = {
      errorMessages: ['Header was Authorization: Bearer abc.def-123'],
      errors: { token: 'plain-secret', summary: 'Basic dXNlcjpwYXNz is not allowed' },
      message: 'nothing secret',
    };

    expect(redactEchoes(body)).toEqual({
      errorMessages: ['Header was Authorization: Bearer [redacted]'],
      errors: { token: '[redacted]', summary: 'Basic [redacted] is not allowed' },
      message: 'nothing secret',
    });
    expect(body.errors.token).toBe('plain-secret');
  });
});
