import { matchesFilters, type FilterableProduct, type ProductFilters } from '#contracts';
import type { FacetsDto, PriceBucketDto } from './search.dto.js';

/** Price histogram edges in currency units; the last bucket is open-ended. */
export const PRICE_EDGES = [0, 10, 25, 50, 100, 200, 500];

/**
 * Disjunctive facet counts: each dimension counts the candidates that pass
 * every other filter, so ticking "red" still shows how many blue ones there are.
 */
export function countFacets(candidates: FilterableProduct[], filters: ProductFilters): FacetsDto {
  const count = (field: 'category' | 'colour' | 'brand') => {
    const counts: Record<string, number> = {};
    for (const p of candidates) {
      if (matchesFilters(p, filters, field)) counts[p[field]] = (counts[p[field]] ?? 0) + 1;
    }
    return sortedByCount(counts);
  };
  const price: PriceBucketDto[] = PRICE_EDGES.map((gte, i) => ({
    gte,
    lt: PRICE_EDGES[i + 1] ?? null,
    count: 0,
  }));
  for (const p of candidates) {
    if (!matchesFilters(p, filters, 'price')) continue;
    const bucket = price.findLast((b) => p.price >= b.gte);
    if (bucket) bucket.count++;
  }
  return { category: count('category'), colour: count('colour'), brand: count('brand'), price };
}

function sortedByCount(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}
