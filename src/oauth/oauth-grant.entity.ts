import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const OAUTH_GRANTS_TABLE = 'oauth_grants';

export enum OAuthGrantStatus {
  Authorized = 'authorized',
  ReauthorizationRequired = 'reauthorization_required',
}

export interface GrantedSite {
  id: string;
  name: string;
  url: string;
}

/**
 * One OAuth grant (an access and a rotating refresh token) and the lease that keeps its refreshes
 * single. Several connections share a grant when one consent covered several sites: Atlassian
 * rotates the refresh token, so copies of it would die at the first refresh.
 */
@Entity({ name: OAUTH_GRANTS_TABLE })
export class OAuthGrantEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'credential_id', type: 'varchar', length: 36 })
  credentialId: string;

  @Column({ type: 'varchar', length: 30 })
  status: OAuthGrantStatus;

  // Ciphertexts from SecretBox, bound to this row's id and the field names accessToken/refreshToken.
  @Column({ name: 'access_token_ciphertext', type: 'text', nullable: true })
  accessTokenCiphertext: string | null;

  @Column({ name: 'refresh_token_ciphertext', type: 'text', nullable: true })
  refreshTokenCiphertext: string | null;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @Column({ name: 'granted_scopes', type: 'simple-json' })
  grantedScopes: string[];

  /** The sites the grant covers, from accessible-resources at authorization. */
  @Column({ type: 'simple-json' })
  sites: GrantedSite[];

  /** Bumped whenever a new token set is stored: the compare-and-swap that keeps refreshes single. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'refresh_lease_owner', type: 'varchar', length: 64, nullable: true })
  refreshLeaseOwner: string | null;

  @Column({ name: 'refresh_lease_until', type: Date, nullable: true })
  refreshLeaseUntil: Date | null;

  /** Set when a refresh was sent but its answer was lost: the stored refresh token may be spent. */
  @Column({ name: 'refresh_in_doubt_since', type: Date, nullable: true })
  refreshInDoubtSince: Date | null;

  /**
   * When consent was given (the callback that stored this grant); a refresh never changes it.
   * Atlassian ends the grant 365 days later (CONSENT_LIFETIME_DAYS).
   */
  @Column({ name: 'authorized_at', type: Date })
  authorizedAt: Date;

  @Column({ name: 'authorized_by', type: 'varchar', length: 200 })
  authorizedBy: string;

  @Column({ name: 'last_refreshed_at', type: Date, nullable: true })
  lastRefreshedAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
