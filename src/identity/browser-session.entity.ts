import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
@Entity({ name: 'browser_sessions' })
export class BrowserSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  /** The synchroniser token every console form of this session must send back. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: Date })
  lastSeenAt: Date;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;
}
