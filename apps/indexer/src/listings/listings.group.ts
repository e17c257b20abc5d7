/** The indexer's consumer group for listings.v1: replicas share its partitions. */
export const LISTINGS_GROUP = 'indexer-listings';
