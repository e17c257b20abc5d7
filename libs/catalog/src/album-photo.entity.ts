import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A photo in a user's private album. A deleted photo stays as a tombstone
 * (bytes dropped, `deleted_at` set) so devices that synced it learn to
 * remove it. `seq` is the user's change sequence number of the row's last
 * change (upload, embedding, deletion): device sync reads rows by it.
 */
@Entity({ name: 'album_photos' })
@Index('idx_album_photos_user_seq', ['userId', 'seq'])
export class AlbumPhotoEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'content_type', type: 'varchar', length: 40 })
  contentType!: string;

  @Column({ type: 'integer' })
  width!: number;

  @Column({ type: 'integer' })
  height!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** The bytes as base64 (like product photos); empty once deleted. */
  @Column({ name: 'data_base64', type: 'text' })
  dataBase64!: string;

  /** When the owner says the photo was taken (optional). */
  @Column({ name: 'taken_at', type: Date, nullable: true })
  takenAt!: Date | null;

  /**
   * The image vector as device sync sends it: the int8-quantized residual
   * from centroid `vectorCentroid` of codebook `vectorCodebook` (base64 of
   * `dim` signed bytes); null until embedded.
   */
  @Column({ type: 'text', nullable: true })
  vector!: string | null;

  /** centroid + int8 values × this ≈ the unit vector. */
  @Column({ name: 'vector_scale', type: 'real', nullable: true })
  vectorScale!: number | null;

  @Column({ name: 'vector_centroid', type: 'integer', nullable: true })
  vectorCentroid!: number | null;

  /** The version of the codebook the vector is quantized with (see AlbumCodebooks). */
  @Column({ name: 'vector_codebook', type: 'varchar', length: 64, nullable: true })
  vectorCodebook!: string | null;

  @Column({ name: 'model_id', type: 'varchar', length: 200, nullable: true })
  modelId!: string | null;

  @Column({ name: 'model_version', type: 'varchar', length: 64, nullable: true })
  modelVersion!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'deleted_at', type: Date, nullable: true })
  deletedAt!: Date | null;
}
