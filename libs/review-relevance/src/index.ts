export * from './logistic.js';
export * from './photo-quality.js';
export * from './photo-verdict.js';
export * from './relevance-head.js';
export * from './review-photo.judge.js';
