import { QdrantClient, type Schemas } from '@qdrant/js-client-rest';
import type { ComponentHealth } from '#observability';
import type { Filter } from '../vector-filter.js';
import { checkLimit, checkName } from '../vector-store.names.js';
import { VectorStoreErrors } from '../vector-store.errors.js';
import { VectorStore } from '../vector-store.port.js';
import type {
  CollectionInfo,
  CollectionSpec,
  Payload,
  ScrollPage,
  ScrollRequest,
  SearchHit,
  SearchRequest,
  StoredPoint,
  UpsertResult,
  VectorPoint,
} from '../vector-store.types.js';
import { QdrantCollections, type QdrantCollectionOptions } from './qdrant-collections.js';
import { toQdrantFilter } from './qdrant-filter.js';
import { ID_KEY, VERSION_KEY, qdrantPointId } from './qdrant-point-id.js';
import { qdrantCall } from './qdrant.errors.js';

export interface QdrantVectorStoreOptions extends QdrantCollectionOptions {
  url: string;
  apiKey?: string;
  /** Points per upsert request (default 256). */
  batchSize?: number;
}

type Record_ = Schemas['Record'];

/**
 * The distributed vector store. Qdrant resolves aliases itself; the adapter
 * maps string ids to UUIDs and enforces point versions by reading the stored
 * ones first. That read-then-write is not atomic across writers: it relies on
 * one writer per id at a time, which Kafka's keying by entity id provides.
 */
export class QdrantVectorStore extends VectorStore {
  readonly kind = 'qdrant';
  private readonly client: QdrantClient;
  private readonly collections: QdrantCollections;
  private readonly batchSize: number;

  constructor(options: QdrantVectorStoreOptions) {
    super();
    // The compatibility probe would issue a request at construction; health checks do that job.
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, checkCompatibility: false });
    this.collections = new QdrantCollections(this.client, options);
    this.batchSize = options.batchSize ?? 256;
  }

  ensureCollection(spec: CollectionSpec): Promise<void> {
    return this.collections.ensure(spec);
  }

  listCollections(): Promise<CollectionInfo[]> {
    return this.collections.list();
  }

  drop(collection: string): Promise<void> {
    return this.collections.drop(collection);
  }

  switchAlias(alias: string, collection: string): Promise<void> {
    return this.collections.switchAlias(alias, collection);
  }

  createAlias(alias: string, collection: string): Promise<void> {
    return this.collections.createAlias(alias, collection);
  }

  deleteAlias(alias: string): Promise<void> {
    return this.collections.deleteAlias(alias);
  }

  async upsert(collection: string, points: VectorPoint[]): Promise<UpsertResult> {
    let applied = 0;
    for (let i = 0; i < points.length; i += this.batchSize) {
      applied += await this.upsertBatch(collection, points.slice(i, i + this.batchSize));
    }
    return { applied, skipped: points.length - applied };
  }

  async delete(collection: string, ids: string[]): Promise<number> {
    const existing = await this.retrieve(collection, ids);
    if (existing.length === 0) return 0;
    await qdrantCall(collection, () =>
      this.client.delete(collection, { wait: true, points: existing.map((p) => qdrantPointId(p.id)) }),
    );
    return existing.length;
  }

  async deleteByFilter(collection: string, filter: Filter): Promise<number> {
    const matching = await this.count(collection, filter);
    if (matching === 0) return 0;
    await qdrantCall(collection, () =>
      this.client.delete(collection, { wait: true, filter: toQdrantFilter(filter) ?? {} }),
    );
    return matching;
  }

  async search(collection: string, request: SearchRequest): Promise<SearchHit[]> {
    checkLimit(request.limit);
    const withPayload = request.withPayload ?? true;
    const result = await qdrantCall(collection, () =>
      this.client.query(collection, {
        query: Array.from(request.vector),
        using: request.using,
        limit: request.limit,
        filter: toQdrantFilter(request.filter),
        score_threshold: request.minScore,
        // The original id lives in the payload, so it is always fetched.
        with_payload: withPayload ? true : [ID_KEY],
      }),
    );
    return result.points.map((p) => {
      const { id, payload } = unwrap(p.payload);
      return withPayload ? { id, score: p.score, payload } : { id, score: p.score };
    });
  }

  async retrieve(
    collection: string,
    ids: string[],
    options?: { withVectors?: boolean },
  ): Promise<StoredPoint[]> {
    if (ids.length === 0) return [];
    const records = await qdrantCall(collection, () =>
      this.client.retrieve(collection, {
        ids: ids.map(qdrantPointId),
        with_payload: true,
        with_vector: options?.withVectors ?? false,
      }),
    );
    const byId = new Map(records.map((r) => [unwrap(r.payload).id, r]));
    return ids.flatMap((id) => {
      const record = byId.get(id);
      return record ? [toStored(record)] : [];
    });
  }

  async scroll(collection: string, request: ScrollRequest): Promise<ScrollPage> {
    checkLimit(request.limit);
    const page = await qdrantCall(collection, () =>
      this.client.scroll(collection, {
        filter: toQdrantFilter(request.filter),
        limit: request.limit,
        offset: request.cursor,
        with_payload: true,
        with_vector: request.withVectors ?? false,
      }),
    );
    const next = page.next_page_offset;
    return {
      points: page.points.map(toStored),
      nextCursor: next === null || next === undefined ? undefined : String(next),
    };
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const result = await qdrantCall(collection, () =>
      this.client.count(collection, { filter: toQdrantFilter(filter), exact: true }),
    );
    return result.count;
  }

  async check(): Promise<ComponentHealth> {
    const started = performance.now();
    const version = await qdrantCall(undefined, () => this.client.versionInfo());
    return {
      status: 'up',
      details: {
        adapter: 'qdrant',
        version: version.version,
        latency_ms: Math.round(performance.now() - started),
      },
    };
  }

  async close(): Promise<void> {
    // The REST client holds no connection that needs closing.
  }

  private async upsertBatch(collection: string, points: VectorPoint[]): Promise<number> {
    for (const p of points) checkPointShape(p);
    const stored = await this.storedVersions(
      collection,
      points.map((p) => p.id),
    );
    // Last one wins within a batch, as it would across batches.
    const latest = new Map<string, VectorPoint>();
    let applied = 0;
    for (const p of points) {
      const had = Math.max(stored.get(p.id) ?? -1, latest.get(p.id)?.version ?? -1);
      if (p.version < had) continue;
      latest.set(p.id, p);
      applied++;
    }
    if (latest.size === 0) return 0;
    await qdrantCall(collection, () =>
      this.client.upsert(collection, {
        wait: true,
        points: [...latest.values()].map((p) => ({
          id: qdrantPointId(p.id),
          vector: Object.fromEntries(Object.entries(p.vectors).map(([n, v]) => [n, Array.from(v)])),
          payload: { ...p.payload, [ID_KEY]: p.id, [VERSION_KEY]: p.version },
        })),
      }),
    );
    return applied;
  }

  private async storedVersions(collection: string, ids: string[]): Promise<Map<string, number>> {
    const records = await qdrantCall(collection, () =>
      this.client.retrieve(collection, {
        ids: [...new Set(ids)].map(qdrantPointId),
        with_payload: [ID_KEY, VERSION_KEY],
        with_vector: false,
      }),
    );
    return new Map(records.map((r) => [String(r.payload?.[ID_KEY]), Number(r.payload?.[VERSION_KEY])]));
  }
}

function checkPointShape(point: VectorPoint): void {
  if (typeof point.id !== 'string' || point.id.length === 0) {
    throw VectorStoreErrors.invalidInput('a point id must be a non-empty string');
  }
  if (!Number.isSafeInteger(point.version) || point.version < 0) {
    throw VectorStoreErrors.invalidInput(`point "${point.id}": version must be a non-negative integer`);
  }
  for (const name of Object.keys(point.vectors)) checkName('vector', name);
}

function unwrap(raw: Payload | null | undefined): { id: string; version: number; payload: Payload } {
  const { [ID_KEY]: id, [VERSION_KEY]: version, ...payload } = raw ?? {};
  return { id: String(id), version: Number(version), payload };
}

function toStored(record: Pick<Record_, 'payload' | 'vector'>): StoredPoint {
  const { id, version, payload } = unwrap(record.payload);
  const point: StoredPoint = { id, version, payload };
  if (record.vector && typeof record.vector === 'object' && !Array.isArray(record.vector)) {
    point.vectors = Object.fromEntries(
      Object.entries(record.vector).map(([name, v]) => [name, Float32Array.from(v as number[])]),
    );
  }
  return point;
}
