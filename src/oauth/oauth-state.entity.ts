import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const OAUTH_STATES_TABLE = 'oauth_states';

/**
 * One started "Save and Get OAuth Token": kept in the database so any hub instance can finish it,
 * found by the SHA-256 of its state (the state itself is never stored), deleted when used.
 */
@Entity({ name: OAUTH_STATES_TABLE })
export class OAuthStateEntity {
  /** SHA-256 of the state, hex. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId: string;

  @Column({ name: 'started_by_kind', type: 'varchar', length: 20 })
  startedByKind: string;

  @Column({ name: 'started_by_id', type: 'varchar', length: 100 })
  startedById: string;

  @Column({ name: 'started_by_name', type: 'varchar', length: 200 })
  startedByName: string;

  /** The PKCE code verifier, encrypted (field codeVerifier). */
  @Column({ name: 'code_verifier_ciphertext', type: 'text' })
  codeVerifierCiphertext: string;

  @Column({ name: 'redirect_uri', type: 'varchar', length: 600 })
  redirectUri: string;

  @Column({ name: 'requested_scopes', type: 'simple-json' })
  requestedScopes: string[];

  @Column({ name: 'return_to', type: 'varchar', length: 500, nullable: true })
  returnTo: string | null;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
