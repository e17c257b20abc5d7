import { Module } from '@nestjs/common';
import { OutboxAdminController } from './outbox-admin.controller.js';

/** Public search API, admin writes and the web pages (search and catalog arrive with their issues). */
@Module({ controllers: [OutboxAdminController] })
export class SearchApiModule {}
