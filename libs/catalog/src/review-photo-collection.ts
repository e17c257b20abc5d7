import type { ModelInfo } from '#embedding';
import type { CollectionSpec } from '#vector-store';

/** Review photos' vectors, one collection per model like the products'; readers use the alias. */
export const REVIEW_PHOTOS_ALIAS = 'review-photos';

export function reviewPhotoCollectionSpec(model: ModelInfo): CollectionSpec {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    name: `review_photos__${safe(model.id)}__${safe(model.version)}`,
    vectors: { image: model.dim },
    model: { id: model.id, version: model.version },
    payloadIndexes: { product_id: 'keyword', review_id: 'keyword', category: 'keyword', verdict: 'keyword' },
  };
}
