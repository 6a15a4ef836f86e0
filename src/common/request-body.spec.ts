import { jsonDepthExceeds } from './request-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe(jsonDepthExceeds.name, () => {
  it('counts arrays and objects opened inside one another', () => {
    expect(jsonDepthExceeds(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":[{"b":[[1]]}]}'), 4)).toBe(true);
  });

  it('counts depth, not the number of brackets side by side', () => {
    expect(jsonDepthExceeds(bytes(`[${'[],'.repeat(10_000)}[]]`), 2)).toBe(false);
  });

  it('skips brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(bytes(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[["' })), 1)).toBe(
      false,
    );
    expect(jsonDepthExceeds(bytes('["\\\\", [[1]]]'), 2)).toBe(true);
  });

  it('stops at the first level past the limit of a deep body', () => {
    expect(jsonDepthExceeds(bytes('['.repeat(1_000_000)), 32)).toBe(true);
  });
});
