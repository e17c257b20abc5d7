export * from './host.module.js';
export * from './schema.js';
