import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ProductImageEntity } from './product-image.entity.js';

/**
 * A listing. `version` grows by one on every accepted write; events carry it
 * so the indexer can drop a stale event that arrives after a newer one.
 */
@Entity({ name: 'products' })
@Index('idx_products_category', ['category'])
export class ProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'title_en', type: 'varchar', length: 300 })
  titleEn!: string;

  @Column({ name: 'title_zh', type: 'varchar', length: 300 })
  titleZh!: string;

  @Column({ name: 'description_en', type: 'text' })
  descriptionEn!: string;

  @Column({ name: 'description_zh', type: 'text' })
  descriptionZh!: string;

  @Column({ type: 'varchar', length: 40 })
  category!: string;

  @Column({ type: 'varchar', length: 40 })
  colour!: string;

  @Column({ type: 'varchar', length: 100 })
  brand!: string;

  /** Whole cents, so sums and filters are exact on every database. */
  @Column({ name: 'price_cents', type: 'integer' })
  priceCents!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ type: 'real' })
  rating!: number;

  @Column({ type: 'integer' })
  stock!: number;

  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @OneToMany(() => ProductImageEntity, (image) => image.product, { cascade: true })
  images!: ProductImageEntity[];
}
