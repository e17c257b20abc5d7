import type { AlbumPhotoEntity } from '#catalog';
import type { AlbumPhotoDto } from './album.dto.js';

/** Album photo columns without the bytes. */
export const ALBUM_PHOTO_COLUMNS = {
  id: true,
  userId: true,
  seq: true,
  contentType: true,
  width: true,
  height: true,
  sha256: true,
  takenAt: true,
  vectorScale: true,
  modelVersion: true,
  createdAt: true,
  deletedAt: true,
} as const;

export const albumPhotoUrl = (id: number): string => `/v1/albums/photos/${id}/image`;

export function toAlbumPhotoDto(photo: AlbumPhotoEntity, modelVersion?: string): AlbumPhotoDto {
  return {
    id: photo.id,
    url: albumPhotoUrl(photo.id),
    width: photo.width,
    height: photo.height,
    content_type: photo.contentType,
    sha256: photo.sha256,
    taken_at: photo.takenAt?.toISOString() ?? null,
    created_at: photo.createdAt.toISOString(),
    indexed:
      photo.vectorScale !== null && (modelVersion === undefined || photo.modelVersion === modelVersion),
  };
}
