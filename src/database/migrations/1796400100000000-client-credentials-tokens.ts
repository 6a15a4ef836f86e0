import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';

/** Service accounts' access tokens (client credentials), shared by every hub instance. */
export class ClientCredentialsTokens1796400100000000 implements MigrationInterface {
  name = 'ClientCredentialsTokens1796400100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'client_credentials_tokens',
        columns: [
          { name: 'credential_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'access_token_ciphertext', type: 'text', isNullable: true },
          { name: 'expires_at', type: timestamp },
          { name: 'granted_scopes', type: 'text' },
          { name: 'version', type: 'integer' },
          { name: 'refresh_lease_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'refresh_lease_until', type: timestamp, isNullable: true },
          { name: 'fetched_at', type: timestamp, isNullable: true },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_at', type: timestamp, default: 'CURRENT_TIMESTAMP' },
          { name: 'updated_at', type: timestamp, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['credential_id'],
            referencedTableName: 'credentials',
            referencedColumnNames: ['id'],
            // A deleted credential's token goes with it.
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('client_credentials_tokens');
  }
}
