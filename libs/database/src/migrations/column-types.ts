import type { QueryRunner } from 'typeorm';

/**
 * The column types TypeORM itself picks for our entity declarations on each
 * driver, so hand-written migrations match the entities exactly and
 * `migration:generate` stays empty (checked in CI).
 */
export function columnTypes(queryRunner: QueryRunner) {
  const driver = queryRunner.connection.driver;
  return {
    timestamp: driver.normalizeType({ type: Date }),
    createdAt: driver.mappedDataTypes.createDate as string,
    createdAtDefault: driver.mappedDataTypes.createDateDefault as string,
    updatedAt: driver.mappedDataTypes.updateDate as string,
    updatedAtDefault: driver.mappedDataTypes.updateDateDefault as string,
  };
}
