import { formValuesOf, inputFieldsOf, inputsFromForm } from './action-form';

const SCHEMA = {
  type: 'object',
  required: ['email'],
  properties: {
    email: { type: 'string', format: 'email' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    fetchAll: { type: 'boolean' },
    status: { type: 'string', enum: ['open', 'closed'] },
    expand: { type: 'array', items: { type: 'string', enum: ['groups', 'applicationRoles'] } },
    labels: { type: 'array', items: { type: 'string' } },
    filter: { type: 'object', properties: { q: { type: 'string' } } },
  },
};

describe('inputFieldsOf', () => {
  it('gives each property of the input schema an input of its kind', () => {
    const sut = inputFieldsOf(SCHEMA);

    expect(sut.map((field) => [field.name, field.kind, field.required])).toEqual([
      ['inputs.email', 'email', true],
      ['inputs.limit', 'number', false],
      ['inputs.fetchAll', 'boolean', false],
      ['inputs.status', 'select', false],
      ['inputs.expand', 'choices', false],
      ['inputs.labels', 'lines', false],
      ['inputs.filter', 'json', false],
    ]);
    expect(sut[1].hint).toBe('From 1 to 100. Default 50.');
    expect(sut[4].options.map((option) => option.value)).toEqual(['groups', 'applicationRoles']);
  });

  it('says in the hint of each alternative that exactly one of them is needed', () => {
    const sut = inputFieldsOf({
      type: 'object',
      properties: {
        groupname: { type: 'string', description: 'The group name.' },
        groupId: { type: 'string' },
        accountId: { type: 'string' },
      },
      oneOf: [
        { type: 'object', properties: { groupname: { type: 'string' } }, required: ['groupname'] },
        { type: 'object', properties: { groupId: { type: 'string' } }, required: ['groupId'] },
      ],
    });

    expect(sut.map((field) => [field.property, field.required, field.hint])).toEqual([
      ['groupname', false, 'Give exactly one of groupname or groupId. The group name.'],
      ['groupId', false, 'Give exactly one of groupname or groupId.'],
      ['accountId', false, ''],
    ]);
  });
});

describe('inputsFromForm', () => {
  const fields = inputFieldsOf(SCHEMA);

  it('types the values, leaves empty fields out and keeps unparseable numbers for the schema', () => {
    const sut = inputsFromForm(fields, {
      'inputs.email': ' jane@example.com ',
      'inputs.limit': '25',
      'inputs.fetchAll': 'false',
      'inputs.status': '',
      'inputs.expand': ['groups', 'applicationRoles'],
      'inputs.labels': 'a\n\n b \n',
      'inputs.filter': '{"q": "x"}',
    });

    expect(sut).toEqual({
      inputs: {
        email: 'jane@example.com',
        limit: 25,
        fetchAll: false,
        expand: ['groups', 'applicationRoles'],
        labels: ['a', 'b'],
        filter: { q: 'x' },
      },
      errors: [],
    });
    expect(inputsFromForm(fields, { 'inputs.limit': 'ten' }).inputs).toEqual({ limit: 'ten' });
  });

  it('reports JSON that does not parse on its field', () => {
    const sut = inputsFromForm(fields, { 'inputs.filter': '{q:' });

    expect(sut.errors).toEqual([
      { field: 'inputs.filter', rule: 'json', message: 'inputs.filter is not valid JSON' },
    ]);
  });

  it('round-trips an example through the form values', () => {
    const example = { email: 'a@example.com', labels: ['x', 'y'], filter: { q: 'z' }, limit: 5 };

    expect(inputsFromForm(fields, formValuesOf(fields, example)).inputs).toEqual(example);
  });
});
