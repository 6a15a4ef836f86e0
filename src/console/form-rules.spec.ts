import { ALIAS_NAME_RULE } from '../aliases/dto/create-alias.dto';
import { CONNECTION_RULES, USER_RULES } from './form-fields';
import { humanFieldErrors, htmlPattern, siteAddressIn } from './form-rules';

describe('console form rules', () => {
  it('reads the browser-side rules from the DTOs’ decorators', () => {
    expect(CONNECTION_RULES['connection.name']).toEqual(
      expect.objectContaining({ required: true, minlength: 1, maxlength: 200 }),
    );
    // OptionalField makes a field optional; the form may still ask for it (the credential picker).
    expect(CONNECTION_RULES['connection.url'].required).toBe(false);
    expect(CONNECTION_RULES['connection.credentialId'].required).toBe(true);
    expect(CONNECTION_RULES['connection.maxRetries']).toEqual(
      expect.objectContaining({ min: 0, max: 10 }),
    );
    expect(USER_RULES.password).toEqual(expect.objectContaining({ minlength: 12, maxlength: 200 }));
    expect(CONNECTION_RULES['childAlias.name'].pattern).toBe(htmlPattern(ALIAS_NAME_RULE));
  });

  it('turns a RegExp into a pattern that browsers compile with the v flag and that means the same', () => {
    const pattern = htmlPattern(ALIAS_NAME_RULE);
    const browser = new RegExp(`^(?:${pattern})$`, 'v');
    for (const name of ['Jira_SM', 'a.b-c_1', '1abc', 'a b', '-x', 'x-', `a${'b'.repeat(100)}`]) {
      expect([name, browser.test(name)]).toEqual([name, ALIAS_NAME_RULE.test(name)]);
    }
  });

  it('words field errors with the form’s labels, one per problem, and says what to do', () => {
    const errors = humanFieldErrors(
      [
        { field: 'connection.name', rule: 'isString', message: 'connection.name must be a string' },
        {
          field: 'connection.name',
          rule: 'isLength',
          message: 'connection.name must be longer than or equal to 1 characters',
        },
        {
          field: 'connection.url',
          rule: 'connectionUrl',
          message: 'url must have the form https://api.atlassian.com/ex/jira/<cloud-id>, where …',
        },
        { field: 'childAlias.name', rule: 'matches', message: 'name must start with a letter' },
        { field: 'elsewhere', rule: 'x', message: 'elsewhere is kept as it is' },
      ],
      CONNECTION_RULES,
      {
        'connection.name': '',
        'connection.url': 'https://team.atlassian.net',
        'childAlias.name': '1',
      },
    );
    expect(errors.map((error) => [error.field, error.message])).toEqual([
      ['connection.name', 'Enter a name for the connection.'],
      [
        'connection.url',
        'That is the site’s address, not the connection URL: Find cloud id turns team.atlassian.net into the connection URL.',
      ],
      [
        'childAlias.name',
        'Start with a letter; use only letters, digits and _ . - (at most 100 characters).',
      ],
      ['elsewhere', 'elsewhere is kept as it is'],
    ]);
  });

  it('recognises a pasted site address', () => {
    expect(siteAddressIn('https://Team.atlassian.net/jira/servicedesk')).toBe('team.atlassian.net');
    expect(siteAddressIn('team.atlassian.net')).toBe('team.atlassian.net');
    expect(siteAddressIn('https://api.atlassian.com/ex/jira/1')).toBeUndefined();
  });
});
