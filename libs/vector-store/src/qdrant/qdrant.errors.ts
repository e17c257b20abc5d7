import { DomainError } from '#contracts';
import { VectorStoreErrors } from '../vector-store.errors.js';

/** Turns what the Qdrant client throws into the port's domain errors, naming the collection. */
export function mapQdrantError(error: unknown, collection?: string): Error {
  if (error instanceof DomainError) return error;
  const status = (error as { status?: unknown }).status;
  const detail = qdrantMessage(error);
  if (status === 404 && collection) return VectorStoreErrors.collectionNotFound(collection);
  if (status === 400 || status === 422)
    return VectorStoreErrors.invalidInput(`Qdrant rejected the request: ${detail}`);
  if (status === 409) return VectorStoreErrors.collectionMismatch(collection ?? '?', detail);
  return VectorStoreErrors.unavailable(`Qdrant: ${detail}`);
}

function qdrantMessage(error: unknown): string {
  const data = (error as { data?: { status?: { error?: string } } }).data;
  return data?.status?.error ?? (error as Error).message ?? String(error);
}

/** Runs a Qdrant call, mapping its failure. */
export async function qdrantCall<T>(collection: string | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapQdrantError(error, collection);
  }
}
