import { IsIn, IsInt, IsISO8601, IsString, Length, Min } from 'class-validator';
import { parseMessage } from '../message-validation.js';

/** album-photos.v1, key = user id (one user's album changes stay in order). */
export const ALBUM_PHOTO_SCHEMA_VERSION = 1;

/**
 * `album-photo.created`: embed the photo. `album-photo.deleted`: drop its
 * vector. Like listings, an event only says which photo changed; the indexer
 * reads the row, so replays converge on the database's state.
 */
export const ALBUM_PHOTO_EVENT_TYPES = ['album-photo.created', 'album-photo.deleted'] as const;

export class AlbumPhotoEventV1 {
  @IsIn(ALBUM_PHOTO_EVENT_TYPES) type!: (typeof ALBUM_PHOTO_EVENT_TYPES)[number];
  @IsIn([ALBUM_PHOTO_SCHEMA_VERSION]) schema!: 1;
  /** album_photos.id */
  @IsInt() @Min(1) id!: number;
  @IsString() @Length(1, 64) user_id!: string;
  @IsISO8601() occurred_at!: string;
}

export const parseAlbumPhotoEvent = (value: string): AlbumPhotoEventV1 =>
  parseMessage(AlbumPhotoEventV1, value);
