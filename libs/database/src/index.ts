export * from './data-source.options.js';
export * from './database.module.js';
export * from './database.health.js';
export * from './migrations/1764300000000-create-outbox.js';
export * from './schema-drift.js';
export * from './migrations/column-types.js';
export * from './transactions.js';
export * from './database-errors.js';
