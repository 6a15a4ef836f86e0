import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { Role } from './role';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  username: string;

  /** scrypt, salted: `scrypt$<salt>$<hash>`. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** Set for a password the user did not choose (the generated first admin's); the console asks. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
