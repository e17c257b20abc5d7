import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ComponentHealth } from '#observability';
import type { Filter } from '../vector-filter.js';
import { checkFilterFields, checkPoints, checkVector, normalised, specMismatch } from '../vector-math.js';
import { checkLimit, checkName } from '../vector-store.names.js';
import { VectorStoreErrors } from '../vector-store.errors.js';
import { VectorStore } from '../vector-store.port.js';
import type {
  CollectionInfo,
  CollectionSpec,
  ScrollPage,
  ScrollRequest,
  SearchHit,
  SearchRequest,
  StoredPoint,
  UpsertResult,
  VectorPoint,
} from '../vector-store.types.js';
import { EmbeddedCollections, type IndexSource, type OpenCollection } from './embedded-collections.js';
import { EmbeddedSearch } from './embedded-search.js';
import { applySchema } from './embedded.schema.js';
import { EmbeddedWriter } from './embedded.writer.js';
import { filterToSql } from './filter.sql.js';
import type { HnswParams } from './hnsw.index.js';
import { blobToVector } from './top-k.js';

export interface EmbeddedVectorStoreOptions {
  /** Files go under `<dataDir>/vectors/`. */
  dataDir: string;
  hnsw?: Partial<HnswParams>;
  /** Filtered searches over at most this many candidates are exact (default 4096). */
  exactSearchThreshold?: number;
  /** How often changed indexes are saved; 0 saves only on close (default 60 s). */
  saveIntervalMs?: number;
}

interface PointRow {
  key: number;
  id: string;
  version: number;
  payload: string;
}

/** The one-machine vector store: SQLite is the truth, HNSW files are a cache of it. */
export class EmbeddedVectorStore extends VectorStore {
  readonly kind = 'embedded';
  private readonly db: Database.Database;
  private readonly files: EmbeddedCollections;
  private readonly collections: Map<string, OpenCollection>;
  private readonly searcher: EmbeddedSearch;
  private readonly writer: EmbeddedWriter;
  private readonly exactThreshold: number;
  private readonly timer?: NodeJS.Timeout;
  private closed = false;

  constructor(options: EmbeddedVectorStoreOptions) {
    super();
    const dir = join(options.dataDir, 'vectors');
    mkdirSync(join(dir, 'hnsw'), { recursive: true });
    this.db = new Database(join(dir, 'vectors.sqlite'));
    applySchema(this.db);
    const params = { m: 16, efConstruction: 128, efSearch: 256, ...options.hnsw };
    this.files = new EmbeddedCollections(this.db, join(dir, 'hnsw'), params);
    this.collections = this.files.openAll();
    this.searcher = new EmbeddedSearch(this.db);
    this.writer = new EmbeddedWriter(this.db);
    this.exactThreshold = options.exactSearchThreshold ?? 4096;
    const every = options.saveIntervalMs ?? 60_000;
    if (every > 0) this.timer = setInterval(() => this.saveChanged(), every).unref();
  }

  /** Where each index came from at open; a health detail, and how tests see a rebuild. */
  indexSources(): Record<string, Record<string, IndexSource>> {
    return Object.fromEntries([...this.collections].map(([n, c]) => [n, Object.fromEntries(c.sources)]));
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    checkName('collection', spec.name);
    for (const vector of Object.keys(spec.vectors)) checkName('vector', vector);
    if (this.aliasTarget(spec.name))
      throw VectorStoreErrors.collectionMismatch(spec.name, 'the name is an alias');
    const existing = this.collections.get(spec.name);
    if (!existing) {
      this.db
        .prepare('INSERT INTO collections (name, spec) VALUES (?, ?)')
        .run(spec.name, JSON.stringify(spec));
      this.collections.set(spec.name, this.files.create(spec));
      return;
    }
    const mismatch = specMismatch(existing.spec, spec);
    if (mismatch) throw VectorStoreErrors.collectionMismatch(spec.name, mismatch);
    const added = this.writer.addPayloadIndexes(existing.spec, spec.payloadIndexes);
    if (added) existing.spec = added;
  }

  async listCollections(): Promise<CollectionInfo[]> {
    const aliases = this.db.prepare('SELECT alias, collection FROM aliases').all() as {
      alias: string;
      collection: string;
    }[];
    return [...this.collections.values()].map(({ spec }) => ({
      name: spec.name,
      vectors: spec.vectors,
      model: spec.model,
      aliases: aliases.filter((a) => a.collection === spec.name).map((a) => a.alias),
    }));
  }

  async drop(collection: string): Promise<void> {
    const name = this.aliasTarget(collection) ?? collection;
    const open = this.collections.get(name);
    if (!open) return;
    this.db.prepare('DELETE FROM collections WHERE name = ?').run(name);
    this.collections.delete(name);
    this.files.removeFiles(open.spec);
  }

  async switchAlias(alias: string, collection: string): Promise<void> {
    this.checkAlias(alias, collection);
    // One statement, so a reader resolves to the old target or the new one.
    this.db
      .prepare(
        'INSERT INTO aliases (alias, collection) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET collection = excluded.collection',
      )
      .run(alias, collection);
  }

  async createAlias(alias: string, collection: string): Promise<void> {
    this.checkAlias(alias, collection);
    if (this.aliasTarget(alias))
      throw VectorStoreErrors.collectionMismatch(alias, 'the alias already exists');
    this.db.prepare('INSERT INTO aliases (alias, collection) VALUES (?, ?)').run(alias, collection);
  }

  async deleteAlias(alias: string): Promise<void> {
    this.db.prepare('DELETE FROM aliases WHERE alias = ?').run(alias);
  }

  async upsert(collection: string, points: VectorPoint[]): Promise<UpsertResult> {
    const open = this.resolve(collection);
    checkPoints(open.spec, points);
    const prepared = points.map((p) => ({
      ...p,
      vectors: Object.fromEntries(Object.entries(p.vectors).map(([n, v]) => [n, normalised(v)])),
    }));
    const applied = this.writer.upsert(open.spec, prepared);
    for (const { key, point } of applied) {
      for (const [name, index] of open.indexes) {
        const vector = point.vectors[name];
        if (vector) index.add(key, vector);
        else index.remove(key);
      }
    }
    if (applied.length > 0) {
      open.dirty = true;
      open.generation++;
    }
    return { applied: applied.length, skipped: points.length - applied.length };
  }

  async delete(collection: string, ids: string[]): Promise<number> {
    const open = this.resolve(collection);
    return this.forget(open, this.writer.deleteIds(open.spec.name, ids));
  }

  async deleteByFilter(collection: string, filter: Filter): Promise<number> {
    const open = this.resolve(collection);
    checkFilterFields(open.spec, filter);
    return this.forget(open, this.writer.deleteWhere(open.spec, filter));
  }

  async search(collection: string, request: SearchRequest): Promise<SearchHit[]> {
    const open = this.resolve(collection);
    checkVector(open.spec, request.using, request.vector);
    checkLimit(request.limit);
    checkFilterFields(open.spec, request.filter);
    const ranked = this.searcher.rank(open, {
      vector: request.using,
      query: normalised(request.vector),
      limit: request.limit,
      filter: request.filter,
      exactThreshold: this.exactThreshold,
    });
    const kept = request.minScore === undefined ? ranked : ranked.filter((r) => r.score >= request.minScore!);
    return this.searcher.hydrate(kept, request.withPayload ?? true);
  }

  async retrieve(
    collection: string,
    ids: string[],
    options?: { withVectors?: boolean },
  ): Promise<StoredPoint[]> {
    const open = this.resolve(collection);
    const rows = this.db
      .prepare(
        'SELECT key, id, version, payload FROM points WHERE collection = ? AND id IN (SELECT value FROM json_each(?))',
      )
      .all(open.spec.name, JSON.stringify(ids)) as PointRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [this.toStored(row, options?.withVectors ?? false)] : [];
    });
  }

  async scroll(collection: string, request: ScrollRequest): Promise<ScrollPage> {
    const open = this.resolve(collection);
    checkLimit(request.limit);
    checkFilterFields(open.spec, request.filter);
    const where = filterToSql(request.filter, open.spec.payloadIndexes);
    // Ordered by id, the cursor is the last id served: pages neither overlap nor skip.
    const rows = this.db
      .prepare(
        `SELECT key, id, version, payload FROM points p
         WHERE p.collection = ? AND p.id > ? AND ${where.sql} ORDER BY p.id LIMIT ?`,
      )
      .all(open.spec.name, request.cursor ?? '', ...where.params, request.limit + 1) as PointRow[];
    const page = rows.slice(0, request.limit);
    return {
      points: page.map((r) => this.toStored(r, request.withVectors ?? false)),
      nextCursor: rows.length > request.limit ? page[page.length - 1].id : undefined,
    };
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const open = this.resolve(collection);
    checkFilterFields(open.spec, filter);
    const where = filterToSql(filter, open.spec.payloadIndexes);
    return this.db
      .prepare(`SELECT count(*) FROM points p WHERE p.collection = ? AND ${where.sql}`)
      .pluck()
      .get(open.spec.name, ...where.params) as number;
  }

  async check(): Promise<ComponentHealth> {
    const started = performance.now();
    this.db.prepare('SELECT 1').get();
    return {
      status: 'up',
      details: {
        adapter: 'embedded',
        collections: this.collections.size,
        latency_ms: Math.round(performance.now() - started),
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.saveChanged();
    this.db.close();
  }

  /** Saves every index changed since its last save; the timer and close call it. */
  saveChanged(): void {
    for (const open of this.collections.values()) if (open.dirty) this.files.save(open);
  }

  private forget(open: OpenCollection, keys: number[]): number {
    for (const index of open.indexes.values()) for (const key of keys) index.remove(key);
    if (keys.length > 0) {
      open.dirty = true;
      open.generation++;
    }
    return keys.length;
  }

  private toStored(row: PointRow, withVectors: boolean): StoredPoint {
    const point: StoredPoint = { id: row.id, payload: JSON.parse(row.payload), version: row.version };
    if (withVectors) {
      const vectors = this.db.prepare('SELECT name, vector FROM vectors WHERE key = ?').all(row.key) as {
        name: string;
        vector: Buffer;
      }[];
      point.vectors = Object.fromEntries(vectors.map((v) => [v.name, blobToVector(v.vector)]));
    }
    return point;
  }

  private aliasTarget(alias: string): string | undefined {
    return this.db.prepare('SELECT collection FROM aliases WHERE alias = ?').pluck().get(alias) as
      string | undefined;
  }

  private checkAlias(alias: string, collection: string): void {
    checkName('alias', alias);
    if (this.collections.has(alias))
      throw VectorStoreErrors.collectionMismatch(alias, 'a collection has that name');
    if (!this.collections.has(collection)) throw VectorStoreErrors.collectionNotFound(collection);
  }

  private resolve(collection: string): OpenCollection {
    if (this.closed) throw VectorStoreErrors.unavailable('the embedded vector store is closed');
    const open = this.collections.get(this.aliasTarget(collection) ?? collection);
    if (!open) throw VectorStoreErrors.collectionNotFound(collection);
    return open;
  }
}
