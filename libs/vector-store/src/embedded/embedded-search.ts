import type Database from 'better-sqlite3';
import type { Filter } from '../vector-filter.js';
import type { SearchHit } from '../vector-store.types.js';
import { filterToSql } from './filter.sql.js';
import type { OpenCollection } from './embedded-collections.js';
import { dot } from '../vector-math.js';
import { TopK, blobToVector } from './top-k.js';

export interface SearchPlan {
  vector: string;
  query: Float32Array;
  limit: number;
  filter?: Filter;
  /** Filtered searches with at most this many candidates are exact. */
  exactThreshold: number;
}

type Ranked = { key: number; score: number }[];
type Candidates = { keys: number[]; accepted: Set<number> };

/** Distinct filters remembered per collection between writes. */
const CANDIDATE_CACHE_SIZE = 256;

/**
 * Filtered search that is right, not approximately right: SQLite finds the
 * exact candidate set first. Few candidates: exact cosine over their vectors.
 * Many: HNSW walks the graph accepting only candidates; if it comes back short
 * of what exists, the exact path answers instead.
 */
export class EmbeddedSearch {
  private readonly candidateCache = new WeakMap<
    OpenCollection,
    { generation: number; sets: Map<string, Candidates> }
  >();

  constructor(private readonly db: Database.Database) {}

  rank(collection: OpenCollection, plan: SearchPlan): Ranked {
    const index = collection.indexes.get(plan.vector)!;
    const name = collection.spec.name;
    if (!hasClauses(plan.filter)) {
      const found = index.search(plan.query, plan.limit);
      if (found.length >= plan.limit || found.length >= this.countWithVector(name, plan.vector)) return found;
      return this.exact(plan, this.allKeys(name, plan.vector));
    }
    const { keys, accepted } = this.candidates(collection, plan);
    if (keys.length <= plan.exactThreshold) return this.exact(plan, keys);
    const found = index.search(plan.query, plan.limit, (key) => accepted.has(key));
    return found.length >= Math.min(plan.limit, keys.length) ? found : this.exact(plan, keys);
  }

  hydrate(ranked: Ranked, withPayload: boolean): SearchHit[] {
    if (ranked.length === 0) return [];
    // Payloads are read (and parsed) only when asked for: most searches need ids alone.
    const columns = withPayload ? 'key, id, payload' : 'key, id';
    const rows = this.db
      .prepare(`SELECT ${columns} FROM points WHERE key IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ranked.map((r) => r.key))) as { key: number; id: string; payload: string }[];
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return ranked.flatMap(({ key, score }) => {
      const row = byKey.get(key);
      if (!row) return [];
      return [withPayload ? { id: row.id, score, payload: JSON.parse(row.payload) } : { id: row.id, score }];
    });
  }

  /**
   * The keys a filter admits. Shoppers repeat filters (and one search asks
   * several lists with the same one), so the set is kept until the
   * collection's next write.
   */
  private candidates(collection: OpenCollection, plan: SearchPlan): Candidates {
    let cache = this.candidateCache.get(collection);
    if (!cache || cache.generation !== collection.generation || cache.sets.size >= CANDIDATE_CACHE_SIZE) {
      cache = { generation: collection.generation, sets: new Map() };
      this.candidateCache.set(collection, cache);
    }
    const cacheKey = `${plan.vector}\u0000${JSON.stringify(plan.filter)}`;
    let found = cache.sets.get(cacheKey);
    if (!found) {
      const keys = this.candidateKeys(collection, plan);
      found = { keys, accepted: new Set(keys) };
      cache.sets.set(cacheKey, found);
    }
    return found;
  }

  private candidateKeys(collection: OpenCollection, plan: SearchPlan): number[] {
    const where = filterToSql(plan.filter, collection.spec.payloadIndexes);
    const rows = this.db
      .prepare(
        `SELECT p.key AS key FROM points p JOIN vectors v ON v.key = p.key AND v.name = ?
         WHERE p.collection = ? AND ${where.sql}`,
      )
      .pluck()
      .all(plan.vector, collection.spec.name, ...where.params) as number[];
    return rows;
  }

  private allKeys(collection: string, vector: string): number[] {
    return this.db
      .prepare(
        'SELECT v.key FROM vectors v JOIN points p ON p.key = v.key WHERE p.collection = ? AND v.name = ?',
      )
      .pluck()
      .all(collection, vector) as number[];
  }

  private countWithVector(collection: string, vector: string): number {
    return this.db
      .prepare(
        'SELECT count(*) FROM vectors v JOIN points p ON p.key = v.key WHERE p.collection = ? AND v.name = ?',
      )
      .pluck()
      .get(collection, vector) as number;
  }

  private exact(plan: SearchPlan, keys: number[]): Ranked {
    const top = new TopK(plan.limit);
    const rows = this.db
      .prepare('SELECT key, vector FROM vectors WHERE name = ? AND key IN (SELECT value FROM json_each(?))')
      .iterate(plan.vector, JSON.stringify(keys)) as Iterable<{ key: number; vector: Buffer }>;
    for (const row of rows) top.offer(row.key, dot(plan.query, blobToVector(row.vector)));
    return top.result();
  }
}

function hasClauses(filter: Filter | undefined): filter is Filter {
  return (
    !!filter && (filter.must?.length ?? 0) + (filter.should?.length ?? 0) + (filter.must_not?.length ?? 0) > 0
  );
}
