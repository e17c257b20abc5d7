export * from './data-source.options.js';
export * from './database.module.js';
export * from './database.health.js';
export * from './schema.js';
export * from './schema-drift.js';
