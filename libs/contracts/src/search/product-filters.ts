/**
 * The shopper's product filters, as the search API accepts them. The search
 * service turns them into a vector-store filter, the lexical index into SQL,
 * and facet counting applies them in memory: one meaning, three executions.
 */
export interface ProductFilters {
  category?: string[];
  colour?: string[];
  brand?: string[];
  price?: { gte?: number; lte?: number };
  rating?: { gte?: number };
  in_stock?: boolean;
}

/** The facet dimensions; each facet counts with every filter applied except its own. */
export const FACET_FIELDS = ['category', 'colour', 'brand', 'price'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

/** The attributes a filter reads, as stored on a product. */
export interface FilterableProduct {
  category: string;
  colour: string;
  brand: string;
  price: number;
  rating: number;
  in_stock: boolean;
}

/** Whether the product passes every filter, leaving out the `except` dimension. */
export function matchesFilters(p: FilterableProduct, f: ProductFilters, except?: FacetField): boolean {
  if (except !== 'category' && f.category?.length && !f.category.includes(p.category)) return false;
  if (except !== 'colour' && f.colour?.length && !f.colour.includes(p.colour)) return false;
  if (except !== 'brand' && f.brand?.length && !f.brand.includes(p.brand)) return false;
  if (except !== 'price') {
    if (f.price?.gte !== undefined && p.price < f.price.gte) return false;
    if (f.price?.lte !== undefined && p.price > f.price.lte) return false;
  }
  if (f.rating?.gte !== undefined && p.rating < f.rating.gte) return false;
  if (f.in_stock !== undefined && p.in_stock !== f.in_stock) return false;
  return true;
}
