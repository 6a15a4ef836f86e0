import { atlassianMessageOf } from './upstream-failure';

describe('atlassianMessageOf', () => {
  it("reads Jira's errorMessages and field errors", () => {
    expect(
      atlassianMessageOf({ errorMessages: ['No project'], errors: { summary: 'required' } }),
    ).toBe('No project; summary: required');
  });

  it("reads JSM's singular errorMessage and the gateway's message", () => {
    expect(atlassianMessageOf({ errorMessage: 'Customer exists', i18nErrorMessage: {} })).toBe(
      'Customer exists',
    );
    expect(atlassianMessageOf({ code: 401, message: 'Unauthorized' })).toBe('Unauthorized');
  });

  it('returns nothing for a body without a message', () => {
    expect(atlassianMessageOf({})).toBeUndefined();
  });

  it('never repeats a secret Atlassian echoes in a field error', () => {
    const message = atlassianMessageOf({ errors: { token: 'sk-echoed', summary: 'required' } });
    expect(message).toBe('token: [redacted]; summary: required');
    expect(atlassianMessageOf(undefined)).toBeUndefined();
  });
});
