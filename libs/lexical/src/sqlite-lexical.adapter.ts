import type { DataSource, EntityManager } from 'typeorm';
import { filterSql } from './filter-sql.js';
import { LexicalIndex, type LexicalHit, type LexicalQuery } from './lexical-index.port.js';

/**
 * SQLite FTS5 over `product_search` (an external-content index kept in step
 * by triggers, see the migration), ranked by BM25.
 */
export class SqliteLexicalIndex extends LexicalIndex {
  readonly kind = 'sqlite' as const;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async write(manager: EntityManager, productId: string, terms: string): Promise<void> {
    await manager.query(
      `INSERT INTO product_search (product_id, terms) VALUES (?, ?)
       ON CONFLICT (product_id) DO UPDATE SET terms = excluded.terms`,
      [productId, terms],
    );
  }

  async search(query: LexicalQuery): Promise<LexicalHit[]> {
    if (query.terms.length === 0) return [];
    const params: unknown[] = [query.terms.map(quote).join(' OR ')];
    const where = filterSql(query.filters, (v) => {
      params.push(v);
      return '?';
    });
    params.push(query.limit);
    const rows = (await this.dataSource.query(
      `SELECT s.product_id AS id, -bm25(product_search_fts) AS score
       FROM product_search_fts f
       JOIN product_search s ON s.doc = f.rowid
       JOIN products p ON p.id = s.product_id
       WHERE product_search_fts MATCH ?${where.map((c) => ` AND ${c}`).join('')}
       ORDER BY bm25(product_search_fts), s.product_id
       LIMIT ?`,
      params,
    )) as { id: string; score: number }[];
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }
}

/** An FTS5 string literal: the term exactly, whatever characters it holds. */
const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;
