import { fromStoredJson, MAX_STORED_JSON_CHARS, toStoredJson } from './stored-json';

describe('toStoredJson', () => {
  it('masks secret-named fields at any depth', () => {
    const stored = toStoredJson({
      email: 'a@example.com',
      auth: { apiToken: 'abc123', password: 'p' },
    });

    expect(fromStoredJson(stored)).toEqual({
      email: 'a@example.com',
      auth: { apiToken: '[redacted]', password: '[redacted]' },
    });
  });

  it('truncates large bodies with their original length', () => {
    const big = { values: Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `user ${i}` })) };

    const stored = toStoredJson(big);

    expect(stored.length).toBeLessThan(MAX_STORED_JSON_CHARS + 200);
    expect(fromStoredJson(stored)).toEqual(
      expect.objectContaining({ truncated: true, originalLength: JSON.stringify(big).length }),
    );
  });

  it('keeps small bodies whole', () => {
    expect(fromStoredJson(toStoredJson({ ok: true }))).toEqual({ ok: true });
    expect(fromStoredJson(null)).toBeNull();
  });
});
