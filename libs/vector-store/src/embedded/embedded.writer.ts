import type Database from 'better-sqlite3';
import type { Filter } from '../vector-filter.js';
import { VectorStoreErrors } from '../vector-store.errors.js';
import type { CollectionSpec, PayloadIndexType, VectorPoint } from '../vector-store.types.js';
import { filterToSql } from './filter.sql.js';
import { indexedValues } from './payload-values.js';
import { vectorToBlob } from './top-k.js';

export interface AppliedPoint {
  key: number;
  point: VectorPoint;
}

/**
 * The SQLite side of every write, one transaction each. Each bumps the
 * collection's revision in the same transaction, which marks saved index
 * files stale until the next save.
 */
export class EmbeddedWriter {
  constructor(private readonly db: Database.Database) {}

  upsert(spec: CollectionSpec, points: VectorPoint[]): AppliedPoint[] {
    const find = this.db.prepare('SELECT key, version FROM points WHERE collection = ? AND id = ?');
    const insert = this.db.prepare(
      'INSERT INTO points (collection, id, version, payload) VALUES (?, ?, ?, ?)',
    );
    const update = this.db.prepare('UPDATE points SET version = ?, payload = ? WHERE key = ?');
    const clearVectors = this.db.prepare('DELETE FROM vectors WHERE key = ?');
    const clearValues = this.db.prepare('DELETE FROM payload_values WHERE key = ?');
    const addVector = this.db.prepare('INSERT INTO vectors (key, name, vector) VALUES (?, ?, ?)');
    const addValue = this.db.prepare('INSERT INTO payload_values (key, field, num, txt) VALUES (?, ?, ?, ?)');
    return this.db.transaction(() => {
      const applied: AppliedPoint[] = [];
      for (const point of points) {
        const stored = find.get(spec.name, point.id) as { key: number; version: number } | undefined;
        // Equal versions apply again (a replay writes the same thing); only older ones lose.
        if (stored && point.version < stored.version) continue;
        const payload = JSON.stringify(point.payload);
        let key: number;
        if (stored) {
          key = stored.key;
          update.run(point.version, payload, key);
          clearVectors.run(key);
          clearValues.run(key);
        } else {
          key = Number(insert.run(spec.name, point.id, point.version, payload).lastInsertRowid);
        }
        for (const [name, vector] of Object.entries(point.vectors))
          addVector.run(key, name, vectorToBlob(vector));
        for (const v of indexedValues(point.payload, spec.payloadIndexes))
          addValue.run(key, v.field, v.num, v.txt);
        applied.push({ key, point });
      }
      if (applied.length > 0) this.bump(spec.name);
      return applied;
    })();
  }

  deleteIds(collection: string, ids: string[]): number[] {
    return this.db.transaction(() => {
      const keys = this.db
        .prepare('SELECT key FROM points WHERE collection = ? AND id IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(collection, JSON.stringify(ids)) as number[];
      return this.deleteKeys(collection, keys);
    })();
  }

  deleteWhere(spec: CollectionSpec, filter: Filter): number[] {
    const where = filterToSql(filter, spec.payloadIndexes);
    return this.db.transaction(() => {
      const keys = this.db
        .prepare(`SELECT p.key FROM points p WHERE p.collection = ? AND ${where.sql}`)
        .pluck()
        .all(spec.name, ...where.params) as number[];
      return this.deleteKeys(spec.name, keys);
    })();
  }

  /** Indexes new payload fields over the stored points; the new spec, or undefined if none were new. */
  addPayloadIndexes(
    spec: CollectionSpec,
    wanted: Record<string, PayloadIndexType>,
  ): CollectionSpec | undefined {
    const added: Record<string, PayloadIndexType> = {};
    for (const [field, type] of Object.entries(wanted)) {
      const had = spec.payloadIndexes[field];
      if (had !== undefined && had !== type) {
        throw VectorStoreErrors.collectionMismatch(
          spec.name,
          `payload field "${field}" is indexed as ${had}`,
        );
      }
      if (had === undefined) added[field] = type;
    }
    if (Object.keys(added).length === 0) return undefined;
    const next = { ...spec, payloadIndexes: { ...spec.payloadIndexes, ...added } };
    const addValue = this.db.prepare('INSERT INTO payload_values (key, field, num, txt) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      const rows = this.db.prepare('SELECT key, payload FROM points WHERE collection = ?').all(spec.name) as {
        key: number;
        payload: string;
      }[];
      for (const row of rows) {
        for (const v of indexedValues(JSON.parse(row.payload), added))
          addValue.run(row.key, v.field, v.num, v.txt);
      }
      this.db.prepare('UPDATE collections SET spec = ? WHERE name = ?').run(JSON.stringify(next), spec.name);
    })();
    return next;
  }

  private deleteKeys(collection: string, keys: number[]): number[] {
    if (keys.length === 0) return keys;
    // Vectors and payload values go with the point (ON DELETE CASCADE).
    this.db
      .prepare('DELETE FROM points WHERE key IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(keys));
    this.bump(collection);
    return keys;
  }

  private bump(collection: string): void {
    this.db.prepare('UPDATE collections SET revision = revision + 1 WHERE name = ?').run(collection);
  }
}
