import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Which OAuth grant a connection signs in with (at most one per connection). */
@Entity({ name: 'oauth_connection_grants' })
export class ConnectionGrantEntity {
  @PrimaryColumn({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId: string;

  @Column({ name: 'grant_id', type: 'varchar', length: 36 })
  grantId: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
