import { DataSource } from 'typeorm';
import { TEST_DATABASE } from './test-database';

/**
 * Makes the database refuse every new execution row, as a full disk or a lost connection would
 * refuse the hub's commit; resolves to the function that lets rows in again.
 */
export async function refuseExecutions(dataSource: DataSource): Promise<() => Promise<void>> {
  if (TEST_DATABASE === 'postgres') {
    await dataSource.query(
      'ALTER TABLE executions ADD CONSTRAINT refuse_executions CHECK (false) NOT VALID',
    );
    return async () => {
      await dataSource.query('ALTER TABLE executions DROP CONSTRAINT refuse_executions');
    };
  }
  await dataSource.query(
    "CREATE TRIGGER refuse_executions BEFORE INSERT ON executions BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
  );
  return async () => {
    await dataSource.query('DROP TRIGGER refuse_executions');
  };
}
