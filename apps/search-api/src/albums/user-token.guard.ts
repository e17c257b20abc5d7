import {
  Injectable,
  UseGuards,
  applyDecorators,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '#contracts';
import { UsersService, type AlbumUser } from './users.service.js';

type UserRequest = FastifyRequest & { albumUser?: AlbumUser };

/**
 * Lets a request through only with `Authorization: Bearer <user token>` and
 * remembers whose it is. The user comes from the token alone, never from the
 * path, query or body, so no request can name another user's album.
 */
@Injectable()
export class UserTokenGuard implements CanActivate {
  constructor(private readonly users: UsersService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<UserRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const user = match ? await this.users.authenticate(match[1]) : undefined;
    if (!user) {
      throw new DomainError('UNAUTHORIZED', 'User token required: Authorization: Bearer <token>');
    }
    request.albumUser = user;
    return true;
  }
}

/** The caller, as UserTokenGuard established it. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AlbumUser => {
  const user = context.switchToHttp().getRequest<UserRequest>().albumUser;
  if (!user) throw new Error('CurrentUser() on a route without UserOnly()');
  return user;
});

/** A route for album owners: the guard and its OpenAPI description in one decorator. */
export const UserOnly = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(UserTokenGuard),
    ApiHeader({
      name: 'Authorization',
      required: true,
      description: 'Bearer <user token>, as returned once by POST /v1/users',
    }),
    ApiUnauthorizedResponse({ description: 'Missing or unknown user token' }),
  );
