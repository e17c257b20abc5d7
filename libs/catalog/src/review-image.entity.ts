import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ReviewEntity } from './review.entity.js';

/** A photo attached to a review; bytes stored like product images (base64 text). */
@Entity({ name: 'review_images' })
@Index('idx_review_images_review', ['reviewId', 'position'])
export class ReviewImageEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'review_id', type: 'varchar', length: 64 })
  reviewId!: string;

  @ManyToOne('ReviewEntity', 'images', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review!: ReviewEntity;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'content_type', type: 'varchar', length: 40 })
  contentType!: string;

  @Column({ type: 'integer' })
  width!: number;

  @Column({ type: 'integer' })
  height!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'data_base64', type: 'text' })
  dataBase64!: string;
}
