import { REVIEW_SCHEMA_VERSION, Topics, type ReviewEventV1 } from '#contracts';
import type { BusMessage } from '#messaging';

/** reviews.v1 `review.updated`: the indexer re-reads the review's photos and brings verdicts and vectors up to date. */
export function reviewUpdated(
  review: { id: string; productId: string; version: number },
  imageIds: number[],
): BusMessage {
  const event: ReviewEventV1 = {
    type: 'review.updated',
    schema: REVIEW_SCHEMA_VERSION,
    id: review.id,
    product_id: review.productId,
    version: review.version,
    image_ids: imageIds,
    occurred_at: new Date().toISOString(),
  };
  return { topic: Topics.reviews, key: review.productId, value: JSON.stringify(event) };
}
