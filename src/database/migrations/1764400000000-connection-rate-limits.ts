import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';

/** Until when Atlassian asked each connection to wait (429), for every hub instance to honour. */
export class ConnectionRateLimits1764400000000 implements MigrationInterface {
  name = 'ConnectionRateLimits1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'connection_rate_limits',
        columns: [
          { name: 'connection_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'blocked_until', type: timestamp },
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

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('connection_rate_limits');
  }
}
