import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { DomainError, type DomainErrorCode } from '#contracts';

export function statusForCode(code: DomainErrorCode): number {
  switch (code) {
    case 'NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'CONFLICT':
      return HttpStatus.CONFLICT;
    case 'INVALID_INPUT':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'PAYLOAD_TOO_LARGE':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'UNSUPPORTED_MEDIA':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case 'OVERLOADED':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'RATE_LIMITED':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'DEPENDENCY_UNAVAILABLE':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'UNAUTHORIZED':
      return HttpStatus.UNAUTHORIZED;
  }
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message: string;
}

/**
 * The one place where errors become HTTP responses. Domain errors map by code;
 * Fastify's own 4xx errors (bad JSON, body too large) keep their status;
 * anything else is a bug: logged with its stack, answered as a bare 500.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      void reply
        .status(exception.getStatus())
        .send(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    if (exception instanceof DomainError) {
      const status = statusForCode(exception.code);
      if (exception.retryAfterS !== undefined)
        void reply.header('Retry-After', String(exception.retryAfterS));
      void reply.status(status).send({
        statusCode: status,
        code: exception.code,
        message: exception.message,
        ...(exception.details ? { details: exception.details } : {}),
      });
      return;
    }
    const fastifyError = exception as FastifyLikeError;
    if (fastifyError?.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      void reply.status(fastifyError.statusCode).send({
        statusCode: fastifyError.statusCode,
        code: fastifyError.code,
        message: fastifyError.message,
      });
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    void reply.status(500).send({ statusCode: 500, message: 'Internal server error' });
  }
}
