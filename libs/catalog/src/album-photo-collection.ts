import type { ModelInfo } from '#embedding';
import type { CollectionSpec } from '#vector-store';

/**
 * Every user's album photos share one collection per model version; each
 * point carries its owner in the `tenant` payload field, which every album
 * search filters on (a Qdrant payload index; the same filter in the embedded
 * store). Searches read the collection of the model that embeds the query,
 * so query and photo vectors always come from one model.
 */
export function albumPhotoCollectionSpec(model: ModelInfo): CollectionSpec {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    name: `album_photos__${safe(model.id)}__${safe(model.version)}`,
    vectors: { image: model.dim },
    model: { id: model.id, version: model.version },
    payloadIndexes: { tenant: 'keyword' },
  };
}
