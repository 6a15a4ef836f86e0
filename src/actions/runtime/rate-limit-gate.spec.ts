import { RateLimitGate } from './rate-limit-gate';

describe('RateLimitGate', () => {
  it('blocks a connection until the latest time it learnt, and passes on only its own blocks', () => {
    const gate = new RateLimitGate();
    const shared: Array<[string, number]> = [];
    gate.shareBlocksWith((connectionId, until) => shared.push([connectionId, until]));

    gate.block('c1', 2000, 10_000);
    gate.block('c1', 1000, 10_000); // ends earlier: changes nothing, tells nobody
    gate.blockUntil('c1', 15_000); // from another instance: extends, tells nobody
    gate.blockUntil('c2', 11_000);

    expect(shared).toEqual([['c1', 12_000]]);
    expect(gate.waitFor('c1', 10_000)).toBe(5000);
    expect(gate.waitFor('c2', 10_500)).toBe(500);
    expect(gate.waitFor('c2', 11_000)).toBe(0);
    expect(gate.waitFor('c3', 10_000)).toBe(0);
  });
});
