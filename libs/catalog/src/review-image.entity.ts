import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { ReviewEntity } from './review.entity.js';
import { StoredImageColumns } from './stored-image.columns.js';

/** A photo attached to a shopper's review. */
@Entity({ name: 'review_images' })
@Index('idx_review_images_review', ['reviewId', 'position'])
export class ReviewImageEntity extends StoredImageColumns {
  @Column({ name: 'review_id', type: 'varchar', length: 64 })
  reviewId!: string;

  @ManyToOne('ReviewEntity', 'images', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review!: ReviewEntity;
}
