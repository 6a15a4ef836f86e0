import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class Executions1763990000000 implements MigrationInterface {
  name = 'Executions1763990000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'executions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'action', type: 'varchar', length: '100' },
          { name: 'alias', type: 'varchar', length: '100' },
          { name: 'connection_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'actor', type: 'varchar', length: '100' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'inputs', type: 'text' },
          { name: 'outputs', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'upstream', type: 'text' },
          { name: 'started_at', type: timestamp },
          { name: 'finished_at', type: timestamp },
          { name: 'duration_ms', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'idx_executions_action', columnNames: ['action'] }),
          new TableIndex({ name: 'idx_executions_alias', columnNames: ['alias'] }),
          new TableIndex({ name: 'idx_executions_started_at', columnNames: ['started_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('executions');
  }
}
