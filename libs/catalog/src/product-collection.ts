import type { FilterableProduct } from '#contracts';
import type { ModelInfo } from '#embedding';
import type { CollectionSpec } from '#vector-store';
import type { ProductEntity } from './product.entity.js';

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

/**
 * The fields a shopper filters on, from a catalog row: the vector payload and
 * the search service's facet counting both read them, so they agree.
 */
export function filterableAttributes(
  p: Pick<ProductEntity, 'category' | 'colour' | 'brand' | 'priceCents' | 'rating' | 'stock'>,
): FilterableProduct {
  return {
    category: p.category,
    colour: p.colour,
    brand: p.brand,
    price: p.priceCents / 100,
    rating: p.rating,
    in_stock: p.stock > 0,
  };
}
