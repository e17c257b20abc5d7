import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminKeyService } from './admin-key.service.js';

/** Lets a request through only with `Authorization: Bearer <ADMIN_API_KEY>`. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly keys: AdminKeyService) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !this.keys.matches(match[1])) {
      throw new UnauthorizedException({
        statusCode: 401,
        message: 'Admin key required: Authorization: Bearer <key>',
      });
    }
    return true;
  }
}
