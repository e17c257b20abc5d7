import {
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { SecurityConfig } from '#config';
import { DomainError } from '#contracts';

/**
 * Token buckets by key: each key may spend `perMinute` at once, and its
 * allowance refills evenly over a minute. Memory is bounded: past `maxKeys`
 * the least recently used key is forgotten (it starts again with a full bucket).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perMinute: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Seconds until `key` may spend one more (0: it may now). */
  waitSeconds(key: string, now = Date.now()): number {
    const tokens = this.refilled(key, now);
    // (minus a hair, so floating-point residue never adds a whole second)
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 60) / this.perMinute - 1e-9);
  }

  /** Spends one token of `key` (call after waitSeconds said 0). */
  take(key: string, now = Date.now()): void {
    const tokens = this.refilled(key, now);
    this.buckets.delete(key); // re-insert: Map order is the recency order
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }

  private refilled(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.perMinute;
    return Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
  }
}

/** Which allowance a public write draws on besides the per-IP and per-key ones. */
export type WriteKind = 'write' | 'review';

/** The process's buckets, shared by every guarded route (a limit spans routes). */
@Injectable()
export class RateLimiter {
  private readonly perIp: TokenBuckets;
  private readonly perKey: TokenBuckets;
  private readonly reviewsPerIp: TokenBuckets;

  constructor(private readonly config: SecurityConfig) {
    this.perIp = new TokenBuckets(config.writesPerIp);
    this.perKey = new TokenBuckets(config.writesPerKey);
    this.reviewsPerIp = new TokenBuckets(config.reviewsPerIp);
  }

  /**
   * Admits one write from `ip` (and `token`, when the request carries one) or
   * throws RATE_LIMITED with the wait. Nothing is spent unless every bucket admits it.
   */
  admit(kind: WriteKind, ip: string, token: string | undefined): void {
    const now = Date.now();
    // Tokens are secrets: the buckets are keyed by a hash, never the token itself.
    const key = token && createHash('sha256').update(token).digest('base64url');
    const checks: [TokenBuckets, string, string][] = [
      [this.perIp, ip, `${this.perIp.perMinute} writes per IP`],
    ];
    if (key) checks.push([this.perKey, key, `${this.perKey.perMinute} writes per token`]);
    if (kind === 'review')
      checks.push([this.reviewsPerIp, ip, `${this.reviewsPerIp.perMinute} reviews per IP`]);
    const active = checks.filter(([buckets]) => buckets.perMinute > 0);
    for (const [buckets, id, rule] of active) {
      const wait = buckets.waitSeconds(id, now);
      if (wait > 0) {
        throw new DomainError('RATE_LIMITED', `rate limit: at most ${rule} a minute`, undefined, wait);
      }
    }
    for (const [buckets, id] of active) buckets.take(id, now);
  }
}

const WRITE_KIND = 'shoplens:write-kind';

@Injectable()
export class PublicWriteGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const kind = this.reflector.get<WriteKind | undefined>(WRITE_KIND, context.getHandler()) ?? 'write';
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    this.limiter.admit(kind, request.ip, token);
    return true;
  }
}

/**
 * A write anyone on the internet can make (a review, a user's album change):
 * rate-limited per client IP and per bearer token (SecurityConfig), 429 +
 * Retry-After beyond that. Admin-key routes are not public and not limited.
 */
export const PublicWrite = (kind: WriteKind = 'write'): MethodDecorator =>
  applyDecorators(
    SetMetadata(WRITE_KIND, kind),
    UseGuards(PublicWriteGuard),
    ApiTooManyRequestsResponse({ description: 'Over the rate limit for this IP or token; see Retry-After' }),
  );
