import { And, FindOptionsWhere, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { getRepositoryToken } from '@nestjs/typeorm';
import { UnitOfWork } from '../src/database/unit-of-work';
import { ExecutionEntity } from '../src/executions/execution.entity';
import { ExecutionStore } from '../src/executions/execution-store';
import { EXACT_TOTAL_UP_TO } from '../src/executions/execution-history-reader';
import { ExecutionsService, PRUNE_BATCH } from '../src/executions/executions.service';
import { executionRow } from './factories/executions';
import { Api } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface Page {
  items: Array<{ id: string; startedAt: string; status: string; alias: string }>;
  total: number;
  totalExact: boolean;
  limit: number;
  offset: number;
  nextCursor: string | null;
}

describe('Execution history at scale', () => {
  let hub: TestHub;
  let admin: Api;
  let store: ExecutionStore;

  beforeAll(async () => {
    hub = await startTestHub({ env: { HUB_EXECUTION_RETENTION_DAYS: '30' } });
    admin = new Api(hub.http, hub.adminToken);
    store = hub.app.get(ExecutionStore);
  });
  afterAll(() => hub.close());

  /** Stores rows directly, 500 per transaction, as the execution writer does. */
  async function storeRows(rows: ExecutionEntity[]): Promise<void> {
    for (let start = 0; start < rows.length; start += 500) {
      await store.insertMany(rows.slice(start, start + 500));
    }
  }

  const list = async (query: string): Promise<Page> =>
    (await admin.get(`/api/executions?${query}`).expect(200)).body as Page;

  describe('keyset paging', () => {
    it('pages through a filtered history without repeating or skipping rows while executions are recorded', async () => {
      const base = Date.now() - 2 * DAY;
      // Groups of three share a start to the millisecond: the id must break the tie.
      const rows = Array.from({ length: 60 }, (_, i) =>
        executionRow({
          alias: 'Keyset_Alias',
          status: i % 3 === 0 ? 'success' : 'error',
          startedAt: new Date(base + Math.floor(i / 3) * MINUTE),
        }),
      );
      await storeRows(rows);
      const expected = rows
        .filter((row) => row.status === 'error')
        .sort(
          (a, b) =>
            b.startedAt.getTime() - a.startedAt.getTime() ||
            (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        )
        .map((row) => row.id);

      const seen: string[] = [];
      let page = await list('alias=Keyset_Alias&status=error&limit=7');
      let newer = 0;
      for (;;) {
        seen.push(...page.items.map((item) => item.id));
        if (!page.nextCursor) break;
        // Executions recorded meanwhile, matching the filter: offsets would shift under them.
        await hub.app.get(ExecutionsService).recordExecution(
          executionRow({
            alias: 'Keyset_Alias',
            status: 'error',
            startedAt: new Date(Date.now() + ++newer * MINUTE),
          }),
        );
        page = await list(`alias=Keyset_Alias&status=error&limit=7&cursor=${page.nextCursor}`);
        expect(page.offset).toBe(0);
      }

      expect(seen).toEqual(expected);
      expect(newer).toBe(Math.ceil(expected.length / 7) - 1);
    });

    it('answers nextCursor null on the last page, and a full last page is not followed by an empty one', async () => {
      const rows = Array.from({ length: 4 }, () => executionRow({ alias: 'Exact_Pages' }));
      await storeRows(rows);

      const first = await list('alias=Exact_Pages&limit=2');
      const second = await list(`alias=Exact_Pages&limit=2&cursor=${first.nextCursor}`);

      expect(first.nextCursor).toEqual(expect.any(String));
      expect(second.items).toHaveLength(2);
      expect(second.nextCursor).toBeNull();
      expect([...first.items, ...second.items].map((item) => item.id).sort()).toEqual(
        rows.map((row) => row.id).sort(),
      );
    });

    it('refuses a cursor it did not make, naming the field (400, never 500)', async () => {
      for (const cursor of ['not+base64', Buffer.from('yesterday_x').toString('base64url')]) {
        const response = await admin
          .get(`/api/executions?cursor=${encodeURIComponent(cursor)}`)
          .expect(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      }
    });

    it('refuses cursor together with an offset, naming offset', async () => {
      const first = await list('limit=1');
      const response = await admin
        .get(`/api/executions?limit=1&offset=3&cursor=${first.nextCursor}`)
        .expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'offset', rule: 'notWithCursor' }),
      ]);
    });
  });

  describe('the total', () => {
    it(`is counted up to ${EXACT_TOTAL_UP_TO} matches, estimated above, and counted when asked for`, async () => {
      const count = EXACT_TOTAL_UP_TO + 50;
      const newest = Date.now() - DAY;
      // One execution every 5 s: a steady rate, as the estimate assumes.
      await storeRows(
        Array.from({ length: count }, (_, i) =>
          executionRow({ alias: 'Busy_Alias', startedAt: new Date(newest - i * 5000) }),
        ),
      );
      await storeRows([
        executionRow({ alias: 'Quiet_Alias' }),
        executionRow({ alias: 'Quiet_Alias' }),
      ]);

      const estimated = await list('alias=Busy_Alias&limit=1');
      expect(estimated.totalExact).toBe(false);
      expect(estimated.total).toBeGreaterThan(EXACT_TOTAL_UP_TO);
      expect(Math.abs(estimated.total - count)).toBeLessThanOrEqual(count * 0.05);

      const exact = await list('alias=Busy_Alias&limit=1&total=exact');
      expect(exact).toEqual(expect.objectContaining({ total: count, totalExact: true }));

      const few = await list('alias=Quiet_Alias');
      expect(few).toEqual(expect.objectContaining({ total: 2, totalExact: true }));
    });

    it('refuses another total mode, naming the field', async () => {
      const response = await admin.get('/api/executions?total=approximate').expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'total', rule: 'isIn' }),
      ]);
    });
  });

  describe('the read path (a worker thread on SQLite)', () => {
    it('answers what the TypeORM query it replaced answers, for each filter', async () => {
      const base = Date.now() - 3 * DAY;
      const rows = Array.from({ length: 40 }, (_, i) =>
        executionRow({
          action: i % 2 ? 'jira.get_myself' : 'jsm.create_customer',
          alias: i % 4 < 2 ? 'Same_A' : 'Same_B',
          status: i % 5 === 0 ? 'error' : 'success',
          requestId: `same-request-${i % 8}`,
          connectionId: i % 3 ? null : '11111111-2222-4333-8444-555555555555',
          outputs: i % 7 ? '{"ok":true}' : null,
          startedAt: new Date(base + Math.floor(i / 2) * MINUTE),
          finishedAt: new Date(base + Math.floor(i / 2) * MINUTE + 1234),
          durationMs: 1234,
        }),
      );
      await storeRows(rows);
      const repository = hub.app.get<Repository<ExecutionEntity>>(
        getRepositoryToken(ExecutionEntity),
      );
      const from = new Date(base + 5 * MINUTE);
      const to = new Date(base + 15 * MINUTE);
      const cases: Array<{
        query: Record<string, string | number>;
        where: FindOptionsWhere<ExecutionEntity>;
      }> = [
        { query: { alias: 'Same_A' }, where: { alias: 'Same_A' } },
        {
          query: { alias: 'Same_B', action: 'jira.get_myself' },
          where: { alias: 'Same_B', action: 'jira.get_myself' },
        },
        {
          query: { alias: 'Same_A', status: 'error' },
          where: { alias: 'Same_A', status: 'error' },
        },
        {
          query: { requestId: 'same-request-3', action: 'jira.get_myself' },
          where: { requestId: 'same-request-3', action: 'jira.get_myself' },
        },
        {
          query: { alias: 'Same_B', from: from.toISOString(), to: to.toISOString(), offset: 2 },
          where: { alias: 'Same_B', startedAt: And(MoreThanOrEqual(from), LessThan(to)) },
        },
        {
          query: { alias: 'Same_A', to: to.toISOString(), limit: 3, offset: 4 },
          where: { alias: 'Same_A', startedAt: LessThan(to) },
        },
      ];
      for (const { query, where } of cases) {
        const limit = Number(query.limit ?? 50);
        const offset = Number(query.offset ?? 0);
        const [entities, total] = await repository.findAndCount({
          where,
          order: { startedAt: 'DESC', id: 'ASC' },
          take: limit,
          skip: offset,
        });
        const params = new URLSearchParams(
          Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
        );

        const page = await list(params.toString());

        expect({ query, total: page.total, items: page.items }).toEqual({
          query,
          total,
          items: entities.map((entity) => ({
            id: entity.id,
            action: entity.action,
            alias: entity.alias,
            connectionId: entity.connectionId,
            actor: entity.actor,
            requestId: entity.requestId,
            status: entity.status,
            startedAt: entity.startedAt.toISOString(),
            finishedAt: entity.finishedAt.toISOString(),
            durationMs: entity.durationMs,
          })),
        });
        expect(page.totalExact).toBe(true);
      }
    });
  });

  describe('pruning', () => {
    it('deletes old executions in several small transactions and keeps newer ones', async () => {
      const executions = hub.app.get(ExecutionsService);
      const old = Array.from({ length: 1217 }, (_, i) =>
        executionRow({ alias: 'Prune_Alias', startedAt: new Date(Date.now() - 31 * DAY - i) }),
      );
      const recent = executionRow({
        alias: 'Prune_Alias',
        startedAt: new Date(Date.now() - 29 * DAY),
      });
      await storeRows([...old, recent]);
      const transactions = jest.spyOn(hub.app.get(UnitOfWork), 'run');
      let batches: number[];
      try {
        expect(await executions.pruneExecutions()).toBe(old.length);
        batches = (await Promise.all(
          transactions.mock.results.map((result) => result.value as Promise<unknown>),
        )) as number[];
      } finally {
        transactions.mockRestore();
      }

      expect(batches.length).toBeGreaterThan(1);
      expect(batches[0]).toBe(PRUNE_BATCH.firstRows);
      for (const rows of batches) expect(rows).toBeLessThanOrEqual(PRUNE_BATCH.maxRows);
      expect(batches.reduce((sum, rows) => sum + rows, 0)).toBe(old.length);
      const left = await list('alias=Prune_Alias&total=exact');
      expect(left.items.map((item) => item.id)).toEqual([recent.id]);
      expect(await executions.pruneExecutions()).toBe(0);
    });
  });
});
