import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every filter combination of `GET /api/executions` with its sort (`started_at DESC, id`): one
 * index per set of equality filters among action, alias and status, each followed by the sort
 * columns, so a page (offset or keyset) and the bounded count behind the total read only the
 * entries they answer with. `from` and `to` are ranges on the `started_at` that follows.
 * `request_id` keeps its own index: a request runs one execution, or a handful. The single-column
 * indexes on action, alias and started_at are left-hand parts of the new ones, so they go.
 * Plain CREATE INDEX with a DESC column, the same on SQLite and PostgreSQL. Decision 58.
 */
export const EXECUTION_HISTORY_INDEXES: ReadonlyArray<{ name: string; columns: string[] }> = [
  { name: 'idx_executions_started', columns: [] },
  { name: 'idx_executions_action_started', columns: ['action'] },
  { name: 'idx_executions_alias_started', columns: ['alias'] },
  { name: 'idx_executions_status_started', columns: ['status'] },
  { name: 'idx_executions_action_alias_started', columns: ['action', 'alias'] },
  { name: 'idx_executions_action_status_started', columns: ['action', 'status'] },
  { name: 'idx_executions_alias_status_started', columns: ['alias', 'status'] },
  {
    name: 'idx_executions_action_alias_status_started',
    columns: ['action', 'alias', 'status'],
  },
];

const REPLACED = ['idx_executions_action', 'idx_executions_alias', 'idx_executions_started_at'];

export class ExecutionHistoryIndexes1796400300000000 implements MigrationInterface {
  name = 'ExecutionHistoryIndexes1796400300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { name, columns } of EXECUTION_HISTORY_INDEXES) {
      const keys = [...columns, 'started_at DESC', 'id'].join(', ');
      await queryRunner.query(`CREATE INDEX ${name} ON executions (${keys})`);
    }
    for (const name of REPLACED) await queryRunner.query(`DROP INDEX ${name}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX idx_executions_action ON executions (action)');
    await queryRunner.query('CREATE INDEX idx_executions_alias ON executions (alias)');
    await queryRunner.query('CREATE INDEX idx_executions_started_at ON executions (started_at)');
    for (const { name } of EXECUTION_HISTORY_INDEXES) await queryRunner.query(`DROP INDEX ${name}`);
  }
}
