export * from './search-terms.js';
export * from './lexical-index.port.js';
export * from './sqlite-lexical.adapter.js';
export * from './postgres-lexical.adapter.js';
export * from './lexical.module.js';
export * from './migrations/1764400000000-create-product-search.js';
export * from './filter-sql.js';
