import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** Written with TypeORM's schema builder so that the same migration runs on SQLite and PostgreSQL. */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
    const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
    const createdAt = { name: 'created_at', type: timestamp, default: 'CURRENT_TIMESTAMP' };
    const updatedAt = { name: 'updated_at', type: timestamp, default: 'CURRENT_TIMESTAMP' };

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          { name: 'username', type: 'varchar', length: '100', isUnique: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '20' },
          createdAt,
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'token_prefix', type: 'varchar', length: '16' },
          { name: 'created_by', type: 'varchar', length: '100', isNullable: true },
          createdAt,
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'credentials',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200', isUnique: true },
          { name: 'type', type: 'varchar', length: '20' },
          { name: 'username', type: 'varchar', length: '320', isNullable: true },
          { name: 'client_id', type: 'varchar', length: '200', isNullable: true },
          { name: 'authorization_url', type: 'varchar', length: '500', isNullable: true },
          { name: 'token_url', type: 'varchar', length: '500', isNullable: true },
          { name: 'api_token_ciphertext', type: 'text', isNullable: true },
          { name: 'client_secret_ciphertext', type: 'text', isNullable: true },
          { name: 'token_ciphertext', type: 'text', isNullable: true },
          { name: 'expires_at', type: timestamp, isNullable: true },
          createdAt,
          updatedAt,
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'aliases',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '100', isUnique: true },
          { name: 'spoke', type: 'varchar', length: '40' },
          { name: 'parent_id', type: 'varchar', length: '36', isNullable: true },
          createdAt,
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['parent_id'],
            referencedTableName: 'aliases',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'connections',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200', isUnique: true },
          { name: 'url', type: 'varchar', length: '500' },
          { name: 'cloud_id', type: 'varchar', length: '36' },
          { name: 'credential_id', type: 'varchar', length: '36' },
          { name: 'alias_id', type: 'varchar', length: '36' },
          { name: 'scopes', type: 'text' },
          { name: 'active', type: 'boolean' },
          { name: 'max_retries', type: 'integer' },
          { name: 'max_retry_wait_seconds', type: 'integer' },
          { name: 'timeout_ms', type: 'integer' },
          { name: 'last_tested_at', type: timestamp, isNullable: true },
          { name: 'last_test_ok', type: 'boolean', isNullable: true },
          { name: 'last_test_message', type: 'varchar', length: '500', isNullable: true },
          createdAt,
          updatedAt,
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['credential_id'],
            referencedTableName: 'credentials',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
          new TableForeignKey({
            columnNames: ['alias_id'],
            referencedTableName: 'aliases',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
        ],
        indices: [
          new TableIndex({ name: 'idx_connections_alias', columnNames: ['alias_id'] }),
          new TableIndex({ name: 'idx_connections_credential', columnNames: ['credential_id'] }),
          // The database itself keeps "one active connection per alias", also across hub instances.
          new TableIndex({
            name: 'uq_connections_one_active_per_alias',
            columnNames: ['alias_id'],
            isUnique: true,
            where: 'active = true',
          }),
        ],
      }),
    );

    // Each spoke ships its parent alias, as ServiceNow's spokes do (e.g. Jira_SM).
    for (const [name, spoke] of [
      ['Jira', 'jira'],
      ['Jira_SM', 'jsm'],
      ['Atlassian_Admin', 'atlassian-admin'],
    ]) {
      await queryRunner.query(
        queryRunner.connection.driver.options.type === 'postgres'
          ? 'INSERT INTO aliases (id, name, spoke) VALUES ($1, $2, $3)'
          : 'INSERT INTO aliases (id, name, spoke) VALUES (?, ?, ?)',
        [randomUUID(), name, spoke],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('connections');
    await queryRunner.dropTable('aliases');
    await queryRunner.dropTable('credentials');
    await queryRunner.dropTable('api_tokens');
    await queryRunner.dropTable('users');
  }
}
