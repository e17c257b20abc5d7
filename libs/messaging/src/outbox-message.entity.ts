import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event written in the same transaction as the rows it describes. The relay
 * publishes unsent rows in id order and stamps `sent_at`; a crash between
 * commit and publish leaves the row unsent, so it is published after restart.
 */
@Entity({ name: 'outbox_messages' })
@Index('idx_outbox_unsent', ['sentAt', 'id'])
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  topic!: string;

  @Column({ name: 'message_key', type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'text', nullable: true })
  headers!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: Date, nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
