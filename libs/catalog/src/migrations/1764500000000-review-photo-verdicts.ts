import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '#database';

/** Review-photo relevance: verdicts and overrides on review_images, refitted calibrations. */
export class ReviewPhotoVerdicts1764500000000 implements MigrationInterface {
  name = 'ReviewPhotoVerdicts1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.addColumns('review_images', [
      new TableColumn({ name: 'verdict', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn({ name: 'relevance', type: 'real', isNullable: true }),
      new TableColumn({ name: 'reasons', type: 'text', isNullable: true }),
      new TableColumn({ name: 'scores', type: 'text', isNullable: true }),
      new TableColumn({ name: 'scored_key', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'scored_at', type: t.timestamp, isNullable: true }),
      new TableColumn({ name: 'override_verdict', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn({ name: 'override_note', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'overridden_at', type: t.timestamp, isNullable: true }),
      new TableColumn({ name: 'revision', type: 'integer', default: 0 }),
    ]);
    await queryRunner.createIndex(
      'review_images',
      new TableIndex({ name: 'idx_review_images_verdict', columnNames: ['verdict', 'id'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'review_photo_calibrations',
        columns: [
          { name: 'head_key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'category', type: 'varchar', length: '40', isPrimary: true },
          { name: 'a', type: 'real' },
          { name: 'b', type: 'real' },
          { name: 'labels', type: 'integer' },
          { name: 'updated_at', type: t.timestamp },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('review_photo_calibrations');
    await queryRunner.dropIndex('review_images', 'idx_review_images_verdict');
    for (const column of [
      'revision',
      'overridden_at',
      'override_note',
      'override_verdict',
      'scored_at',
      'scored_key',
      'scores',
      'reasons',
      'relevance',
      'verdict',
    ])
      await queryRunner.dropColumn('review_images', column);
  }
}
