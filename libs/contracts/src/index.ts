export * from './domain.error.js';
export * from './topics.js';
