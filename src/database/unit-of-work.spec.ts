import { DataSource, EntityManager } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { UnitOfWork } from './unit-of-work';

/** PostgreSQL's answer when a foreign key refuses a write (SQLSTATE 23503). */
function foreignKeyViolation(): Error {
  return Object.assign(new Error('insert or update violates foreign key constraint'), {
    code: '23503',
  });
}

/** A DataSource whose transactions run the work directly: what matters here is how often. */
function unitOfWorkOnPostgres(): UnitOfWork {
  const dataSource = {
    options: { type: 'postgres' },
    transaction: (work: (manager: EntityManager) => Promise<unknown>) => work({} as EntityManager),
  };
  return new UnitOfWork(dataSource as unknown as DataSource);
}

describe('UnitOfWork.runRecheckingReferences', () => {
  it('runs the work again after a foreign key refused it, and answers what the rerun answers', async () => {
    const unitOfWork = unitOfWorkOnPostgres();
    const missing = HubError.invalid(
      'credentialId',
      'exists',
      'credentialId x is not an existing credential',
    );
    let runs = 0;
    const work = jest.fn(async () => {
      runs++;
      if (runs === 1) throw foreignKeyViolation();
      throw missing;
    });

    await expect(unitOfWork.runRecheckingReferences(work)).rejects.toBe(missing);
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('does not run the work again for other failures', async () => {
    const unitOfWork = unitOfWorkOnPostgres();
    const failure = new Error('connection reset');
    const work = jest.fn(() => Promise.reject(failure));

    await expect(unitOfWork.runRecheckingReferences(work)).rejects.toBe(failure);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('answers 409 concurrent_change when the rerun is refused by a foreign key too', async () => {
    const unitOfWork = unitOfWorkOnPostgres();
    const work = jest.fn(() => Promise.reject(foreignKeyViolation()));

    const failure = await unitOfWork.runRecheckingReferences(work).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HubError);
    expect((failure as HubError).code).toBe(HubErrorCode.ConcurrentChange);
    expect(work).toHaveBeenCalledTimes(2);
  });
});

/** A SQLite DataSource that logs its queries and transactions in order. */
function sqliteLog(failTransaction?: Error): { unitOfWork: UnitOfWork; log: string[] } {
  const log: string[] = [];
  const dataSource = {
    options: { type: 'better-sqlite3' },
    query: (sql: string) => {
      log.push(sql);
      return Promise.resolve([]);
    },
    transaction: async (work: (manager: EntityManager) => Promise<unknown>) => {
      log.push('BEGIN');
      await work({} as EntityManager);
      if (failTransaction) throw failTransaction;
      log.push('COMMIT');
    },
  };
  return { unitOfWork: new UnitOfWork(dataSource as unknown as DataSource), log };
}

describe('UnitOfWork.runCrashSafe', () => {
  it('commits without an fsync on SQLite and puts synchronous=FULL back after', async () => {
    const { unitOfWork, log } = sqliteLog();

    await unitOfWork.runCrashSafe(() => Promise.resolve(log.push('work')));

    expect(log).toEqual([
      'PRAGMA synchronous = NORMAL',
      'BEGIN',
      'work',
      'COMMIT',
      'PRAGMA synchronous = FULL',
    ]);
  });

  it('puts synchronous=FULL back when the transaction fails', async () => {
    const failure = new Error('SQLITE_FULL');
    const { unitOfWork, log } = sqliteLog(failure);

    await expect(unitOfWork.runCrashSafe(() => Promise.resolve())).rejects.toBe(failure);
    expect(log.at(-1)).toBe('PRAGMA synchronous = FULL');
  });

  it('lets no other transaction in between the pragmas', async () => {
    const { unitOfWork, log } = sqliteLog();

    await Promise.all([
      unitOfWork.runCrashSafe(() => Promise.resolve(log.push('executions'))),
      unitOfWork.run(() => Promise.resolve(log.push('other'))),
    ]);

    expect(log).toEqual([
      'PRAGMA synchronous = NORMAL',
      'BEGIN',
      'executions',
      'COMMIT',
      'PRAGMA synchronous = FULL',
      'BEGIN',
      'other',
      'COMMIT',
    ]);
  });
});
