import type { DataSource, EntityManager } from 'typeorm';
import { filterSql } from './filter-sql.js';
import { LexicalIndex, type LexicalHit, type LexicalQuery } from './lexical-index.port.js';

/**
 * PostgreSQL full text over `product_search.tsv`, a stored tsvector built
 * from the pre-split terms (no parser, so Chinese survives any locale),
 * with a GIN index; ranked by ts_rank.
 */
export class PostgresLexicalIndex extends LexicalIndex {
  readonly kind = 'postgres' as const;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async write(manager: EntityManager, productId: string, terms: string): Promise<void> {
    await manager.query(
      `INSERT INTO product_search (product_id, terms) VALUES ($1, $2)
       ON CONFLICT (product_id) DO UPDATE SET terms = excluded.terms`,
      [productId, terms],
    );
  }

  async search(query: LexicalQuery): Promise<LexicalHit[]> {
    if (query.terms.length === 0) return [];
    const params: unknown[] = [query.terms.map(quote).join(' | ')];
    const where = filterSql(query.filters, (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    params.push(query.limit);
    const rows = (await this.dataSource.query(
      `SELECT s.product_id AS id, ts_rank(s.tsv, $1::tsquery) AS score
       FROM product_search s
       JOIN products p ON p.id = s.product_id
       WHERE s.tsv @@ $1::tsquery${where.map((c) => ` AND ${c}`).join('')}
       ORDER BY score DESC, s.product_id
       LIMIT $${params.length}`,
      params,
    )) as { id: string; score: number }[];
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }
}

/** A tsquery lexeme literal, taken as it is (the cast does no normalisation). */
const quote = (term: string) => `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
