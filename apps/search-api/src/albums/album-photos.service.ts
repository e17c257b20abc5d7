import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AlbumPhotoEntity, nextAlbumChangeSeq } from '#catalog';
import { EncoderConfig } from '#config';
import { ALBUM_PHOTO_SCHEMA_VERSION, DomainError, Topics, type AlbumPhotoEventV1 } from '#contracts';
import { Transactions } from '#database';
import { ImageDecoder } from '#embedding';
import { OutboxService, type BusMessage } from '#messaging';
import { ALBUM_PHOTO_COLUMNS, toAlbumPhotoDto } from './album-photo.mapper.js';
import type { AlbumPhotoDto } from './album.dto.js';
import type { AlbumUser } from './users.service.js';

/**
 * A user's private photos: stored with an album-photos.v1 event in one
 * transaction (the indexer embeds them), deleted as tombstones. Every read
 * and write is scoped to the caller: another user's photo id is simply not
 * found, so ids cannot be probed.
 */
@Injectable()
export class AlbumPhotosService {
  private readonly decoder: ImageDecoder;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
    encoder: EncoderConfig,
  ) {
    this.decoder = new ImageDecoder({ maxBytes: encoder.imageMaxBytes, maxPixels: encoder.imageMaxPixels });
  }

  async upload(user: AlbumUser, bytes: Buffer, takenAt?: Date): Promise<AlbumPhotoDto> {
    const header = await this.decoder.inspect(bytes);
    const photo = await this.transactions.run(async (m) => {
      const saved = await m.save(
        m.create(AlbumPhotoEntity, {
          userId: user.id,
          seq: await nextAlbumChangeSeq(m, user.id),
          contentType: `image/${header.format}`,
          width: header.width,
          height: header.height,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          dataBase64: bytes.toString('base64'),
          takenAt: takenAt ?? null,
          vector: null,
          vectorScale: null,
          modelId: null,
          modelVersion: null,
          deletedAt: null,
        }),
      );
      await this.outbox.enqueue(m, [albumPhotoEvent('album-photo.created', saved.id, user.id)]);
      return saved;
    });
    this.outbox.wake();
    return toAlbumPhotoDto(photo);
  }

  async get(user: AlbumUser, id: number): Promise<AlbumPhotoDto> {
    return toAlbumPhotoDto(await this.own(this.dataSource.manager, user, id));
  }

  async image(user: AlbumUser, id: number): Promise<{ contentType: string; bytes: Buffer; sha256: string }> {
    const photo = await this.dataSource.getRepository(AlbumPhotoEntity).findOne({
      select: { id: true, contentType: true, dataBase64: true, sha256: true },
      where: { id, userId: user.id, deletedAt: IsNull() },
    });
    if (!photo) throw notFound(id);
    return {
      contentType: photo.contentType,
      bytes: Buffer.from(photo.dataBase64, 'base64'),
      sha256: photo.sha256,
    };
  }

  /** Leaves a tombstone at the user's next change number, so synced devices learn of the deletion. */
  async remove(user: AlbumUser, id: number): Promise<void> {
    await this.transactions.run(async (m) => {
      await this.own(m, user, id);
      await m.update(AlbumPhotoEntity, id, {
        seq: await nextAlbumChangeSeq(m, user.id),
        deletedAt: new Date(),
        dataBase64: '',
        vector: null,
        vectorScale: null,
      });
      await this.outbox.enqueue(m, [albumPhotoEvent('album-photo.deleted', id, user.id)]);
    });
    this.outbox.wake();
  }

  /** The caller's live photo `id`, or NOT_FOUND: the same answer whether it is someone else's or nobody's. */
  private async own(manager: EntityManager, user: AlbumUser, id: number): Promise<AlbumPhotoEntity> {
    const photo = await manager.findOne(AlbumPhotoEntity, {
      select: ALBUM_PHOTO_COLUMNS,
      where: { id, userId: user.id, deletedAt: IsNull() },
    });
    if (!photo) throw notFound(id);
    return photo;
  }
}

const notFound = (id: number) => new DomainError('NOT_FOUND', `no album photo ${id}`);

function albumPhotoEvent(type: AlbumPhotoEventV1['type'], id: number, userId: string): BusMessage {
  const event: AlbumPhotoEventV1 = {
    type,
    schema: ALBUM_PHOTO_SCHEMA_VERSION,
    id,
    user_id: userId,
    occurred_at: new Date().toISOString(),
  };
  return { topic: Topics.albumPhotos, key: userId, value: JSON.stringify(event) };
}
