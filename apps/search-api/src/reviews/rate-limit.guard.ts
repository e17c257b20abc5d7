import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '#contracts';

const WINDOW_MS = 60_000;
/** Reviews a client (by IP) may post per minute; REVIEW_RATE_LIMIT overrides. */
const LIMIT = Number(process.env.REVIEW_RATE_LIMIT ?? 10);
const MAX_CLIENTS = 100_000;

/**
 * A fixed-window limit per client IP for public writes. Per process: with N
 * search-api replicas a client gets up to N× the limit, which is enough to stop
 * a script flooding reviews; a shared limiter would need a shared store.
 */
@Injectable()
export class ReviewRateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  canActivate(context: ExecutionContext): boolean {
    const ip = context.switchToHttp().getRequest<FastifyRequest>().ip;
    const now = Date.now();
    let window = this.windows.get(ip);
    if (!window || now - window.start >= WINDOW_MS) {
      if (this.windows.size >= MAX_CLIENTS) this.windows.clear();
      window = { start: now, count: 0 };
      this.windows.set(ip, window);
    }
    if (++window.count > LIMIT) {
      const retryAfterS = Math.ceil((window.start + WINDOW_MS - now) / 1000);
      throw new DomainError(
        'RATE_LIMITED',
        `at most ${LIMIT} reviews a minute; try again later`,
        undefined,
        retryAfterS,
      );
    }
    return true;
  }
}
