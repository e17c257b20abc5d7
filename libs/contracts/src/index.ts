export * from './domain.error.js';
export * from './topics.js';
export * from './message-validation.js';
export * from './listings/listing-events.v1.js';
export * from './listings/parse-listing-event.js';
export * from './reviews/review-events.v1.js';
export * from './reviews/parse-review-event.js';
