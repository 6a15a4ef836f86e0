import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** OAuth 2.0 grants, which connection uses which, and the states of flows in progress. */
export class OAuthGrants1764200000000 implements MigrationInterface {
  name = 'OAuthGrants1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
    const connectionForeignKey = () =>
      new TableForeignKey({
        columnNames: ['connection_id'],
        referencedTableName: 'connections',
        referencedColumnNames: ['id'],
        // A connection's OAuth link and its flows in progress go with it.
        onDelete: 'CASCADE',
      });
    await queryRunner.createTable(
      new Table({
        name: 'oauth_grants',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'credential_id', type: 'varchar', length: '36' },
          { name: 'status', type: 'varchar', length: '30' },
          { name: 'access_token_ciphertext', type: 'text', isNullable: true },
          { name: 'refresh_token_ciphertext', type: 'text', isNullable: true },
          { name: 'expires_at', type: timestamp },
          { name: 'granted_scopes', type: 'text' },
          { name: 'sites', type: 'text' },
          { name: 'version', type: 'integer' },
          { name: 'refresh_lease_owner', type: 'varchar', length: '64', isNullable: true },
          { name: 'refresh_lease_until', type: timestamp, isNullable: true },
          { name: 'refresh_in_doubt_since', type: timestamp, isNullable: true },
          { name: 'authorized_at', type: timestamp },
          { name: 'authorized_by', type: 'varchar', length: '200' },
          { name: 'last_refreshed_at', type: timestamp, isNullable: true },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_at', type: timestamp, default: 'CURRENT_TIMESTAMP' },
          { name: 'updated_at', type: timestamp, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['credential_id'],
            referencedTableName: 'credentials',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oauth_connection_grants',
        columns: [
          { name: 'connection_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'grant_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: timestamp, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [
          connectionForeignKey(),
          new TableForeignKey({
            columnNames: ['grant_id'],
            referencedTableName: 'oauth_grants',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({ name: 'idx_oauth_connection_grants_grant', columnNames: ['grant_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oauth_states',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'connection_id', type: 'varchar', length: '36' },
          { name: 'started_by_kind', type: 'varchar', length: '20' },
          { name: 'started_by_id', type: 'varchar', length: '100' },
          { name: 'started_by_name', type: 'varchar', length: '200' },
          { name: 'code_verifier_ciphertext', type: 'text' },
          { name: 'redirect_uri', type: 'varchar', length: '600' },
          { name: 'requested_scopes', type: 'text' },
          { name: 'return_to', type: 'varchar', length: '500', isNullable: true },
          { name: 'expires_at', type: timestamp },
          { name: 'created_at', type: timestamp, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [connectionForeignKey()],
        indices: [
          new TableIndex({ name: 'idx_oauth_states_expires_at', columnNames: ['expires_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oauth_states');
    await queryRunner.dropTable('oauth_connection_grants');
    await queryRunner.dropTable('oauth_grants');
  }
}
