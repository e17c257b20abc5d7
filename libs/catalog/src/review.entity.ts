import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
} from 'typeorm';
import type { ProductEntity } from './product.entity.js';
import { ReviewImageEntity } from './review-image.entity.js';

/** A shopper's review of a product, with optional photos. */
@Entity({ name: 'reviews' })
@Index('idx_reviews_product', ['productId', 'createdAt'])
export class ReviewEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'product_id', type: 'varchar', length: 64 })
  productId!: string;

  @ManyToOne('ProductEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product!: ProductEntity;

  @Column({ type: 'varchar', length: 100 })
  author!: string;

  @Column({ type: 'integer' })
  rating!: number;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 8 })
  lang!: string;

  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @OneToMany(() => ReviewImageEntity, (image) => image.review, { cascade: true })
  images!: ReviewImageEntity[];
}
