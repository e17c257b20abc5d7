import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { AlbumPhotoEntity } from '#catalog';
import { EncoderPort } from '#embedding';
import { VectorStore } from '#vector-store';
import { AlbumCollection } from './album-collection.js';
import { ALBUM_PHOTO_COLUMNS, toAlbumPhotoDto } from './album-photo.mapper.js';
import type { AlbumSearchResponseDto } from './album.dto.js';
import type { AlbumUser } from './users.service.js';

/** Extra hits asked of the store, for photos deleted whose vectors the indexer has not dropped yet. */
const SLACK = 10;

/**
 * Searches one user's album by words or by a photo. The store filters on the
 * `tenant` payload field; the rows are then read back scoped to the same
 * user (and not deleted), so a photo of someone else could not slip through
 * even if a point carried a wrong payload.
 */
@Injectable()
export class AlbumSearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly encoder: EncoderPort,
    private readonly store: VectorStore,
    private readonly collection: AlbumCollection,
  ) {}

  async byText(user: AlbumUser, q: string, limit: number): Promise<AlbumSearchResponseDto> {
    const started = performance.now();
    const { vectors } = await this.encoder.embedTexts([q]);
    return this.search(user, vectors[0], limit, started);
  }

  async byImage(user: AlbumUser, image: Buffer, limit: number): Promise<AlbumSearchResponseDto> {
    const started = performance.now();
    const { vectors } = await this.encoder.embedImages([image]);
    return this.search(user, vectors[0], limit, started);
  }

  private async search(
    user: AlbumUser,
    vector: Float32Array,
    limit: number,
    started: number,
  ): Promise<AlbumSearchResponseDto> {
    const { name, model } = await this.collection.get();
    const hits = await this.store.search(name, {
      using: 'image',
      vector,
      limit: limit + SLACK,
      filter: { must: [{ key: 'tenant', match: { value: user.id } }] },
    });
    const ids = hits.map((h) => Number(h.id));
    const rows = ids.length
      ? await this.dataSource.getRepository(AlbumPhotoEntity).find({
          select: ALBUM_PHOTO_COLUMNS,
          where: { id: In(ids), userId: user.id, deletedAt: IsNull() },
        })
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items = hits
      .filter((h) => byId.has(Number(h.id)))
      .slice(0, limit)
      .map((h) => ({ score: h.score, photo: toAlbumPhotoDto(byId.get(Number(h.id))!, model.version) }));
    return {
      items,
      model: { id: model.id, version: model.version },
      took_ms: Math.round(performance.now() - started),
    };
  }
}
