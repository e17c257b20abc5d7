/**
 * Every failure the domain can name. The HTTP edge maps each to a status with
 * an exhaustive switch (libs/http), the consumers to retry or dead-letter.
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA'
  | 'OVERLOADED'
  | 'RATE_LIMITED'
  | 'DEPENDENCY_UNAVAILABLE'
  | 'UNAUTHORIZED';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Field or reason details returned to the client as they are. */
    readonly details?: Record<string, unknown>,
    /** Seconds a client should wait before retrying (OVERLOADED, RATE_LIMITED, DEPENDENCY_UNAVAILABLE). */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
