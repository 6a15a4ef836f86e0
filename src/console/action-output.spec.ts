import { outputTableOf } from './action-form';

describe('outputTableOf', () => {
  it('shows a list of records, or an object holding one, as a table', () => {
    expect(
      outputTableOf({
        items: [
          { id: '1', name: 'a' },
          { id: '2', tags: ['x'] },
        ],
        next: null,
      }),
    ).toEqual({
      path: 'items',
      columns: ['id', 'name', 'tags'],
      rows: [
        ['1', 'a', ''],
        ['2', '', '["x"]'],
      ],
    });
    expect(outputTableOf([{ id: 1 }])?.path).toBe('');
  });

  it('leaves anything else to the JSON view', () => {
    expect(outputTableOf({ accountId: 'a' })).toBeNull();
    expect(outputTableOf({ items: [] })).toBeNull();
    expect(outputTableOf({ a: [{ x: 1 }], b: [{ y: 2 }] })).toBeNull();
  });
});
