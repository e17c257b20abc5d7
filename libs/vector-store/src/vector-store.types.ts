import type { Filter } from './vector-filter.js';

export type PayloadIndexType = 'keyword' | 'float' | 'integer' | 'bool' | 'datetime';

export type Payload = Record<string, unknown>;

/** The model that produced a collection's vectors: a new model version means a new collection. */
export interface ModelBinding {
  id: string;
  version: string;
}

export interface CollectionSpec {
  name: string;
  /** Named vectors and their dimensions, e.g. `{ image: 512, text: 512 }`; distance is cosine. */
  vectors: Record<string, number>;
  model: ModelBinding;
  /** Every payload field a filter may use, with its type. */
  payloadIndexes: Record<string, PayloadIndexType>;
}

export interface VectorPoint {
  id: string;
  /** A subset of the collection's named vectors. */
  vectors: Record<string, Float32Array>;
  payload: Payload;
  /** Monotonic per id (e.g. the source row's version): an older one never overwrites a newer. */
  version: number;
}

export interface StoredPoint {
  id: string;
  payload: Payload;
  version: number;
  /** Unit-length copies of the stored vectors; only when asked for. */
  vectors?: Record<string, Float32Array>;
}

export interface UpsertResult {
  /** Points written (new ids, and same or newer versions of stored ids). */
  applied: number;
  /** Points older than the stored version, left as they were. */
  skipped: number;
}

export interface SearchRequest {
  using: string;
  vector: Float32Array;
  limit: number;
  filter?: Filter;
  /** Cosine similarity below which hits are dropped. */
  minScore?: number;
  withPayload?: boolean;
}

export interface SearchHit {
  id: string;
  /** Cosine similarity, in [-1, 1]. */
  score: number;
  payload?: Payload;
}

export interface ScrollRequest {
  /** From a previous page's `nextCursor`; omit for the first page. */
  cursor?: string;
  limit: number;
  filter?: Filter;
  withVectors?: boolean;
}

export interface ScrollPage {
  points: StoredPoint[];
  /** Absent on the last page. */
  nextCursor?: string;
}

export interface CollectionInfo {
  name: string;
  vectors: Record<string, number>;
  model: ModelBinding;
  /** Aliases that point at this collection. */
  aliases: string[];
}
