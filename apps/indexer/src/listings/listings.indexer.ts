import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  INDEX_CHANGE_SCHEMA_VERSION,
  InvalidMessageError,
  Topics,
  parseListingEvent,
  type IndexChangeEventV1,
} from '#contracts';
import { EncoderPort, type EmbeddingBatch } from '#embedding';
import { EventBus, type BusMessage, type ReceivedMessage } from '#messaging';
import { productTitleText } from '#review-relevance';
import { VectorStore, type VectorPoint } from '#vector-store';
import { IndexerMetrics } from '../indexer.metrics.js';
import { toDeadLetter } from '../dead-letter.js';
import { POISON_ATTEMPTS, consumerRetry, isolateFailures } from '../retry.js';
import {
  PRODUCTS_ALIAS,
  ProductEntity,
  ProductImageEntity,
  filterableAttributes,
  productCollectionSpec,
} from '#catalog';

/**
 * Keeps the product vectors in step with the catalog. An event only says
 * "product X changed"; the indexer then indexes X as the database has it now,
 * at the database's version. Replays and reorderings therefore converge on
 * the current state, and the store's version check keeps an older write from
 * overwriting a newer one when two indexers race.
 */
@Injectable()
export class ListingsIndexer {
  private readonly logger = new Logger(ListingsIndexer.name);
  private collection?: string;
  private stopped = false;
  private readonly retry = consumerRetry(this.logger, 'indexing', () => this.stopped);

  constructor(
    private readonly dataSource: DataSource,
    private readonly encoder: EncoderPort,
    private readonly store: VectorStore,
    private readonly bus: EventBus,
    private readonly metrics: IndexerMetrics,
  ) {}

  /** Creates the collection for the current model and points the alias at it if nothing else does. */
  async prepare(): Promise<string> {
    const spec = productCollectionSpec(await this.encoder.model());
    await this.store.ensureCollection(spec);
    const existing = await this.store.listCollections();
    if (!existing.some((c) => c.aliases.includes(PRODUCTS_ALIAS))) {
      await this.store.switchAlias(PRODUCTS_ALIAS, spec.name);
    }
    this.collection = spec.name;
    return spec.name;
  }

  stop(): void {
    this.stopped = true;
  }

  async handle(messages: ReceivedMessage[]): Promise<void> {
    const valid: { message: ReceivedMessage; id: string }[] = [];
    const deadLetters: BusMessage[] = [];
    for (const message of messages) {
      try {
        valid.push({ message, id: parseListingEvent(message.value).id });
      } catch (error) {
        if (!(error instanceof InvalidMessageError)) throw error;
        deadLetters.push(toDeadLetter(message, error.reason));
      }
    }
    const ids = [...new Set(valid.map((v) => v.id))];
    for (const { item: id, error } of await isolateFailures(
      ids,
      (batch) => this.indexIds(batch),
      this.retry,
    )) {
      const reason = `indexing failed ${POISON_ATTEMPTS} times: ${error.message}`;
      for (const v of valid.filter((x) => x.id === id)) deadLetters.push(toDeadLetter(v.message, reason));
    }
    if (deadLetters.length > 0) {
      await this.bus.publish(deadLetters);
      this.metrics.messages.inc({ topic: messages[0].topic, outcome: 'dead_lettered' }, deadLetters.length);
    }
    this.metrics.messages.inc(
      { topic: messages[0].topic, outcome: 'indexed' },
      messages.length - deadLetters.length,
    );
  }

  /** Indexes these products (as the database has them) into one named collection. */
  async indexInto(collection: string, ids: string[]): Promise<void> {
    await this.retry(() => this.indexIds(ids, collection));
  }

  private async indexIds(ids: string[], target?: string): Promise<void> {
    if (ids.length === 0) return;
    const collection = target ?? this.collection ?? (await this.prepare());
    const current = await this.dataSource.getRepository(ProductEntity).findBy({ id: In(ids) });
    // A replayed or duplicate event finds its version already indexed: skip the model work.
    const indexed = new Map(
      (
        await this.store.retrieve(
          collection,
          current.map((p) => p.id),
        )
      ).map((p) => [p.id, p.version]),
    );
    const products = current.filter((p) => (indexed.get(p.id) ?? 0) < p.version);
    const images = await this.dataSource
      .getRepository(ProductImageEntity)
      .findBy({ productId: In(products.map((p) => p.id)), position: 0 });
    const mainImage = new Map(images.map((i) => [i.productId, Buffer.from(i.dataBase64, 'base64')]));
    const withImage = products.filter((p) => mainImage.has(p.id));
    const [imageVectors, textVectors] = await Promise.all([
      withImage.length
        ? inChunks(
            withImage.map((p) => mainImage.get(p.id)!),
            (chunk) => this.encoder.embedImages(chunk),
          )
        : undefined,
      products.length
        ? inChunks(
            products.map((p) => productTitleText({ en: p.titleEn, zh: p.titleZh })),
            (chunk) => this.encoder.embedTexts(chunk),
          )
        : undefined,
    ]);
    const imageOf = new Map(withImage.map((p, i) => [p.id, imageVectors!.vectors[i]]));
    const model = textVectors?.model ?? imageVectors?.model;
    // Vectors go to the collection of the model that made them: when the encoder
    // switches models, writes follow it, and `npm run reindex` fills the rest.
    if (!target && model && productCollectionSpec(model).name !== collection) {
      const spec = productCollectionSpec(model);
      await this.store.ensureCollection(spec);
      this.collection = spec.name;
      return this.indexIds(ids);
    }
    const points: VectorPoint[] = products.map((p, i) => ({
      id: p.id,
      version: p.version,
      vectors: { text: textVectors!.vectors[i], ...(imageOf.has(p.id) ? { image: imageOf.get(p.id)! } : {}) },
      payload: {
        ...filterableAttributes(p),
        updated_at: p.updatedAt.toISOString(),
        model_id: model?.id,
        model_version: model?.version,
      },
    }));
    if (points.length > 0) await this.store.upsert(collection, points);
    const present = new Set(current.map((p) => p.id));
    const gone = ids.filter((id) => !present.has(id));
    if (gone.length > 0) await this.store.delete(collection, gone);
    if (points.length > 0 || gone.length > 0) {
      await this.announce(collection, [...points.map((p) => p.id), ...gone]);
    }
  }

  /** Tells search caches that these products changed in the index. */
  private async announce(collection: string, ids: string[]): Promise<void> {
    const event: IndexChangeEventV1 = {
      schema: INDEX_CHANGE_SCHEMA_VERSION,
      collection,
      ids,
      occurred_at: new Date().toISOString(),
    };
    await this.bus.publish([{ topic: Topics.indexChanges, key: collection, value: JSON.stringify(event) }]);
  }
}

/** Encoder requests stay within its per-request limits, however large the consumer batch. */
const ENCODER_CHUNK = 32;

async function inChunks<T>(
  items: T[],
  embed: (chunk: T[]) => Promise<EmbeddingBatch>,
): Promise<EmbeddingBatch> {
  const batches: EmbeddingBatch[] = [];
  for (let i = 0; i < items.length; i += ENCODER_CHUNK)
    batches.push(await embed(items.slice(i, i + ENCODER_CHUNK)));
  return { model: batches[0].model, vectors: batches.flatMap((b) => b.vectors) };
}
