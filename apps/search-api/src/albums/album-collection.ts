import { Injectable } from '@nestjs/common';
import { albumPhotoCollectionSpec } from '#catalog';
import { EncoderPort, type ModelInfo } from '#embedding';
import { VectorStore } from '#vector-store';

/**
 * The album collection of the encoder's current model, created on first
 * use (by whichever of search-api and indexer gets there first: creating
 * is idempotent), so a search before the first upload finds an empty album
 * rather than a missing collection.
 */
@Injectable()
export class AlbumCollection {
  private ready?: Promise<{ name: string; model: ModelInfo }>;

  constructor(
    private readonly encoder: EncoderPort,
    private readonly store: VectorStore,
  ) {}

  get(): Promise<{ name: string; model: ModelInfo }> {
    this.ready ??= this.prepare().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async prepare(): Promise<{ name: string; model: ModelInfo }> {
    const model = await this.encoder.model();
    const spec = albumPhotoCollectionSpec(model);
    await this.store.ensureCollection(spec);
    return { name: spec.name, model };
  }
}
