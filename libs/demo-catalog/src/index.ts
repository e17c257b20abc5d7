export * from './vocabulary.js';
export * from './fashion-mnist.reader.js';
export * from './tint.js';
export * from './rng.js';
export * from './product.factory.js';
export * from './catalog.builder.js';
