import type { ProductFilters } from '#contracts';

/**
 * The WHERE clauses for product filters over the `products p` table, with
 * placeholders from `param` (`?` for SQLite, `$n` for PostgreSQL).
 */
export function filterSql(filters: ProductFilters | undefined, param: (value: unknown) => string): string[] {
  if (!filters) return [];
  const clauses: string[] = [];
  const anyOf = (column: string, values: string[] | undefined) => {
    if (values?.length) clauses.push(`${column} IN (${values.map((v) => param(v)).join(', ')})`);
  };
  anyOf('p.category', filters.category);
  anyOf('p.colour', filters.colour);
  anyOf('p.brand', filters.brand);
  // Prices are stored in whole cents; the API speaks in currency units.
  if (filters.price?.gte !== undefined)
    clauses.push(`p.price_cents >= ${param(Math.ceil(filters.price.gte * 100))}`);
  if (filters.price?.lte !== undefined)
    clauses.push(`p.price_cents <= ${param(Math.floor(filters.price.lte * 100))}`);
  if (filters.rating?.gte !== undefined) clauses.push(`p.rating >= ${param(filters.rating.gte)}`);
  if (filters.in_stock !== undefined) clauses.push(filters.in_stock ? 'p.stock > 0' : 'p.stock <= 0');
  return clauses;
}
