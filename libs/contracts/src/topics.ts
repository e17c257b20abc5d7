/** Kafka topic names. A breaking schema change gets a new version suffix, never an in-place edit. */
export const Topics = {
  listings: 'listings.v1',
  reviews: 'reviews.v1',
  albumPhotos: 'album-photos.v1',
  /** The indexer's notice that product points changed; search caches listen. */
  indexChanges: 'index-changes.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Where a consumer puts a message it cannot process, with the reason in headers. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
