import type { ProductFilters } from '#contracts';
import type { Clause, Filter } from '#vector-store';

/** The shopper's filters in the vector store's filter language (payload fields of the product collection). */
export function toVectorFilter(f: ProductFilters): Filter | undefined {
  const must: Clause[] = [];
  if (f.category?.length) must.push({ key: 'category', match: { any: f.category } });
  if (f.colour?.length) must.push({ key: 'colour', match: { any: f.colour } });
  if (f.brand?.length) must.push({ key: 'brand', match: { any: f.brand } });
  if (f.price && (f.price.gte !== undefined || f.price.lte !== undefined)) {
    must.push({ key: 'price', range: { gte: f.price.gte, lte: f.price.lte } });
  }
  if (f.rating?.gte !== undefined) must.push({ key: 'rating', range: { gte: f.rating.gte } });
  if (f.in_stock !== undefined) must.push({ key: 'in_stock', match: { value: f.in_stock } });
  return must.length > 0 ? { must } : undefined;
}

export function hasFilters(f: ProductFilters): boolean {
  return toVectorFilter(f) !== undefined;
}
