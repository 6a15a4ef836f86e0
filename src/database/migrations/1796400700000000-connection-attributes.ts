import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Named values per connection (a service desk id, a project key) that action inputs can take, so
 * one flow runs unchanged through each child alias. Existing connections start with none.
 */
export class ConnectionAttributes1796400700000000 implements MigrationInterface {
  name = 'ConnectionAttributes1796400700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE connections ADD COLUMN attributes text NOT NULL DEFAULT '{}'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE connections DROP COLUMN attributes');
  }
}
