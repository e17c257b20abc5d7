import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Album vectors become residuals from a codebook centroid. Rows embedded
 * before keep their plain int8 vector but no codebook, so the indexer's
 * stale sweep quantizes them again (from the stored float32 point) and
 * devices resync from scratch.
 */
export class AlbumVectorCodebook1764700000000 implements MigrationInterface {
  name = 'AlbumVectorCodebook1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('album_photos', [
      new TableColumn({ name: 'vector_centroid', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'vector_codebook', type: 'varchar', length: '64', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('album_photos', 'vector_codebook');
    await queryRunner.dropColumn('album_photos', 'vector_centroid');
  }
}
