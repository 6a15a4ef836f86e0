import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The id of the request that ran each execution, as in the hub's log lines and the X-Request-Id
 * header. Null for executions recorded before. Plain ALTER TABLE, the same on SQLite and
 * PostgreSQL: no copy of the table on SQLite.
 */
export class ExecutionRequestIds1796326989268417 implements MigrationInterface {
  name = 'ExecutionRequestIds1796326989268417';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE executions ADD COLUMN request_id varchar(64)');
    await queryRunner.query('CREATE INDEX idx_executions_request_id ON executions (request_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX idx_executions_request_id');
    await queryRunner.query('ALTER TABLE executions DROP COLUMN request_id');
  }
}
