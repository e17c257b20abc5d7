import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ProductEntity } from './product.entity.js';

/**
 * A product photo. The bytes live in the database (base64 text: one portable
 * column type on SQLite and PostgreSQL) so that in distributed mode every app
 * that can read the catalog can read its images, with no shared disk.
 */
@Entity({ name: 'product_images' })
@Index('idx_product_images_product', ['productId', 'position'])
export class ProductImageEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'product_id', type: 'varchar', length: 64 })
  productId!: string;

  @ManyToOne('ProductEntity', 'images', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product!: ProductEntity;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'content_type', type: 'varchar', length: 40 })
  contentType!: string;

  @Column({ type: 'integer' })
  width!: number;

  @Column({ type: 'integer' })
  height!: number;

  /** SHA-256 of the bytes: detects a changed photo without comparing blobs. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'data_base64', type: 'text' })
  dataBase64!: string;
}
