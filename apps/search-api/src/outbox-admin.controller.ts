import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminGuard } from '#http';
import { EventBus, OutboxRelay } from '#messaging';
import { OutboxStatusDto } from './outbox-status.dto.js';

@ApiTags('admin')
@ApiBearerAuth('admin')
@UseGuards(AdminGuard)
@Controller('v1/admin/outbox')
export class OutboxAdminController {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly bus: EventBus,
  ) {}

  @Get()
  @ApiOkResponse({ type: OutboxStatusDto, description: 'Events written but not yet published' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong admin key' })
  async status(): Promise<OutboxStatusDto> {
    return { pending: await this.relay.pendingCount(), bus: this.bus.kind };
  }
}
