export * from './bootstrap.js';
export * from './error.filter.js';
export * from './validation.pipe.js';
export * from './openapi.js';
export * from './admin-key.service.js';
export * from './admin.guard.js';
export * from './auth.module.js';
export * from './image-uploads.js';
