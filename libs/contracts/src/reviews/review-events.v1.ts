import { IsIn, IsInt, IsISO8601, IsString, Length, Min } from 'class-validator';

/** reviews.v1, key = product id (a product's reviews stay in order). */
export const REVIEW_SCHEMA_VERSION = 1;

/**
 * `review.created`: a new review. `review.updated`: something about its photos
 * changed outside the indexer (a moderator's override, a recalibration); the
 * indexer brings the review's photo verdicts and vectors up to date.
 */
export const REVIEW_EVENT_TYPES = ['review.created', 'review.updated'] as const;

export class ReviewEventV1 {
  @IsIn(REVIEW_EVENT_TYPES) type!: (typeof REVIEW_EVENT_TYPES)[number];
  @IsIn([REVIEW_SCHEMA_VERSION]) schema!: 1;
  @IsString() @Length(1, 64) id!: string;
  @IsString() @Length(1, 64) product_id!: string;
  @IsInt() @Min(1) version!: number;
  /** review_images.id of each photo, in order; the consumer loads the bytes from the catalog. */
  @IsInt({ each: true }) image_ids!: number[];
  @IsISO8601() occurred_at!: string;
}
