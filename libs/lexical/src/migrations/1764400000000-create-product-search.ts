import type { MigrationInterface, QueryRunner } from 'typeorm';
import { productTerms } from '../search-terms.js';

/**
 * The lexical index. Both databases keep one row of pre-split terms per
 * product (deleted with it); SQLite adds an FTS5 index kept in step by
 * triggers, PostgreSQL a stored tsvector with a GIN index. Existing products
 * are indexed here, so an upgraded catalog is searchable at once.
 */
export class CreateProductSearch1764400000000 implements MigrationInterface {
  name = 'CreateProductSearch1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    if (postgres) {
      await queryRunner.query(`CREATE TABLE product_search (
        product_id varchar(64) PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
        terms text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (array_to_tsvector(string_to_array(terms, ' '))) STORED)`);
      await queryRunner.query(`CREATE INDEX idx_product_search_tsv ON product_search USING GIN (tsv)`);
    } else {
      await queryRunner.query(`CREATE TABLE product_search (
        doc integer PRIMARY KEY AUTOINCREMENT,
        product_id varchar(64) NOT NULL UNIQUE REFERENCES products(id) ON DELETE CASCADE,
        terms text NOT NULL)`);
      await queryRunner.query(
        `CREATE VIRTUAL TABLE product_search_fts USING fts5(terms, content='product_search', content_rowid='doc', tokenize='unicode61')`,
      );
      await queryRunner.query(`CREATE TRIGGER product_search_ai AFTER INSERT ON product_search BEGIN
        INSERT INTO product_search_fts(rowid, terms) VALUES (new.doc, new.terms); END`);
      await queryRunner.query(`CREATE TRIGGER product_search_ad AFTER DELETE ON product_search BEGIN
        INSERT INTO product_search_fts(product_search_fts, rowid, terms) VALUES ('delete', old.doc, old.terms); END`);
      await queryRunner.query(`CREATE TRIGGER product_search_au AFTER UPDATE ON product_search BEGIN
        INSERT INTO product_search_fts(product_search_fts, rowid, terms) VALUES ('delete', old.doc, old.terms);
        INSERT INTO product_search_fts(rowid, terms) VALUES (new.doc, new.terms); END`);
    }
    const insert = postgres
      ? 'INSERT INTO product_search (product_id, terms) VALUES ($1, $2)'
      : 'INSERT INTO product_search (product_id, terms) VALUES (?, ?)';
    const rows = (await queryRunner.query(
      `SELECT id, title_en, title_zh, description_en, description_zh, brand, category, colour FROM products`,
    )) as Record<string, string>[];
    for (const r of rows) {
      const terms = productTerms({
        title: { en: r.title_en, zh: r.title_zh },
        description: { en: r.description_en, zh: r.description_zh },
        brand: r.brand,
        category: r.category,
        colour: r.colour,
      });
      await queryRunner.query(insert, [r.id, terms]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') {
      await queryRunner.query('DROP TABLE product_search_fts');
    }
    await queryRunner.query('DROP TABLE product_search');
  }
}
