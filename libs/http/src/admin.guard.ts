import {
  Injectable,
  UnauthorizedException,
  UseGuards,
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
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

/** An admin-only route or controller: the guard and its OpenAPI description in one decorator. */
export const AdminOnly = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(AdminGuard),
    ApiBearerAuth('admin'),
    ApiUnauthorizedResponse({ description: 'Missing or wrong admin key' }),
  );
