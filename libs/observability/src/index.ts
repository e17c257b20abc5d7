export * from './logger.js';
export * from './metrics.registry.js';
export * from './health.types.js';
export * from './health.service.js';
export * from './observability.module.js';
export * from './or-after.js';
