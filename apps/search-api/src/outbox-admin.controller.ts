import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '#http';
import { EventBus, OutboxRelay } from '#messaging';
import { OutboxStatusDto } from './outbox-status.dto.js';

@ApiTags('admin')
@AdminOnly()
@Controller('v1/admin/outbox')
export class OutboxAdminController {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly bus: EventBus,
  ) {}

  @Get()
  @ApiOkResponse({ type: OutboxStatusDto, description: 'Events written but not yet published' })
  async status(): Promise<OutboxStatusDto> {
    return { pending: await this.relay.pendingCount(), bus: this.bus.kind };
  }
}
