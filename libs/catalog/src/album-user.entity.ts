import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An album owner. The bearer token is shown once at creation; only its
 * SHA-256 is kept, so a leaked database does not leak working tokens.
 */
@Entity({ name: 'users' })
@Index('idx_users_token_hash', ['tokenHash'], { unique: true })
export class AlbumUserEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Hex SHA-256 of the bearer token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  /**
   * The last change sequence number handed out for this user's album. Every
   * album change takes the next one while holding this row's lock, so a
   * user's changes commit in sequence order and device sync can page by it.
   */
  @Column({ name: 'change_seq', type: 'integer', default: 0 })
  changeSeq!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
