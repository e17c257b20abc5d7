import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { AlbumPhotoEntity } from '#catalog';
import { EncoderPort } from '#embedding';
import { VectorStore } from '#vector-store';
import { AlbumCollection } from './album-collection.js';
import { AlbumHubness } from './album-hubness.js';
import { ALBUM_PHOTO_COLUMNS, toAlbumPhotoDto } from './album-photo.mapper.js';
import type { AlbumSearchResponseDto } from './album.dto.js';
import type { AlbumUser } from './users.service.js';

/** Extra hits asked of the store, for photos deleted whose vectors the indexer has not dropped yet. */
const SLACK = 10;
/**
 * Candidates re-ranked with the hubness bias, per result asked for (at least
 * MIN_CANDIDATES). A bias moves a photo by at most its spread across photos
 * (about 0.09 of cosine with ECLIP-mini), so the corrected top 10 lay inside
 * the cosine top 50 for every benchmark query (README, "Album ranking").
 */
const CANDIDATES_PER_RESULT = 4;
const MIN_CANDIDATES = 100;

/**
 * Searches one user's album by words or by a photo. The store filters on the
 * `tenant` payload field; the rows are then read back scoped to the same
 * user (and not deleted), so a photo of someone else could not slip through
 * even if a point carried a wrong payload. The store's cosine top candidates
 * are re-ranked by cosine + the photo's hubness bias (AlbumHubness), the
 * score a synced device ranks by too.
 */
@Injectable()
export class AlbumSearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly encoder: EncoderPort,
    private readonly store: VectorStore,
    private readonly collection: AlbumCollection,
    private readonly hubness: AlbumHubness,
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
    const hubness = await this.hubness.for(model);
    const candidates = await this.store.search(name, {
      using: 'image',
      vector,
      limit: Math.max(MIN_CANDIDATES, CANDIDATES_PER_RESULT * limit) + SLACK,
      filter: { must: [{ key: 'tenant', match: { value: user.id } }] },
    });
    const points = await this.store.retrieve(
      name,
      candidates.map((h) => h.id),
      { withVectors: true },
    );
    const biasOf = new Map(points.map((p) => [p.id, hubness.bias(p.vectors!.image)]));
    const hits = candidates
      .filter((h) => biasOf.has(h.id))
      .map((h) => ({ id: h.id, score: h.score + biasOf.get(h.id)! }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit + SLACK);
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
