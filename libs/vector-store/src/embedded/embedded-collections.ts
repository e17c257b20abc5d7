import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { CollectionSpec } from '../vector-store.types.js';
import { HnswIndex, type HnswParams } from './hnsw.index.js';
import { blobToVector } from './top-k.js';

/** Where one index came from at open: its saved file, or SQLite because the file was missing, stale or corrupt. */
export type IndexSource = 'file' | 'rebuilt' | 'new';

export interface OpenCollection {
  spec: CollectionSpec;
  indexes: Map<string, HnswIndex>;
  sources: Map<string, IndexSource>;
  /** Changed since the index files were last saved. */
  dirty: boolean;
  /** Bumped on every applied write in this process: cached filter results older than it are stale. */
  generation: number;
}

interface CollectionRow {
  name: string;
  spec: string;
  revision: number;
}

/**
 * Opens and saves the HNSW indexes of the collections in SQLite. An index file
 * is used only when it reflects the collection's current revision and its
 * checksum matches; anything else is rebuilt from the vectors table.
 */
export class EmbeddedCollections {
  constructor(
    private readonly db: Database.Database,
    private readonly indexDir: string,
    private readonly params: HnswParams,
  ) {}

  openAll(): Map<string, OpenCollection> {
    const rows = this.db.prepare('SELECT name, spec, revision FROM collections').all() as CollectionRow[];
    return new Map(rows.map((row) => [row.name, this.open(row)]));
  }

  create(spec: CollectionSpec): OpenCollection {
    const indexes = new Map<string, HnswIndex>();
    const sources = new Map<string, IndexSource>();
    for (const [name, dim] of Object.entries(spec.vectors)) {
      indexes.set(name, HnswIndex.create(dim, this.params));
      sources.set(name, 'new');
    }
    return { spec, indexes, sources, dirty: true, generation: 0 };
  }

  save(collection: OpenCollection): void {
    const name = collection.spec.name;
    const { revision } = this.db.prepare('SELECT revision FROM collections WHERE name = ?').get(name) as {
      revision: number;
    };
    const record = this.db.prepare(
      `INSERT INTO index_files (collection, vector, revision, sha256) VALUES (?, ?, ?, ?)
       ON CONFLICT (collection, vector) DO UPDATE SET revision = excluded.revision, sha256 = excluded.sha256`,
    );
    for (const [vector, index] of collection.indexes) {
      record.run(name, vector, revision, index.save(this.file(name, vector)));
    }
    collection.dirty = false;
  }

  removeFiles(spec: CollectionSpec): void {
    for (const vector of Object.keys(spec.vectors)) HnswIndex.remove(this.file(spec.name, vector));
  }

  file(collection: string, vector: string): string {
    return join(this.indexDir, `${collection}.${vector}.hnsw`);
  }

  private open(row: CollectionRow): OpenCollection {
    const spec = JSON.parse(row.spec) as CollectionSpec;
    const saved = this.db
      .prepare('SELECT vector, revision, sha256 FROM index_files WHERE collection = ?')
      .all(row.name) as { vector: string; revision: number; sha256: string }[];
    const collection: OpenCollection = {
      spec,
      indexes: new Map(),
      sources: new Map(),
      dirty: false,
      generation: 0,
    };
    for (const [vector, dim] of Object.entries(spec.vectors)) {
      const state = saved.find((s) => s.vector === vector);
      const loaded =
        state && state.revision === row.revision
          ? HnswIndex.load(this.file(row.name, vector), dim, this.params, state.sha256)
          : undefined;
      collection.indexes.set(vector, loaded ?? this.rebuild(row.name, vector, dim));
      collection.sources.set(vector, loaded ? 'file' : 'rebuilt');
      if (!loaded) collection.dirty = true;
    }
    return collection;
  }

  private rebuild(collection: string, vector: string, dim: number): HnswIndex {
    const select = this.db.prepare(
      `SELECT v.key AS key, v.vector AS vector FROM vectors v JOIN points p ON p.key = v.key
       WHERE p.collection = ? AND v.name = ?`,
    );
    const { n } = this.db
      .prepare(
        'SELECT count(*) AS n FROM vectors v JOIN points p ON p.key = v.key WHERE p.collection = ? AND v.name = ?',
      )
      .get(collection, vector) as { n: number };
    const index = HnswIndex.create(dim, this.params, n);
    for (const row of select.iterate(collection, vector) as Iterable<{ key: number; vector: Buffer }>) {
      index.add(row.key, blobToVector(row.vector));
    }
    return index;
  }
}
