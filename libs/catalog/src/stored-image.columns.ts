import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns every stored photo has (product photos, review photos). The
 * bytes live in the database as base64 text: one portable column type on
 * SQLite and PostgreSQL, and in distributed mode every app that can read the
 * catalog can read its images, with no shared disk.
 */
export abstract class StoredImageColumns {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'content_type', type: 'varchar', length: 40 })
  contentType!: string;

  @Column({ type: 'integer' })
  width!: number;

  @Column({ type: 'integer' })
  height!: number;

  /** SHA-256 of the bytes: detects a changed photo without comparing blobs. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'data_base64', type: 'text' })
  dataBase64!: string;
}
