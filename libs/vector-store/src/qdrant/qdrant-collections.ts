import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import { specMismatch } from '../vector-math.js';
import { checkName } from '../vector-store.names.js';
import { VectorStoreErrors } from '../vector-store.errors.js';
import type {
  CollectionInfo,
  CollectionSpec,
  ModelBinding,
  PayloadIndexType,
} from '../vector-store.types.js';
import { ID_KEY } from './qdrant-point-id.js';
import { qdrantCall } from './qdrant.errors.js';

export interface QdrantCollectionOptions {
  hnsw?: { m?: number; efConstruct?: number };
  /** int8 scalar quantization: 4x less vector memory, rescored with the originals. */
  quantization?: 'none' | 'int8';
}

/** What the adapter keeps in Qdrant's collection metadata: the model the vectors came from. */
interface StoredMetadata {
  model?: ModelBinding;
  payloadIndexes?: Record<string, PayloadIndexType>;
}

/** Collections and aliases in Qdrant. */
export class QdrantCollections {
  constructor(
    private readonly client: QdrantClient,
    private readonly options: QdrantCollectionOptions,
  ) {}

  async ensure(spec: CollectionSpec): Promise<void> {
    checkName('collection', spec.name);
    const { exists } = await qdrantCall(spec.name, () => this.client.collectionExists(spec.name));
    if (exists) {
      const stored = await this.describe(spec.name);
      const mismatch = specMismatch(
        { ...spec, vectors: stored.vectors, model: stored.model ?? spec.model },
        spec,
      );
      if (mismatch) throw VectorStoreErrors.collectionMismatch(spec.name, mismatch);
    } else {
      const metadata: StoredMetadata = { model: spec.model, payloadIndexes: spec.payloadIndexes };
      await qdrantCall(spec.name, () =>
        // Through the raw API: the convenience createCollection drops `metadata`.
        this.client.api().createCollection({
          collection_name: spec.name,
          vectors: Object.fromEntries(
            Object.entries(spec.vectors).map(([name, size]) => [name, { size, distance: 'Cosine' as const }]),
          ),
          hnsw_config: { m: this.options.hnsw?.m ?? 16, ef_construct: this.options.hnsw?.efConstruct ?? 128 },
          quantization_config:
            this.options.quantization === 'int8'
              ? { scalar: { type: 'int8', quantile: 0.99, always_ram: true } }
              : null,
          metadata: metadata as Record<string, unknown>,
        }),
      );
    }
    await this.createPayloadIndexes(spec);
  }

  async list(): Promise<CollectionInfo[]> {
    const { collections } = await qdrantCall(undefined, () => this.client.getCollections());
    const aliases = await this.aliases();
    return Promise.all(
      collections.map(async ({ name }) => {
        const d = await this.describe(name);
        const names = [...aliases].filter(([, target]) => target === name).map(([alias]) => alias);
        return {
          name,
          vectors: d.vectors,
          model: d.model ?? { id: 'unknown', version: 'unknown' },
          aliases: names,
        };
      }),
    );
  }

  async drop(collection: string): Promise<void> {
    const aliases = await this.aliases();
    const name = aliases.get(collection) ?? collection;
    const own = [...aliases].filter(([, target]) => target === name).map(([alias]) => alias);
    if (own.length > 0) {
      await qdrantCall(name, () =>
        this.client.updateCollectionAliases({
          actions: own.map((alias_name) => ({ delete_alias: { alias_name } })),
        }),
      );
    }
    await qdrantCall(name, () => this.client.deleteCollection(name));
  }

  async switchAlias(alias: string, collection: string): Promise<void> {
    checkName('alias', alias);
    const exists = (await this.aliases()).has(alias);
    // One request: Qdrant applies the alias actions together.
    await qdrantCall(collection, () =>
      this.client.updateCollectionAliases({
        actions: [
          ...(exists ? [{ delete_alias: { alias_name: alias } }] : []),
          { create_alias: { alias_name: alias, collection_name: collection } },
        ],
      }),
    );
  }

  async createAlias(alias: string, collection: string): Promise<void> {
    checkName('alias', alias);
    if ((await this.aliases()).has(alias)) {
      throw VectorStoreErrors.collectionMismatch(alias, 'the alias already exists');
    }
    await qdrantCall(collection, () =>
      this.client.updateCollectionAliases({
        actions: [{ create_alias: { alias_name: alias, collection_name: collection } }],
      }),
    );
  }

  async deleteAlias(alias: string): Promise<void> {
    if (!(await this.aliases()).has(alias)) return;
    await qdrantCall(undefined, () =>
      this.client.updateCollectionAliases({ actions: [{ delete_alias: { alias_name: alias } }] }),
    );
  }

  private async aliases(): Promise<Map<string, string>> {
    const { aliases } = await qdrantCall(undefined, () => this.client.getAliases());
    return new Map(aliases.map((a) => [a.alias_name, a.collection_name]));
  }

  private async describe(name: string): Promise<{ vectors: Record<string, number>; model?: ModelBinding }> {
    const info = await qdrantCall(name, () => this.client.getCollection(name));
    const params = info.config.params.vectors as Record<string, Schemas['VectorParams']> | undefined;
    const vectors = Object.fromEntries(Object.entries(params ?? {}).map(([n, p]) => [n, p.size]));
    const metadata = (info.config as { metadata?: StoredMetadata | null }).metadata ?? {};
    // A server older than collection metadata (Qdrant 1.16) cannot record the model.
    return { vectors, model: metadata.model };
  }

  private async createPayloadIndexes(spec: CollectionSpec): Promise<void> {
    const info = await qdrantCall(spec.name, () => this.client.getCollection(spec.name));
    const have = info.payload_schema ?? {};
    const wanted: Record<string, PayloadIndexType> = { ...spec.payloadIndexes, [ID_KEY]: 'keyword' };
    for (const [field, type] of Object.entries(wanted)) {
      if (have[field]) continue;
      await qdrantCall(spec.name, () =>
        this.client.createPayloadIndex(spec.name, { field_name: field, field_schema: type, wait: true }),
      );
    }
  }
}
