/**
 * The indexer's consumer group for review photos: reviews.v1 (score new
 * photos, apply overrides) and listings.v1 (re-score when a product's photos
 * change). Its own group, so it reads listings independently of product indexing.
 */
export const reviewPhotosGroup = (): string => `${process.env.INDEXER_GROUP_ID || 'indexer'}-review-photos`;
