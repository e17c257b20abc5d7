export * from './int8.js';
export * from './sync-protocol.js';
export * from './local-index.js';
export * from './index-store.js';
export * from './node-file.store.js';
export * from './indexeddb.store.js';
export * from './album-sync.client.js';
export * from './on-device-encoder.js';
