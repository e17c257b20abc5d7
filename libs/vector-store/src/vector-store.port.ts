import type { ComponentHealth } from '#observability';
import type { Filter } from './vector-filter.js';
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
} from './vector-store.types.js';

/**
 * The vector store port: Qdrant in distributed mode, an embedded HNSW index
 * over SQLite on one machine. Every `collection` argument may be an alias.
 * Writes are idempotent by point id and ordered by point version, so the
 * at-least-once indexer can replay batches safely.
 */
export abstract class VectorStore {
  abstract readonly kind: 'qdrant' | 'embedded';

  /** Creates the collection, or checks that the existing one has the same vectors and model. */
  abstract ensureCollection(spec: CollectionSpec): Promise<void>;
  abstract listCollections(): Promise<CollectionInfo[]>;
  /** Removes the collection and the aliases pointing at it; a missing one is not an error. */
  abstract drop(collection: string): Promise<void>;

  /** Points the alias at the collection in one step: readers see the old or the new, never neither. */
  abstract switchAlias(alias: string, collection: string): Promise<void>;
  /** Same as switchAlias, but fails if the alias already exists. */
  abstract createAlias(alias: string, collection: string): Promise<void>;
  abstract deleteAlias(alias: string): Promise<void>;

  abstract upsert(collection: string, points: VectorPoint[]): Promise<UpsertResult>;
  /** Resolves to how many of the ids existed. */
  abstract delete(collection: string, ids: string[]): Promise<number>;
  abstract deleteByFilter(collection: string, filter: Filter): Promise<number>;

  abstract search(collection: string, request: SearchRequest): Promise<SearchHit[]>;
  /** The stored points among `ids`, in the order asked; unknown ids are left out. */
  abstract retrieve(
    collection: string,
    ids: string[],
    options?: { withVectors?: boolean },
  ): Promise<StoredPoint[]>;
  /** Pages through every point matching the filter, each exactly once. */
  abstract scroll(collection: string, request: ScrollRequest): Promise<ScrollPage>;
  abstract count(collection: string, filter?: Filter): Promise<number>;

  abstract check(): Promise<ComponentHealth>;
  abstract close(): Promise<void>;
}
