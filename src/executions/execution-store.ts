import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { ExecutionEntity } from './execution.entity';

/** Where execution rows are written: one transaction per call. */
@Injectable()
export class ExecutionStore {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /**
   * One multi-row INSERT (atomic by itself: every row or none), with each value converted by the
   * driver exactly as TypeORM converts it (dates as UTC text on SQLite), but without the query
   * builder's per-row work, which cost more than the write itself, and without BEGIN and COMMIT
   * around the one statement.
   */
  async insertMany(rows: ExecutionEntity[]): Promise<void> {
    await this.unitOfWork.statement((manager) => {
      const { driver } = manager.connection;
      const metadata = manager.connection.getMetadata(ExecutionEntity);
      const parameters: unknown[] = [];
      const tuples = rows.map((row) => {
        const placeholders = metadata.columns.map((column) => {
          parameters.push(driver.preparePersistentValue(column.getEntityValue(row), column));
          return driver.createParameter('value', parameters.length - 1);
        });
        return `(${placeholders.join(', ')})`;
      });
      const columns = metadata.columns.map((column) => driver.escape(column.databaseName));
      return {
        sql: `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
        parameters,
      };
    });
  }
}
