import type { Filter } from './vector-filter.js';
import { filterKeys } from './vector-filter.js';
import { VectorStoreErrors } from './vector-store.errors.js';
import type { CollectionSpec, VectorPoint } from './vector-store.types.js';

/** A unit-length copy: cosine similarity then is a dot product, as Qdrant stores cosine vectors. */
export function normalised(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
  if (!(norm > 0) || !Number.isFinite(norm)) {
    throw VectorStoreErrors.invalidInput('a vector must be finite and not all zeros');
  }
  const out = new Float32Array(vector.length);
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i] * scale;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function checkVector(spec: CollectionSpec, name: string, vector: Float32Array): void {
  const dim = spec.vectors[name];
  if (dim === undefined) {
    throw VectorStoreErrors.invalidInput(`collection "${spec.name}" has no vector named "${name}"`, {
      vectors: Object.keys(spec.vectors),
    });
  }
  if (vector.length !== dim) {
    throw VectorStoreErrors.invalidInput(`vector "${name}" needs ${dim} dimensions, got ${vector.length}`);
  }
}

export function checkPoints(spec: CollectionSpec, points: VectorPoint[]): void {
  for (const point of points) {
    if (typeof point.id !== 'string' || point.id.length === 0) {
      throw VectorStoreErrors.invalidInput('a point id must be a non-empty string');
    }
    if (!Number.isSafeInteger(point.version) || point.version < 0) {
      throw VectorStoreErrors.invalidInput(`point "${point.id}": version must be a non-negative integer`);
    }
    for (const [name, vector] of Object.entries(point.vectors)) checkVector(spec, name, vector);
  }
}

/** Filters may only read indexed fields: Qdrant needs the index to filter fast, and so do we. */
export function checkFilterFields(spec: CollectionSpec, filter: Filter | undefined): void {
  for (const key of filterKeys(filter)) {
    if (!(key in spec.payloadIndexes)) {
      throw VectorStoreErrors.invalidInput(`filter field "${key}" has no payload index in "${spec.name}"`, {
        indexed: Object.keys(spec.payloadIndexes),
      });
    }
  }
}

/** Same vectors, model and indexes: anything else needs a new collection and an alias switch. */
export function specMismatch(stored: CollectionSpec, wanted: CollectionSpec): string | undefined {
  const same = (a: object, b: object) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
  if (!same(stored.vectors, wanted.vectors)) return `vectors ${JSON.stringify(stored.vectors)}`;
  if (!same(stored.model, wanted.model)) return `model ${stored.model.id}@${stored.model.version}`;
  return undefined;
}

function sortKeys(o: object): object {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
