export * from './domain.error.js';
export * from './topics.js';
export * from './message-validation.js';
export * from './listings/listing-events.v1.js';
export * from './listings/parse-listing-event.js';
