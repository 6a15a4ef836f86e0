import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The site name (host) of a cloud id, as learnt from "Find cloud id": connections store only the
 * cloud id, which means nothing to a reader. OAuth grants carry their own site names.
 */
@Entity({ name: 'sites' })
export class SiteEntity {
  @PrimaryColumn({ name: 'cloud_id', type: 'varchar', length: 36 })
  cloudId: string;

  @Column({ type: 'varchar', length: 255 })
  host: string;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
