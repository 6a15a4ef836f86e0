import { safeNext } from './sign-in.controller';

describe('safeNext', () => {
  it('keeps local paths', () => {
    expect(safeNext('/aliases?tab=children')).toBe('/aliases?tab=children');
  });

  it.each(['//evil.example', 'https://evil.example', '/\\evil.example', 'aliases', '/a\nb', 42])(
    'sends %j to the dashboard instead',
    (next) => {
      expect(safeNext(next)).toBe('/');
    },
  );
});
