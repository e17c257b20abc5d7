import type { ModelInfo } from '#embedding';
import type { CollectionSpec } from '#vector-store';

/** Searches read this alias; a reindex builds a new collection and switches it atomically. */
export const PRODUCTS_ALIAS = 'products';

/** One collection per model version: vectors of two models never mix. */
export function productCollectionSpec(model: ModelInfo): CollectionSpec {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    name: `products__${safe(model.id)}__${safe(model.version)}`,
    vectors: { image: model.dim, text: model.dim },
    model: { id: model.id, version: model.version },
    payloadIndexes: {
      category: 'keyword',
      colour: 'keyword',
      brand: 'keyword',
      price: 'float',
      rating: 'float',
      in_stock: 'bool',
      updated_at: 'datetime',
    },
  };
}
