/** The indexer's consumer group for album photos (album-photos.v1): its own, so albums never wait behind listings. */
export const albumPhotosGroup = (): string => `${process.env.INDEXER_GROUP_ID || 'indexer'}-album-photos`;
