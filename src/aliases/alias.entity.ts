import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { Spoke } from '../spokes/spoke';

@Entity({ name: 'aliases' })
export class AliasEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 40 })
  spoke: Spoke;

  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
