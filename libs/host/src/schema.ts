import {
  AlbumPhotoEntity,
  AlbumPhotos1764600000000,
  AlbumUserEntity,
  AlbumVectorCodebook1764700000000,
  CreateCatalog1764310000000,
  ProductEntity,
  ProductImageEntity,
  ReviewEntity,
  ReviewImageEntity,
  ReviewPhotoCalibrationEntity,
  ReviewPhotoVerdicts1764500000000,
} from '#catalog';
import { CreateProductSearch1764400000000 } from '#lexical';
import { OutboxMessageEntity } from '#messaging';
import { CreateOutbox1764300000000, type SchemaParts } from '#database';

/** The whole relational schema: every entity and every migration, in order. */
export const SCHEMA: SchemaParts = {
  entities: [
    OutboxMessageEntity,
    ProductEntity,
    ProductImageEntity,
    ReviewEntity,
    ReviewImageEntity,
    ReviewPhotoCalibrationEntity,
    AlbumUserEntity,
    AlbumPhotoEntity,
  ],
  migrations: [
    CreateOutbox1764300000000,
    CreateCatalog1764310000000,
    CreateProductSearch1764400000000,
    ReviewPhotoVerdicts1764500000000,
    AlbumPhotos1764600000000,
    AlbumVectorCodebook1764700000000,
  ],
};
