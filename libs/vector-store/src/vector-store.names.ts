import { VectorStoreErrors } from './vector-store.errors.js';

// Qdrant accepts more, but these names also become file names of the embedded index.
const NAME = /^[A-Za-z0-9_-]{1,100}$/;

export function checkName(kind: 'collection' | 'alias' | 'vector', name: string): void {
  if (!NAME.test(name)) {
    throw VectorStoreErrors.invalidInput(`${kind} name "${name}" must be 1-100 of A-Z a-z 0-9 _ -`);
  }
}

export function checkLimit(limit: number, max = 10_000): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw VectorStoreErrors.invalidInput(`limit must be an integer from 1 to ${max}, got ${limit}`);
  }
}
