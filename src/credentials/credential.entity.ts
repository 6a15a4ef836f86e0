import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CredentialType } from './credential-type';

export const CREDENTIALS_TABLE = 'credentials';

@Entity({ name: CREDENTIALS_TABLE })
export class CredentialEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  type: CredentialType;

  @Column({ type: 'varchar', length: 320, nullable: true })
  username: string | null;

  @Column({ name: 'client_id', type: 'varchar', length: 200, nullable: true })
  clientId: string | null;

  @Column({ name: 'authorization_url', type: 'varchar', length: 500, nullable: true })
  authorizationUrl: string | null;

  @Column({ name: 'token_url', type: 'varchar', length: 500, nullable: true })
  tokenUrl: string | null;

  // Ciphertexts from SecretBox (AES-256-GCM, bound to this row's id and the field name).
  @Column({ name: 'api_token_ciphertext', type: 'text', nullable: true })
  apiTokenCiphertext: string | null;

  @Column({ name: 'client_secret_ciphertext', type: 'text', nullable: true })
  clientSecretCiphertext: string | null;

  @Column({ name: 'token_ciphertext', type: 'text', nullable: true })
  tokenCiphertext: string | null;

  @Column({ name: 'expires_at', type: Date, nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
