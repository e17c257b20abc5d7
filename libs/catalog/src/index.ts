export * from './product.entity.js';
export * from './product-image.entity.js';
export * from './review.entity.js';
export * from './review-image.entity.js';
export * from './migrations/1764310000000-create-catalog.js';
export * from './product-collection.js';
