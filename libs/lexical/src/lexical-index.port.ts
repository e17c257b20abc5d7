import type { EntityManager } from 'typeorm';
import type { ProductFilters } from '#contracts';

export interface LexicalHit {
  id: string;
  /** The engine's relevance: BM25 on SQLite FTS5, ts_rank on PostgreSQL; higher is better. */
  score: number;
}

export interface LexicalQuery {
  /** Terms from `queryTerms`; a product matches when it has any of them. */
  terms: string[];
  filters?: ProductFilters;
  limit: number;
}

/**
 * Full-text search over product titles, descriptions and brands in both
 * languages: SQLite FTS5 on one machine, PostgreSQL full text when
 * distributed. Writes go through the caller's transaction, so the lexical
 * index changes exactly when the catalog row does.
 */
export abstract class LexicalIndex {
  abstract readonly kind: 'sqlite' | 'postgres';
  /** Replaces the product's terms (from `productTerms`). */
  abstract write(manager: EntityManager, productId: string, terms: string): Promise<void>;
  abstract search(query: LexicalQuery): Promise<LexicalHit[]>;
}
