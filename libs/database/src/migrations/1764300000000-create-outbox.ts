import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from './column-types.js';

export class CreateOutbox1764300000000 implements MigrationInterface {
  name = 'CreateOutbox1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'topic', type: 'varchar', length: '255' },
          { name: 'message_key', type: 'varchar', length: '255' },
          { name: 'payload', type: 'text' },
          { name: 'headers', type: 'text', isNullable: true },
          { name: 'created_at', type: t.createdAt, default: t.createdAtDefault },
          { name: 'sent_at', type: t.timestamp, isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_error', type: 'text', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'outbox_messages',
      new TableIndex({ name: 'idx_outbox_unsent', columnNames: ['sent_at', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outbox_messages');
  }
}
