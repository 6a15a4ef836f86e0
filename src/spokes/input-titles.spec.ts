import { ALL_SPOKE_ACTIONS } from '.';

/**
 * The console labels each input of an action's form with its schema's title (code names such as
 * serviceDeskId mean little to an admin), so every input property needs one.
 */
describe('action input titles', () => {
  it('gives every input property of every action a title', () => {
    const missing = ALL_SPOKE_ACTIONS.flatMap((action) =>
      Object.entries(
        (action.inputSchema as { properties?: Record<string, { title?: unknown }> }).properties ??
          {},
      )
        .filter(([, schema]) => typeof schema.title !== 'string' || schema.title.trim() === '')
        .map(([property]) => `${action.name}.${property}`),
    );
    expect(missing).toEqual([]);
  });
});
