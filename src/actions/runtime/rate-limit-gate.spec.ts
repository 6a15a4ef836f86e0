import { HoldReason, keyOf, RateLimitGate, RequestTarget, scopeOfReason } from './rate-limit-gate';

const target = (overrides: Partial<RequestTarget> = {}): RequestTarget => ({
  connectionId: 'c1',
  site: 'https://api.atlassian.com/ex/jira/site-1',
  app: 'client:app-1',
  method: 'PUT',
  endpoint: 'PUT /rest/api/3/issue/{issueIdOrKey}',
  issue: 'A-1',
  ...overrides,
});

describe('RateLimitGate', () => {
  it('holds a scope until the latest time it learnt, and passes on only its own holds', () => {
    const gate = new RateLimitGate();
    const shared: Array<[string, HoldReason, number]> = [];
    gate.shareHoldsWith((key, reason, until) => shared.push([key, reason, until]));

    gate.hold(target(), 'connection', 'unspecified', 12_000);
    gate.hold(target(), 'connection', 'unspecified', 11_000); // ends earlier: tells nobody
    gate.holdUntil(keyOf(target(), 'connection')!, 'unspecified', 15_000); // from another instance
    gate.holdUntil(keyOf(target({ connectionId: 'c2' }), 'connection')!, 'unspecified', 11_000);

    expect(shared).toEqual([['connection c1', 'unspecified', 12_000]]);
    expect(gate.heldBy(target(), 10_000)).toEqual({
      scope: 'connection',
      reason: 'unspecified',
      until: 15_000,
    });
    expect(gate.heldBy(target({ connectionId: 'c2' }), 10_500)?.until).toBe(11_000);
    expect(gate.heldBy(target({ connectionId: 'c2' }), 11_000)).toBeUndefined();
    expect(gate.heldBy(target({ connectionId: 'c3' }), 10_000)).toBeUndefined();
  });

  it.each([
    ['jira-burst-based', 'endpoint'],
    ['jira-per-issue-on-write', 'issue'],
    ['jira-quota-global-based', 'app'],
    ['jira-quota-tenant-based', 'app-site'],
    ['unspecified', 'connection'],
    ['service-unavailable', 'connection'],
  ] as const)('a %s limit holds the %s scope', (reason, scope) => {
    expect(scopeOfReason(reason, target())).toBe(scope);
  });

  it('holds a per-issue limit met by a request that names no issue on its endpoint', () => {
    expect(scopeOfReason('jira-per-issue-on-write', target({ issue: undefined }))).toBe('endpoint');
  });

  it('holds back exactly the requests of each scope', () => {
    const cases: Array<[Parameters<RateLimitGate['hold']>[1], RequestTarget[], RequestTarget[]]> = [
      [
        'endpoint',
        [target({ issue: 'B-2' }), target({ issue: undefined })],
        [
          target({ endpoint: 'GET /rest/api/3/issue/{issueIdOrKey}', method: 'GET' }),
          target({ connectionId: 'c2' }),
        ],
      ],
      [
        'issue',
        [target({ connectionId: 'c2', endpoint: 'POST /rest/api/3/issue/{issueIdOrKey}/comment' })],
        [target({ issue: 'B-2' }), target({ issue: undefined }), target({ site: 'other-site' })],
      ],
      [
        'app',
        [target({ connectionId: 'c9', site: 'other-site', issue: undefined })],
        [target({ app: 'client:app-2' }), target({ app: 'credential:x' })],
      ],
      [
        'app-site',
        [target({ connectionId: 'c9', issue: undefined })],
        [target({ site: 'other-site' }), target({ app: 'client:app-2' })],
      ],
    ];
    for (const [scope, held, free] of cases) {
      const gate = new RateLimitGate();
      gate.hold(target(), scope, 'jira-burst-based', 5000);
      for (const other of held)
        expect([scope, gate.heldBy(other, 0)?.scope]).toEqual([scope, scope]);
      for (const other of free) expect([scope, gate.heldBy(other, 0)]).toEqual([scope, undefined]);
    }
  });

  describe('pacing', () => {
    it('gives concurrent requests successive turns, only while the pacing lasts', () => {
      const gate = new RateLimitGate();
      gate.observe('c1', { nearLimit: true, clear: false }, 1000);

      expect([
        gate.takeTurn('c1', 1000),
        gate.takeTurn('c1', 1000),
        gate.takeTurn('c1', 1100),
      ]).toEqual([250, 500, 650]);
      expect(gate.takeTurn('c2', 1000)).toBe(0);
      // A near-limit answer without a reset paces for ten seconds.
      expect(gate.isPaced('c1', 10_999)).toBe(true);
      expect(gate.takeTurn('c1', 11_000)).toBe(0);
      expect(gate.isPaced('c1', 11_000)).toBe(false);
    });

    it('spreads what remains over the time to the reset, within 100 ms and 1 s', () => {
      const gate = new RateLimitGate();
      const at = (remaining: number, resetIn: number) => ({
        nearLimit: true,
        clear: false,
        remaining,
        resetAt: 1000 + resetIn,
      });
      gate.observe('slow', at(2, 60_000), 1000);
      gate.observe('mid', at(10, 4000), 1000);
      gate.observe('fast', at(1000, 1000), 1000);
      expect(gate.takeTurn('slow', 1000)).toBe(1000);
      expect(gate.takeTurn('mid', 1000)).toBe(400);
      expect(gate.takeTurn('fast', 1000)).toBe(100);
      // A reset a minute or more away paces for at most a minute.
      expect(gate.isPaced('slow', 61_001)).toBe(false);
    });

    it('ends when an answer says the pressure is over; an answer that says nothing changes nothing', () => {
      const gate = new RateLimitGate();
      gate.observe('c1', { nearLimit: true, clear: false }, 0);
      gate.observe('c1', { nearLimit: false, clear: false }, 10);
      expect(gate.isPaced('c1', 20)).toBe(true);
      gate.observe('c1', { nearLimit: false, clear: true }, 30);
      expect(gate.isPaced('c1', 40)).toBe(false);
      expect(gate.takeTurn('c1', 40)).toBe(0);
    });
  });
});
