export * from './search-plan.js';
export * from './vlm.engine.js';
export * from './generation.queue.js';
export * from './shop-prompts.js';
