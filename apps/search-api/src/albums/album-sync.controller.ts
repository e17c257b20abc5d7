import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AlbumSyncService } from './album-sync.service.js';
import { SyncPageDto, SyncQueryDto } from './sync.dto.js';
import { CurrentUser, UserOnly } from './user-token.guard.js';
import type { AlbumUser } from './users.service.js';

@ApiTags('albums')
@UserOnly()
@Controller('v1/albums/sync')
export class AlbumSyncController {
  constructor(private readonly sync: AlbumSyncService) {}

  @Get()
  @ApiOperation({
    summary: "Changes to the caller's album since the cursor: int8 vectors, metadata and tombstones",
    description: 'See README, "Photo albums and device sync", for the protocol.',
  })
  @ApiOkResponse({ type: SyncPageDto })
  @ApiUnprocessableEntityResponse({ description: "A cursor this server did not issue, or another user's" })
  page(@CurrentUser() user: AlbumUser, @Query() query: SyncQueryDto): Promise<SyncPageDto> {
    return this.sync.page(user.id, query.cursor, query.limit);
  }
}
