export * from './host.module.js';
