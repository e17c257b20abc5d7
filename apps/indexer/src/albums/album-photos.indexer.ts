import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { int8ToBase64, PLAIN_CODEBOOK, type Codebook } from '#album-sync-client';
import { AlbumCodebooks, AlbumPhotoEntity, albumPhotoCollectionSpec, nextAlbumChangeSeq } from '#catalog';
import { EncoderConfig } from '#config';
import { InvalidMessageError, Topics, parseAlbumPhotoEvent } from '#contracts';
import { Transactions } from '#database';
import { repoRoot } from '#demo-catalog';
import { EncoderPort, type ModelInfo } from '#embedding';
import { EventBus, type BusMessage, type ReceivedMessage } from '#messaging';
import { VectorStore } from '#vector-store';
import { toDeadLetter } from '../dead-letter.js';
import { IndexerMetrics } from '../indexer.metrics.js';
import { POISON_ATTEMPTS, consumerRetry, isolateFailures } from '../retry.js';
import { albumPhotosGroup } from './album-photos.group.js';

const SWEEP_PAGE = 64;

interface Target {
  collection: string;
  model: ModelInfo;
  codebook: Codebook;
}

/**
 * Keeps album photo vectors in step with the album_photos rows. An event
 * only names a photo; the indexer then brings that photo's point to the
 * row's state (embedded with the tenant payload, or gone), so replays and
 * duplicates converge. Each new embedding is also stored on the row,
 * quantized (the int8 residual from the nearest centroid of the model's
 * codebook), under the user's next change sequence number: that is what
 * device sync sends.
 */
@Injectable()
export class AlbumPhotosIndexer {
  private readonly logger = new Logger(AlbumPhotosIndexer.name);
  private stopped = false;
  private readonly retry = consumerRetry(this.logger, 'album photo indexing', () => this.stopped);
  private target?: Promise<Target>;
  private sweep?: Promise<void>;
  private readonly codebooks: AlbumCodebooks;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly encoder: EncoderPort,
    private readonly store: VectorStore,
    private readonly bus: EventBus,
    private readonly metrics: IndexerMetrics,
    encoderConfig: EncoderConfig,
  ) {
    this.codebooks = new AlbumCodebooks(encoderConfig.model, repoRoot());
  }

  prepare(): Promise<Target> {
    this.target ??= (async () => {
      const model = await this.encoder.model();
      const spec = albumPhotoCollectionSpec(model);
      await this.store.ensureCollection(spec);
      const codebook = this.codebooks.for(model);
      if (codebook.version === PLAIN_CODEBOOK)
        this.logger.warn(
          `no album codebook for ${model.id}@${model.version}: album vectors sync as plain int8 (fit one with npm run fit:album-codebook)`,
        );
      return { collection: spec.name, model, codebook };
    })().catch((error: unknown) => {
      this.target = undefined;
      throw error;
    });
    return this.target;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.sweep;
  }

  async handle(messages: ReceivedMessage[]): Promise<void> {
    const valid: { message: ReceivedMessage; id: number }[] = [];
    const deadLetters: BusMessage[] = [];
    for (const message of messages) {
      try {
        valid.push({ message, id: parseAlbumPhotoEvent(message.value).id });
      } catch (error) {
        if (!(error instanceof InvalidMessageError)) throw error;
        deadLetters.push(toDeadLetter(message, error.reason, albumPhotosGroup()));
      }
    }
    const ids = [...new Set(valid.map((v) => v.id))];
    for (const { item: id, error } of await isolateFailures(ids, (batch) => this.sync(batch), this.retry)) {
      const reason = `album photo indexing failed ${POISON_ATTEMPTS} times: ${error.message}`;
      for (const v of valid.filter((x) => x.id === id))
        deadLetters.push(toDeadLetter(v.message, reason, albumPhotosGroup()));
    }
    if (deadLetters.length > 0) await this.bus.publish(deadLetters);
    this.metrics.messages.inc({ topic: Topics.albumPhotos, outcome: 'dead_lettered' }, deadLetters.length);
    this.metrics.messages.inc(
      { topic: Topics.albumPhotos, outcome: 'indexed' },
      messages.length - deadLetters.length,
    );
  }

  /**
   * Brings in the background every live photo without a vector of the
   * current model and codebook up to date (new model, new codebook, lost events).
   */
  startStaleSweep(): void {
    this.sweep = this.sweepStale().catch((error: unknown) =>
      this.logger.error(`album photo sweep stopped: ${(error as Error).message}`),
    );
  }

  private async sweepStale(): Promise<void> {
    const { model, codebook } = await this.prepare();
    let after = 0;
    let total = 0;
    while (!this.stopped) {
      const page = await this.dataSource
        .getRepository(AlbumPhotoEntity)
        .createQueryBuilder('p')
        .select('p.id')
        .where('p.deleted_at IS NULL AND p.id > :after', { after })
        .andWhere(
          '(p.model_version IS NULL OR p.model_version <> :version OR p.vector_codebook IS NULL OR p.vector_codebook <> :codebook)',
          { version: model.version, codebook: codebook.version },
        )
        .orderBy('p.id', 'ASC')
        .limit(SWEEP_PAGE)
        .getMany();
      if (page.length === 0) break;
      const ids = page.map((p) => p.id);
      await this.retry(() => this.sync(ids));
      total += ids.length;
      after = ids[ids.length - 1];
    }
    if (total > 0)
      this.logger.log(
        `brought ${total} album photos up to ${model.id}@${model.version}, codebook ${codebook.version}`,
      );
  }

  /** Brings the points of these photos to their rows' state, and their rows' vectors to the current codebook. */
  private async sync(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const target = await this.prepare();
    const { collection, model, codebook } = target;
    const live = await this.dataSource
      .getRepository(AlbumPhotoEntity)
      .find({ where: { id: In(ids), deletedAt: IsNull() }, order: { id: 'ASC' } });
    const liveIds = new Set(live.map((r) => r.id));
    const gone = ids.filter((id) => !liveIds.has(id));
    if (gone.length > 0) await this.store.delete(collection, gone.map(String));
    if (live.length === 0) return;
    const current = (r: AlbumPhotoEntity) =>
      r.vector !== null && r.modelVersion === model.version && r.vectorCodebook === codebook.version;
    // A replayed event finds the photo embedded already: skip the model work. A row
    // quantized with an older codebook is quantized again from its stored point.
    const stored = new Map(
      (
        await this.store.retrieve(
          collection,
          live.map((r) => String(r.id)),
          { withVectors: !live.every(current) },
        )
      ).map((p) => [p.id, p.vectors?.image]),
    );
    const missing = live.filter((r) => !stored.has(String(r.id)));
    const vectorOf = new Map<number, Float32Array>();
    if (missing.length > 0) {
      const { vectors } = await this.encoder.embedImages(
        missing.map((r) => Buffer.from(r.dataBase64, 'base64')),
      );
      await this.store.upsert(
        collection,
        missing.map((r, i) => ({
          id: String(r.id),
          vectors: { image: vectors[i] },
          payload: { tenant: r.userId },
          version: 1,
        })),
      );
      missing.forEach((r, i) => vectorOf.set(r.id, vectors[i]));
    }
    for (const row of live) {
      if (current(row)) continue; // the row already holds this model's vector in this codebook
      const vector = vectorOf.get(row.id) ?? stored.get(String(row.id));
      if (!vector) throw new Error(`album photo ${row.id}: the stored point has no image vector`);
      if (!(await this.record(row, vector, target))) await this.store.delete(collection, [String(row.id)]);
    }
  }

  /** Stores the quantized vector under the user's next change number; false when the photo was deleted meanwhile. */
  private record(row: AlbumPhotoEntity, vector: Float32Array, { model, codebook }: Target): Promise<boolean> {
    const { centroid, values, scale } = codebook.encode(vector);
    return this.transactions.run(async (m) => {
      // The sequence number first: it locks the user's album, so a deletion cannot slip in between.
      const seq = await nextAlbumChangeSeq(m, row.userId);
      const still = await m.existsBy(AlbumPhotoEntity, { id: row.id, deletedAt: IsNull() });
      if (!still) return false;
      await m.update(AlbumPhotoEntity, row.id, {
        seq,
        vector: int8ToBase64(values),
        vectorScale: scale,
        vectorCentroid: centroid,
        vectorCodebook: codebook.version,
        modelId: model.id,
        modelVersion: model.version,
      });
      return true;
    });
  }
}
