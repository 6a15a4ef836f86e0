import { HubError } from '../common/hub-error';
import { escapeHtml } from './callback-page';
import { checkReturnTo } from './return-to';

describe(checkReturnTo.name, () => {
  it.each([
    ['/console/connections', '/console/connections'],
    ['/console/connections?tab=oauth#top', '/console/connections?tab=oauth#top'],
    ['/a/../b', '/b'],
  ])('keeps a path on the hub: %s', (value, expected) => {
    expect(checkReturnTo(value)).toBe(expected);
  });

  it('answers null when there is none', () => {
    expect(checkReturnTo(undefined)).toBeNull();
  });

  it.each([
    'https://evil.example.com/',
    '//evil.example.com/',
    '/\\evil.example.com',
    '/x\\y',
    'console',
    '/x\ny',
    `/${'a'.repeat(500)}`,
  ])('refuses %j, naming returnTo', (value) => {
    expect(() => checkReturnTo(value)).toThrow(HubError);
    try {
      checkReturnTo(value);
    } catch (error) {
      expect((error as HubError).fieldErrors[0]).toMatchObject({
        field: 'returnTo',
        rule: 'relativePath',
      });
    }
  });
});

describe(escapeHtml.name, () => {
  it('escapes every character that could open markup or an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
