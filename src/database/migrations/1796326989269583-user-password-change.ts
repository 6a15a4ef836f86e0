import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users whose password someone else chose (the generated first admin) must choose their own at
 * their first console sign-in. Existing users are not asked.
 */
export class UserPasswordChange1796326989269583 implements MigrationInterface {
  name = 'UserPasswordChange1796326989269583';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP COLUMN must_change_password');
  }
}
