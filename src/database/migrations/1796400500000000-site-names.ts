import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Site names by cloud id, so the console can show `acme.atlassian.net` where it showed a cloud id.
 * Filled from "Find cloud id" from now on; the sites of OAuth grants are read from the grants.
 */
export class SiteNames1796400500000000 implements MigrationInterface {
  name = 'SiteNames1796400500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await queryRunner.query(
      `CREATE TABLE sites (cloud_id varchar(36) PRIMARY KEY NOT NULL, host varchar(255) NOT NULL, updated_at ${timestamp} NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sites');
  }
}
