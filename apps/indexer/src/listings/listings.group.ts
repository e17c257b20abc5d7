/**
 * The indexer's consumer group for listings.v1: replicas share its partitions.
 * INDEXER_GROUP_ID names another group (a second, independent index; tests).
 */
export const listingsGroup = (): string => process.env.INDEXER_GROUP_ID || 'indexer-listings';
