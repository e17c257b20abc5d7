import type { DataSource } from 'typeorm';

/**
 * What `migration:generate` would write: the SQL needed to bring the migrated
 * database to the entities. Empty means migrations and entities agree.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
