import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '#database';

/** Users (album owners, bearer tokens stored hashed) and their album photos with a per-user change sequence. */
export class AlbumPhotos1764600000000 implements MigrationInterface {
  name = 'AlbumPhotos1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const created = { type: t.createdAt, default: t.createdAtDefault };
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'change_seq', type: 'integer', default: 0 },
          { name: 'created_at', ...created },
        ],
        indices: [
          new TableIndex({ name: 'idx_users_token_hash', columnNames: ['token_hash'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'album_photos',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'seq', type: 'integer' },
          { name: 'content_type', type: 'varchar', length: '40' },
          { name: 'width', type: 'integer' },
          { name: 'height', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'data_base64', type: 'text' },
          { name: 'taken_at', type: t.timestamp, isNullable: true },
          { name: 'vector', type: 'text', isNullable: true },
          { name: 'vector_scale', type: 'real', isNullable: true },
          { name: 'model_id', type: 'varchar', length: '200', isNullable: true },
          { name: 'model_version', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_at', ...created },
          { name: 'deleted_at', type: t.timestamp, isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_album_photos_user_seq', columnNames: ['user_id', 'seq'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('album_photos');
    await queryRunner.dropTable('users');
  }
}
