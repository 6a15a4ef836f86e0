import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const CLIENT_CREDENTIALS_TOKENS_TABLE = 'client_credentials_tokens';

/**
 * The access token a service account's credential last got (grant_type=client_credentials), kept
 * in the database so that every hub instance uses it until shortly before it expires, and the
 * lease that keeps its renewal single across instances (the same compare-and-swap on `version` as
 * OAuth grants). One row per credential: the token is the account's, whatever site it is used on.
 */
@Entity({ name: CLIENT_CREDENTIALS_TOKENS_TABLE })
export class ClientCredentialsTokenEntity {
  @PrimaryColumn({ name: 'credential_id', type: 'varchar', length: 36 })
  credentialId: string;

  // SecretBox ciphertext bound to this table, the credential id and the field name accessToken;
  // null until the first token (the row exists to carry the lease of that first fetch).
  @Column({ name: 'access_token_ciphertext', type: 'text', nullable: true })
  accessTokenCiphertext: string | null;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @Column({ name: 'granted_scopes', type: 'simple-json' })
  grantedScopes: string[];

  /** Bumped whenever a new token is stored: the compare-and-swap that keeps fetches single. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'refresh_lease_owner', type: 'varchar', length: 64, nullable: true })
  refreshLeaseOwner: string | null;

  @Column({ name: 'refresh_lease_until', type: Date, nullable: true })
  refreshLeaseUntil: Date | null;

  @Column({ name: 'fetched_at', type: Date, nullable: true })
  fetchedAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
