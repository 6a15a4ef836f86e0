import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Sign-in failures counted per (user name, address) pair and per address, each with the time of
 * its last failure and until when it waits. The old counts (per user name) are dropped: they only
 * ever lived for minutes, and their meaning changed.
 */
export class SignInPairs1796325119529145 implements MigrationInterface {
  name = 'SignInPairs1796325119529145';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = timestampType(queryRunner);
    await queryRunner.dropTable('sign_in_failures');
    await queryRunner.createTable(
      new Table({
        name: 'sign_in_failures',
        columns: [
          { name: 'key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'failures', type: 'integer' },
          { name: 'first_failure_at', type: timestamp },
          { name: 'last_failure_at', type: timestamp },
          { name: 'retry_at', type: timestamp, isNullable: true },
        ],
        // Old counts are pruned by the time of their last failure.
        indices: [
          new TableIndex({
            name: 'idx_sign_in_failures_last_failure',
            columnNames: ['last_failure_at'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const timestamp = timestampType(queryRunner);
    await queryRunner.dropTable('sign_in_failures');
    await queryRunner.createTable(
      new Table({
        name: 'sign_in_failures',
        columns: [
          { name: 'key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'failures', type: 'integer' },
          { name: 'first_failure_at', type: timestamp },
          { name: 'locked_until', type: timestamp, isNullable: true },
        ],
      }),
    );
  }
}

function timestampType(queryRunner: QueryRunner): string {
  return queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
}
