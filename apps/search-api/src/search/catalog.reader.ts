import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ProductEntity, filterableAttributes } from '#catalog';
import type { FilterableProduct, ProductFilters } from '#contracts';
import { filterSql } from '#lexical';
import type { ProductViewDto } from '../products/product.dto.js';
import { toProductView } from '../products/product.mapper.js';
import { PRICE_EDGES } from './facets.js';
import type { FacetsDto } from './search.dto.js';

export type ProductAttributes = FilterableProduct & { id: string };

/** IN lists stay far below every driver's bound-parameter limit. */
const CHUNK = 500;
const BRANDS_TTL_MS = 60_000;

/** What search reads from the catalog: attributes for ranking and facets, and products to show. */
@Injectable()
export class CatalogReader {
  private brandsCache?: { at: number; brands: string[] };

  constructor(private readonly dataSource: DataSource) {}

  async attributes(ids: string[]): Promise<Map<string, ProductAttributes>> {
    const out = new Map<string, ProductAttributes>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.dataSource.getRepository(ProductEntity).find({
        where: { id: In(ids.slice(i, i + CHUNK)) },
        select: {
          id: true,
          category: true,
          colour: true,
          brand: true,
          priceCents: true,
          rating: true,
          stock: true,
        },
      });
      for (const r of rows) {
        out.set(r.id, { id: r.id, ...filterableAttributes(r) });
      }
    }
    return out;
  }

  /** The products, in the order of `ids`; ids deleted meanwhile are left out. */
  async views(ids: string[]): Promise<Map<string, ProductViewDto>> {
    if (ids.length === 0) return new Map();
    const products = await this.dataSource.getRepository(ProductEntity).find({
      where: { id: In(ids) },
      relations: { images: true },
      relationLoadStrategy: 'query',
      select: { images: { id: true, position: true, width: true, height: true, productId: true } },
    });
    return new Map(products.map((p) => [p.id, toProductView(p)]));
  }

  /** Without words or a photo: the filtered catalog, best rated first. */
  async browse(filters: ProductFilters, limit: number): Promise<string[]> {
    const { sql, params } = this.where(filters);
    const rows = (await this.dataSource.query(
      `SELECT p.id FROM products p ${sql} ORDER BY p.rating DESC, p.id LIMIT ${Math.floor(limit)}`,
      params,
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Exact facet counts over the whole filtered catalog (each dimension without its own filter). */
  async browseFacets(filters: ProductFilters): Promise<FacetsDto> {
    const group = async (field: 'category' | 'colour' | 'brand') => {
      const { sql, params } = this.where({ ...filters, [field]: undefined });
      const rows = (await this.dataSource.query(
        `SELECT p.${field} AS value, COUNT(*) AS n FROM products p ${sql} GROUP BY p.${field} ORDER BY n DESC, value`,
        params,
      )) as { value: string; n: number | string }[];
      return Object.fromEntries(rows.map((r) => [r.value, Number(r.n)]));
    };
    const bucket = PRICE_EDGES.map((edge, i) => `WHEN p.price_cents >= ${edge * 100} THEN ${i}`)
      .reverse()
      .join(' ');
    const { sql, params } = this.where({ ...filters, price: undefined });
    const rows = (await this.dataSource.query(
      `SELECT CASE ${bucket} END AS b, COUNT(*) AS n FROM products p ${sql} GROUP BY b`,
      params,
    )) as { b: number | string; n: number | string }[];
    const counts = new Map(rows.map((r) => [Number(r.b), Number(r.n)]));
    return {
      category: await group('category'),
      colour: await group('colour'),
      brand: await group('brand'),
      price: PRICE_EDGES.map((gte, i) => ({
        gte,
        lt: PRICE_EDGES[i + 1] ?? null,
        count: counts.get(i) ?? 0,
      })),
    };
  }

  /** Every brand in the catalog (refreshed each minute), for spotting brand names in queries. */
  async brands(): Promise<string[]> {
    if (this.brandsCache && Date.now() - this.brandsCache.at < BRANDS_TTL_MS) return this.brandsCache.brands;
    const rows = (await this.dataSource.query('SELECT DISTINCT brand FROM products')) as { brand: string }[];
    this.brandsCache = { at: Date.now(), brands: rows.map((r) => r.brand) };
    return this.brandsCache.brands;
  }

  private where(filters: ProductFilters): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const postgres = this.dataSource.options.type === 'postgres';
    const clauses = filterSql(filters, (value) => {
      params.push(value);
      return postgres ? `$${params.length}` : '?';
    });
    return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }
}
