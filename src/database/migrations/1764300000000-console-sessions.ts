import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** Console sign-in: sessions shared by every hub instance, and the failed sign-in counters. */
export class ConsoleSessions1764300000000 implements MigrationInterface {
  name = 'ConsoleSessions1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'browser_sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'csrf_token', type: 'varchar', length: '64' },
          { name: 'created_at', type: timestamp },
          { name: 'last_seen_at', type: timestamp },
          { name: 'expires_at', type: timestamp },
        ],
        indices: [new TableIndex({ name: 'idx_browser_sessions_user', columnNames: ['user_id'] })],
        foreignKeys: [
          // Deleting a user ends their sessions with them.
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
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

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sign_in_failures');
    await queryRunner.dropTable('browser_sessions');
  }
}
