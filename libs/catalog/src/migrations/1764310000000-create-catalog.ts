import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '#database';

const image = (owner: string) => [
  {
    name: 'id',
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment' as const,
  },
  { name: `${owner}_id`, type: 'varchar', length: '64' },
  { name: 'position', type: 'integer' },
  { name: 'content_type', type: 'varchar', length: '40' },
  { name: 'width', type: 'integer' },
  { name: 'height', type: 'integer' },
  { name: 'sha256', type: 'varchar', length: '64' },
  { name: 'data_base64', type: 'text' },
];

/** A child row goes with its parent. */
const cascadeTo = (column: string, table: string) =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

export class CreateCatalog1764310000000 implements MigrationInterface {
  name = 'CreateCatalog1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const created = { type: t.createdAt, default: t.createdAtDefault };
    await queryRunner.createTable(
      new Table({
        name: 'products',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'title_en', type: 'varchar', length: '300' },
          { name: 'title_zh', type: 'varchar', length: '300' },
          { name: 'description_en', type: 'text' },
          { name: 'description_zh', type: 'text' },
          { name: 'category', type: 'varchar', length: '40' },
          { name: 'colour', type: 'varchar', length: '40' },
          { name: 'brand', type: 'varchar', length: '100' },
          { name: 'price_cents', type: 'integer' },
          { name: 'currency', type: 'varchar', length: '3' },
          { name: 'rating', type: 'real' },
          { name: 'stock', type: 'integer' },
          { name: 'version', type: 'integer' },
          { name: 'created_at', ...created },
          { name: 'updated_at', type: t.updatedAt, default: t.updatedAtDefault },
        ],
        indices: [new TableIndex({ name: 'idx_products_category', columnNames: ['category'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'product_images',
        columns: image('product'),
        indices: [
          new TableIndex({ name: 'idx_product_images_product', columnNames: ['product_id', 'position'] }),
        ],
        foreignKeys: [cascadeTo('product_id', 'products')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reviews',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'product_id', type: 'varchar', length: '64' },
          { name: 'author', type: 'varchar', length: '100' },
          { name: 'rating', type: 'integer' },
          { name: 'text', type: 'text' },
          { name: 'lang', type: 'varchar', length: '8' },
          { name: 'version', type: 'integer' },
          { name: 'created_at', ...created },
        ],
        indices: [new TableIndex({ name: 'idx_reviews_product', columnNames: ['product_id', 'created_at'] })],
        foreignKeys: [cascadeTo('product_id', 'products')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'review_images',
        columns: image('review'),
        indices: [
          new TableIndex({ name: 'idx_review_images_review', columnNames: ['review_id', 'position'] }),
        ],
        foreignKeys: [cascadeTo('review_id', 'reviews')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['review_images', 'reviews', 'product_images', 'products'])
      await queryRunner.dropTable(table);
  }
}
