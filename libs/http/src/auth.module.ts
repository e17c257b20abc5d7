import { Global, Module } from '@nestjs/common';
import { AdminGuard } from './admin.guard.js';
import { AdminKeyService } from './admin-key.service.js';
import { PublicWriteGuard, RateLimiter } from './rate-limit.js';

const providers = [AdminKeyService, AdminGuard, RateLimiter, PublicWriteGuard];

/** Who may call what: the admin key, and the rate limits on public writes. */
@Global()
@Module({ providers, exports: providers })
export class AuthModule {}
