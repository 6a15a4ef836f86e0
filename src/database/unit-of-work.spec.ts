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
