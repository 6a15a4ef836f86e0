import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';

/**
 * Rate limits held by scope instead of by connection: `rate_limit_holds` is keyed by what a limit
 * holds back (a connection, an endpoint on a connection, an issue of a site, an OAuth app, an app
 * on a site), so it has no foreign key. The old per-connection blocks are dropped: they lived for
 * seconds, and the next 429 writes its hold again.
 */
export class RateLimitHolds1796400200000000 implements MigrationInterface {
  name = 'RateLimitHolds1796400200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = timestampType(queryRunner);
    await queryRunner.dropTable('connection_rate_limits');
    await queryRunner.createTable(
      new Table({
        name: 'rate_limit_holds',
        columns: [
          { name: 'scope_key', type: 'varchar', length: '1200', isPrimary: true },
          { name: 'reason', type: 'varchar', length: '64' },
          { name: 'held_until', type: timestamp },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_limit_holds');
    await queryRunner.createTable(
      new Table({
        name: 'connection_rate_limits',
        columns: [
          { name: 'connection_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'blocked_until', type: timestampType(queryRunner) },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['connection_id'],
            referencedTableName: 'connections',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }
}

function timestampType(queryRunner: QueryRunner): string {
  return queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
}
