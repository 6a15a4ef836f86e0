import { ALL_SPOKE_ACTIONS, SPOKE_DEFINITIONS, SPOKES } from '.';
import { Spoke } from './spoke';

describe('the spoke list', () => {
  it('has one definition for each spoke name', () => {
    expect([...SPOKES].sort()).toEqual(Object.values(Spoke).sort());
  });

  it.each(SPOKE_DEFINITIONS.map((spoke) => [spoke.name, spoke] as const))(
    '%s lists only its own actions, named after it',
    (name, spoke) => {
      for (const action of spoke.actions) {
        expect(action.spoke).toBe(name);
        expect(action.name.startsWith(`${name}.`)).toBe(true);
      }
    },
  );

  it('names no action twice', () => {
    const names = ALL_SPOKE_ACTIONS.map((action) => action.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
