import { Global, Module } from '@nestjs/common';
import { AdminGuard } from './admin.guard.js';
import { AdminKeyService } from './admin-key.service.js';

@Global()
@Module({ providers: [AdminKeyService, AdminGuard], exports: [AdminKeyService, AdminGuard] })
export class AuthModule {}
