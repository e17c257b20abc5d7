import { DomainError } from '#contracts';

/** Named failures of the vector store; the edge maps the codes, adapters only raise them. */
export const VectorStoreErrors = {
  collectionNotFound: (name: string) =>
    new DomainError('NOT_FOUND', `vector collection "${name}" does not exist`, { collection: name }),
  collectionMismatch: (name: string, reason: string) =>
    new DomainError('CONFLICT', `vector collection "${name}" exists with another shape: ${reason}`, {
      collection: name,
    }),
  invalidInput: (message: string, details?: Record<string, unknown>) =>
    new DomainError('INVALID_INPUT', message, details),
  unavailable: (message: string) => new DomainError('DEPENDENCY_UNAVAILABLE', message, undefined, 5),
};
