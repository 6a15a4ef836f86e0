import { HubError } from '../common/hub-error';
import { parseExecuteBody } from './execute-body';

function errorsOf(body: unknown) {
  try {
    parseExecuteBody(body);
  } catch (error) {
    if (error instanceof HubError) return error.fieldErrors;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

describe(parseExecuteBody.name, () => {
  it('accepts an alias and an inputs object', () => {
    const body = { alias: 'Jira_SM', inputs: { email: 'a@example.com' } };

    expect(parseExecuteBody(body)).toBe(body);
  });

  it.each([
    [{ inputs: {} }, 'alias', 'required'],
    [{ alias: 'Jira' }, 'inputs', 'required'],
    [{ alias: null, inputs: {} }, 'alias', 'isString'],
    [{ alias: 7, inputs: {} }, 'alias', 'isString'],
    [{ alias: '', inputs: {} }, 'alias', 'isLength'],
    [{ alias: 'x'.repeat(101), inputs: {} }, 'alias', 'isLength'],
    [{ alias: 'Jira', inputs: null }, 'inputs', 'isObject'],
    [{ alias: 'Jira', inputs: [] }, 'inputs', 'isObject'],
    [{ alias: 'Jira', inputs: 'x' }, 'inputs', 'isObject'],
    [{ alias: 'Jira', inputs: {}, extra: 1 }, 'extra', 'unknownField'],
    [null, 'body', 'isObject'],
    [[], 'body', 'isObject'],
    [undefined, 'body', 'isObject'],
  ])('refuses %j, naming %s and the rule %s', (body, field, rule) => {
    expect(errorsOf(body)).toEqual([expect.objectContaining({ field, rule })]);
  });

  it('names every bad field at once', () => {
    expect(errorsOf({ alias: 1, inputs: 2, other: 3 })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'alias', rule: 'isString' }),
        expect.objectContaining({ field: 'inputs', rule: 'isObject' }),
        expect.objectContaining({ field: 'other', rule: 'unknownField' }),
      ]),
    );
  });
});
