import { HubError, HubErrorCode } from '../common/hub-error';
import { RenewalSteps, SingleFlightRenewal } from './single-flight-renewal';

interface Row {
  version: number;
  expired: boolean;
  leaseOwner: string | null;
}

/**
 * The database row as two hub instances see it: reads return a copy, the lease is a compare-and-
 * swap on the version. Strict: a token fetch nobody expected fails the test at once.
 */
class SharedRow {
  row: Row = { version: 1, expired: true, leaseOwner: null };
  fetches = 0;
  allowedFetches = 1;
  private heldFetch?: { release(): void; done: Promise<void> };

  holdNextFetch(): () => void {
    let release = () => {};
    const done = new Promise<void>((resolve) => (release = resolve));
    this.heldFetch = { release, done };
    return release;
  }

  steps(owner: string, log: string[]): RenewalSteps<Row> {
    return {
      read: () => Promise.resolve({ ...this.row }),
      needsRenewal: (row) => row.expired,
      takeLease: (row) => {
        log.push(`${owner} lease v${row.version}`);
        if (row.version !== this.row.version || this.row.leaseOwner) return Promise.resolve(false);
        this.row.leaseOwner = owner;
        return Promise.resolve(true);
      },
      renewHoldingLease: async (row) => {
        this.fetches++;
        if (this.fetches > this.allowedFetches) throw new Error(`unexpected fetch by ${owner}`);
        if (this.heldFetch) await this.heldFetch.done;
        this.row = { version: row.version + 1, expired: false, leaseOwner: null };
        return { ...this.row };
      },
    };
  }
}

function instance(options: { sleep?: (ms: number) => Promise<void>; now?: () => number } = {}) {
  const messages: string[] = [];
  const renewal = new SingleFlightRenewal<Row>({
    waitLimitMs: 1000,
    renewing: 'fetch the token',
    renewingGerund: 'fetching the token',
    log: (message) => messages.push(message),
    sleep: options.sleep ?? (() => Promise.resolve()),
    now: options.now,
  });
  return { renewal, messages };
}

describe('SingleFlightRenewal', () => {
  it('lets concurrent callers in one process share one renewal', async () => {
    const shared = new SharedRow();
    const log: string[] = [];
    const { renewal } = instance();

    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        renewal.renew('credential-1', 'Jira', shared.steps('a', log)),
      ),
    );

    expect(results.map((row) => row.version)).toEqual(Array(10).fill(2));
    expect(shared.fetches).toBe(1);
    expect(log).toEqual(['a lease v1']);
  });

  it('makes the instance without the lease wait for the other one and renew nothing itself', async () => {
    const shared = new SharedRow();
    const log: string[] = [];
    const release = shared.holdNextFetch();
    const first = instance();
    // The waiting instance's pause is where the other one finishes: no timer involved.
    const second = instance({
      sleep: () => {
        release();
        return Promise.resolve();
      },
    });

    const a = first.renewal.renew('credential-1', 'Jira', shared.steps('a', log));
    await Promise.resolve();
    const b = second.renewal.renew('credential-1', 'Jira', shared.steps('b', log));
    const [fromA, fromB] = await Promise.all([a, b]);

    expect(fromA).toEqual(fromB);
    expect(shared.fetches).toBe(1);
    expect(log).toEqual(['a lease v1', 'b lease v1']);
    expect(second.messages).toEqual([
      'Waiting for another hub instance to fetch the token of connection "Jira"',
    ]);
  });

  it('does not take a lease when the row needs no renewal', async () => {
    const shared = new SharedRow();
    shared.row.expired = false;
    shared.allowedFetches = 0;
    const log: string[] = [];
    const { renewal } = instance();

    await expect(renewal.renew('credential-1', 'Jira', shared.steps('a', log))).resolves.toEqual(
      shared.row,
    );
    expect(log).toEqual([]);
  });

  it('gives every sharer the failure, and the next caller tries again', async () => {
    const shared = new SharedRow();
    const log: string[] = [];
    const { renewal } = instance();
    const failing: RenewalSteps<Row> = {
      ...shared.steps('a', log),
      renewHoldingLease: () => {
        shared.row.leaseOwner = null;
        return Promise.reject(new Error('token endpoint refused'));
      },
    };

    const both = [renewal.renew('k', 'Jira', failing), renewal.renew('k', 'Jira', failing)];
    await expect(Promise.all(both)).rejects.toThrow('token endpoint refused');
    await expect(both[1]).rejects.toThrow('token endpoint refused');
    expect(log).toEqual(['a lease v1']);

    await expect(renewal.renew('k', 'Jira', shared.steps('a', log))).resolves.toMatchObject({
      version: 2,
    });
    expect(shared.fetches).toBe(1);
  });

  it('gives up waiting for a lease holder that never finishes, naming the connection', async () => {
    const shared = new SharedRow();
    shared.row.leaseOwner = 'gone';
    shared.allowedFetches = 0;
    let clock = 0;
    const { renewal } = instance({
      now: () => clock,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
    });

    const outcome = renewal.renew('k', 'Jira SM', shared.steps('a', []));
    await expect(outcome).rejects.toBeInstanceOf(HubError);
    await expect(outcome).rejects.toMatchObject({
      code: HubErrorCode.UpstreamFailed,
      message:
        'Another hub instance has been fetching the token of connection "Jira SM" for too long; try again',
    });
  });
});
