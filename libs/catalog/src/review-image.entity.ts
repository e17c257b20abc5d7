import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { PhotoScores, ReasonCode, Verdict } from '#review-relevance';
import type { ReviewEntity } from './review.entity.js';
import { StoredImageColumns } from './stored-image.columns.js';

/**
 * A photo attached to a shopper's review, with the indexer's relevance
 * verdict and, when a moderator disagreed, their override (which wins).
 */
@Entity({ name: 'review_images' })
@Index('idx_review_images_review', ['reviewId', 'position'])
@Index('idx_review_images_verdict', ['verdict', 'id'])
export class ReviewImageEntity extends StoredImageColumns {
  @Column({ name: 'review_id', type: 'varchar', length: 64 })
  reviewId!: string;

  @ManyToOne('ReviewEntity', 'images', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review!: ReviewEntity;

  /** The model's verdict; null until the indexer has scored the photo. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  verdict!: Verdict | null;

  /** Calibrated P(relevant). */
  @Column({ type: 'real', nullable: true })
  relevance!: number | null;

  @Column({ type: 'simple-json', nullable: true })
  reasons!: ReasonCode[] | null;

  @Column({ type: 'simple-json', nullable: true })
  scores!: PhotoScores | null;

  /** Model, head and product photos the verdict was made with: when any changes, the photo is re-scored. */
  @Column({ name: 'scored_key', type: 'varchar', length: 200, nullable: true })
  scoredKey!: string | null;

  @Column({ name: 'scored_at', type: Date, nullable: true })
  scoredAt!: Date | null;

  @Column({ name: 'override_verdict', type: 'varchar', length: 16, nullable: true })
  overrideVerdict!: Exclude<Verdict, 'needs_review'> | null;

  @Column({ name: 'override_note', type: 'varchar', length: 500, nullable: true })
  overrideNote!: string | null;

  @Column({ name: 'overridden_at', type: Date, nullable: true })
  overriddenAt!: Date | null;

  /** Grows on every verdict or override change: the vector point's version. */
  @Column({ type: 'integer', default: 0 })
  revision!: number;
}

/** What shoppers see: a moderator's decision, else the model's. */
export const effectiveVerdict = (
  photo: Pick<ReviewImageEntity, 'verdict' | 'overrideVerdict'>,
): Verdict | null => photo.overrideVerdict ?? photo.verdict;
