import { BadRequestException } from '@nestjs/common';

/**
 * The multipart parser (busboy, under @fastify/multipart) reports a body it
 * cannot parse (no boundary, a part cut short, no closing delimiter) as a
 * plain Error without a status; our own readers only throw DomainErrors and
 * HTTP exceptions, and @fastify/multipart's limit errors carry a status.
 */
const isParserError = (error: unknown): error is Error =>
  error instanceof Error &&
  error.constructor === Error &&
  (error as { statusCode?: unknown }).statusCode === undefined;

/** Runs `read` over a multipart request body; a body the parser cannot parse becomes a 400, not a 500. */
export async function readingMultipart<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isParserError(error)) throw error;
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `malformed multipart/form-data body: ${error.message}`,
    });
  }
}
