import { Spoke } from '../spokes/spoke';
import { HubError } from '../common/hub-error';
import { ActionCatalog } from './action-catalog';
import { AnySpokeAction, defineAction, JsonSchemaObject } from './action-definition';
import { alternativesOfBranches } from './input-alternatives';
import { ALL_SPOKE_ACTIONS } from '../spokes';

/** The field errors of a refused validation (fails the test if the inputs pass). */
function errorsOf(catalog: ActionCatalog, name: string, inputs: Record<string, unknown>) {
  try {
    catalog.validateInputs(name, inputs);
  } catch (error) {
    if (error instanceof HubError) return error.fieldErrors;
    throw error;
  }
  throw new Error(`${name} accepted ${JSON.stringify(inputs)}`);
}

function actionWith(inputSchema: JsonSchemaObject): AnySpokeAction {
  return defineAction({
    name: 'test.action',
    spoke: Spoke.Jira,
    title: 'Test',
    description: 'Test',
    inputSchema,
    outputSchema: { type: 'object' },
    scopes: { classic: [], granular: [] },
    operations: [],
    example: {},
    run: () => Promise.resolve({}),
  });
}

const branch = (...required: string[]) => ({
  type: 'object',
  properties: Object.fromEntries(required.map((name) => [name, { type: 'string' }])),
  required,
});

describe(ActionCatalog.name, () => {
  const sut = new ActionCatalog(ALL_SPOKE_ACTIONS);

  describe('an input of which exactly one is needed (oneOf of required lists)', () => {
    const accountId = { accountId: '5b10a2844c20165700ede21g' };
    const groupActions: Array<[string, Record<string, unknown>]> = [
      ['jira.get_group_members', {}],
      ['jira.add_user_to_group', accountId],
      ['jira.remove_user_from_group', accountId],
    ];

    it.each(groupActions)(
      '%s names groupId as the one too many when both are given',
      (name, others) => {
        expect(errorsOf(sut, name, { groupname: 'a', groupId: 'b', ...others })).toEqual([
          {
            field: 'inputs.groupId',
            rule: 'exclusive',
            message: 'give exactly one of inputs.groupname or inputs.groupId, not both',
          },
        ]);
      },
    );

    it.each(groupActions)('%s asks for one of the two when neither is given', (name, others) => {
      expect(errorsOf(sut, name, others)).toEqual([
        {
          field: 'inputs.groupname',
          rule: 'required',
          message: 'exactly one of inputs.groupname or inputs.groupId is required',
        },
      ]);
    });

    it('still names the other bad fields, once each, beside the choice', () => {
      const withOthers = errorsOf(sut, 'jira.get_group_members', {
        groupname: 'a',
        groupId: 'b',
        maxResults: 51,
        group: 'c',
      });
      expect(withOthers).toHaveLength(3);
      expect(withOthers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'inputs.groupId', rule: 'exclusive' }),
          expect.objectContaining({ field: 'inputs.group', rule: 'unknownField' }),
          expect.objectContaining({ field: 'inputs.maxResults', rule: 'maximum' }),
        ]),
      );
      const nothing = errorsOf(sut, 'jira.remove_user_from_group', {});
      expect(nothing).toHaveLength(2);
      expect(nothing).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'inputs.accountId', rule: 'required' }),
          expect.objectContaining({ field: 'inputs.groupname', rule: 'required' }),
        ]),
      );
    });

    it('reports a bad value of the one alternative given by its own rule, once', () => {
      // The branch checks the type again and so fails too: that is not a missing issueType.
      expect(
        errorsOf(sut, 'jira.create_issue', { projectKey: 'HSP', summary: 'x', issueTypeId: 10 }),
      ).toEqual([
        { field: 'inputs.issueTypeId', rule: 'type', message: 'inputs.issueTypeId must be string' },
      ]);
    });

    it('applies to jira.create_issue: issueType or issueTypeId', () => {
      const base = { projectKey: 'HSP', summary: 'x' };
      expect(errorsOf(sut, 'jira.create_issue', base)).toEqual([
        {
          field: 'inputs.issueType',
          rule: 'required',
          message: 'exactly one of inputs.issueType or inputs.issueTypeId is required',
        },
      ]);
      expect(
        errorsOf(sut, 'jira.create_issue', { ...base, issueType: 'Task', issueTypeId: '10001' }),
      ).toEqual([
        {
          field: 'inputs.issueTypeId',
          rule: 'exclusive',
          message: 'give exactly one of inputs.issueType or inputs.issueTypeId, not both',
        },
      ]);
    });

    it('passes exactly one', () => {
      expect(sut.validateInputs('jira.get_group_members', { groupId: 'b' })).toEqual(
        expect.objectContaining({ groupId: 'b', startAt: 0 }),
      );
    });
  });

  describe('the same reading for any schema', () => {
    it('names the alternatives of a nested choice by their path, three of them', () => {
      const catalog = new ActionCatalog([
        actionWith({
          type: 'object',
          properties: {
            target: {
              type: 'object',
              properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
              oneOf: [branch('a'), branch('b'), branch('c')],
            },
          },
        }),
      ]);

      expect(errorsOf(catalog, 'test.action', { target: {} })).toEqual([
        {
          field: 'inputs.target.a',
          rule: 'required',
          message: 'exactly one of inputs.target.a, inputs.target.b or inputs.target.c is required',
        },
      ]);
      expect(errorsOf(catalog, 'test.action', { target: { a: 'x', c: 'y' } })).toEqual([
        {
          field: 'inputs.target.c',
          rule: 'exclusive',
          message:
            'give exactly one of inputs.target.a, inputs.target.b or inputs.target.c, not inputs.target.a and inputs.target.c together',
        },
      ]);
    });

    it('reads anyOf as "at least one of", and allows several', () => {
      const catalog = new ActionCatalog([
        actionWith({
          type: 'object',
          properties: { email: { type: 'string' }, accountId: { type: 'string' } },
          anyOf: [branch('email'), branch('accountId')],
        }),
      ]);

      expect(errorsOf(catalog, 'test.action', {})).toEqual([
        {
          field: 'inputs.email',
          rule: 'required',
          message: 'at least one of inputs.email or inputs.accountId is required',
        },
      ]);
      expect(catalog.validateInputs('test.action', { email: 'x', accountId: 'y' })).toEqual({
        email: 'x',
        accountId: 'y',
      });
    });

    it('names what an alternative of several inputs still lacks', () => {
      const catalog = new ActionCatalog([
        actionWith({
          type: 'object',
          properties: { key: { type: 'string' }, site: { type: 'string' }, id: { type: 'string' } },
          oneOf: [branch('site', 'key'), branch('id')],
        }),
      ]);

      expect(errorsOf(catalog, 'test.action', { key: 'HSP' })).toEqual([
        {
          field: 'inputs.site',
          rule: 'required',
          message: 'inputs.site is required with inputs.key',
        },
      ]);
      expect(errorsOf(catalog, 'test.action', {})).toEqual([
        expect.objectContaining({
          message: 'exactly one of inputs.site with inputs.key or inputs.id is required',
        }),
      ]);
    });

    it('keeps the plain errors of a oneOf that is not a choice between inputs', () => {
      const catalog = new ActionCatalog([
        actionWith({
          type: 'object',
          properties: { size: { oneOf: [{ type: 'integer' }, { type: 'string' }] } },
        }),
      ]);

      expect(errorsOf(catalog, 'test.action', { size: true })).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'inputs.size', rule: 'type' }),
          expect.objectContaining({ field: 'inputs.size', rule: 'oneOf' }),
        ]),
      );
    });
  });

  it('every oneOf/anyOf in an input schema is a choice between inputs, so its errors name fields', () => {
    const combinators: Array<{ action: string; keyword: 'oneOf' | 'anyOf'; branches: unknown }> =
      [];
    const walk = (action: string, node: unknown) => {
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'oneOf' || key === 'anyOf') {
          combinators.push({ action, keyword: key, branches: value });
        }
        walk(action, value);
      }
    };
    for (const action of ALL_SPOKE_ACTIONS) walk(action.name, action.inputSchema);

    expect(combinators.length).toBeGreaterThan(0);
    for (const { action, keyword, branches } of combinators) {
      expect({ action, choice: alternativesOfBranches(keyword, branches) }).toEqual({
        action,
        choice: expect.objectContaining({ keyword }),
      });
    }
  });
});

describe('ActionCatalog.validateInputs and defaults', () => {
  const catalog = new ActionCatalog(ALL_SPOKE_ACTIONS);

  it("fills a schema's defaults into a copy, leaving the caller's inputs as they were", () => {
    const inputs = {};
    const checked = catalog.validateInputs('jsm.list_service_desks', inputs);

    expect(checked).toMatchObject({ start: 0, limit: 100 });
    expect(inputs).toEqual({});
  });

  it('fills defaults given anywhere in a schema, nested ones included', () => {
    const nested = new ActionCatalog([
      actionWith({
        type: 'object',
        additionalProperties: false,
        properties: {
          options: {
            type: 'object',
            additionalProperties: false,
            properties: { depth: { type: 'integer', default: 3 } },
          },
        },
      }),
    ]);
    const inputs = { options: {} };

    expect(nested.validateInputs('test.action', inputs)).toEqual({ options: { depth: 3 } });
    expect(inputs).toEqual({ options: {} });
  });
});
