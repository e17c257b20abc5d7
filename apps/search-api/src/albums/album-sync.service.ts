import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { int8FromBase64 } from '#album-sync-client';
import { AlbumCodebooks, AlbumPhotoEntity } from '#catalog';
import { AlbumConfig, EncoderConfig } from '#config';
import { repoRoot } from '#demo-catalog';
import { EncoderPort } from '#embedding';
import { AdminKeyService } from '#http';
import { AlbumHubness } from './album-hubness.js';
import { SyncCursorCodec, type SyncPosition } from './sync-cursor.js';
import type { SyncPageDto } from './sync.dto.js';

/**
 * Device sync: the caller's album changes after the cursor, in change
 * sequence order. A row appears when it has a vector of the current model
 * and codebook (an upsert) or is deleted (a tombstone); a photo waiting for
 * the indexer appears once quantized, under the sequence number that took.
 * Because a user's changes commit in sequence order (nextAlbumChangeSeq),
 * a page never skips a change that a later page could reveal, whatever
 * writers do meanwhile.
 */
@Injectable()
export class AlbumSyncService {
  private codec?: SyncCursorCodec;
  private readonly codebooks: AlbumCodebooks;

  constructor(
    private readonly dataSource: DataSource,
    private readonly encoder: EncoderPort,
    private readonly keys: AdminKeyService,
    private readonly hubness: AlbumHubness,
    private readonly config: AlbumConfig,
    encoderConfig: EncoderConfig,
  ) {
    this.codebooks = new AlbumCodebooks(encoderConfig.model, repoRoot());
  }

  async page(userId: string, cursor: string | undefined, limit: number | undefined): Promise<SyncPageDto> {
    const model = await this.encoder.model();
    const codebook = this.codebooks.for(model);
    const hubness = await this.hubness.for(model);
    const vectors = { model: model.version, codebook: codebook.version };
    // The biases a device holds are stale when the query bank changes, like its vectors with the model.
    const vectorsKey = `${vectors.model}/${vectors.codebook}/${hubness.version}`;
    const position = this.cursors().decode(cursor, userId);
    // No cursor, or vectors or biases of another model, codebook or query bank: the device must start over.
    const reset = !position || position.model !== vectorsKey;
    const after = reset ? 0 : position.seq;
    const take = Math.min(limit ?? this.config.syncPage, this.config.syncPage);
    const rows = await this.changes(userId, after, vectors, take + 1);
    const page = rows.slice(0, take);
    const next: SyncPosition = { user: userId, seq: page.at(-1)?.seq ?? after, model: vectorsKey };
    return {
      model: { id: model.id, version: model.version, dim: model.dim, codebook: codebook.version },
      reset,
      ...(reset ? { codebook: codebook.toWire() } : {}),
      upserts: page
        .filter((r) => r.deletedAt === null)
        .map((r) => ({
          id: r.id,
          seq: r.seq,
          centroid: r.vectorCentroid!,
          vector: r.vector!,
          scale: r.vectorScale!,
          bias: hubness.bias(
            codebook.decode({
              centroid: r.vectorCentroid!,
              values: int8FromBase64(r.vector!, codebook.dim),
              scale: r.vectorScale!,
            }),
          ),
          width: r.width,
          height: r.height,
          content_type: r.contentType,
          sha256: r.sha256,
          taken_at: r.takenAt?.toISOString() ?? null,
          created_at: r.createdAt.toISOString(),
        })),
      deletes: page.filter((r) => r.deletedAt !== null).map((r) => ({ id: r.id, seq: r.seq })),
      next_cursor: this.cursors().encode(next),
      has_more: rows.length > take,
    };
  }

  private changes(
    userId: string,
    after: number,
    vectors: { model: string; codebook: string },
    limit: number,
  ) {
    const query = this.dataSource
      .getRepository(AlbumPhotoEntity)
      .createQueryBuilder('p')
      .select([
        'p.id',
        'p.seq',
        'p.vector',
        'p.vectorScale',
        'p.vectorCentroid',
        'p.width',
        'p.height',
        'p.contentType',
        'p.sha256',
        'p.takenAt',
        'p.createdAt',
        'p.deletedAt',
      ])
      .where('p.user_id = :userId AND p.seq > :after', { userId, after });
    // From scratch a device holds nothing, so tombstones would only be noise.
    const current = 'p.model_version = :model AND p.vector_codebook = :codebook';
    if (after === 0) query.andWhere(`p.deleted_at IS NULL AND ${current}`, vectors);
    else query.andWhere(`(p.deleted_at IS NOT NULL OR (${current}))`, vectors);
    return query.orderBy('p.seq', 'ASC').limit(limit).getMany();
  }

  /** Keyed from the admin key, so every search-api instance issues and accepts the same cursors. */
  private cursors(): SyncCursorCodec {
    this.codec ??= new SyncCursorCodec(this.keys.derive('album-sync-cursor'));
    return this.codec;
  }
}
