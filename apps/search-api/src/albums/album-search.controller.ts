import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { EncoderConfig } from '#config';
import { AlbumSearchService } from './album-search.service.js';
import { readSinglePhoto } from './album-upload.reader.js';
import { AlbumImageSearchDto, AlbumSearchQueryDto, AlbumSearchResponseDto } from './album.dto.js';
import { CurrentUser, UserOnly } from './user-token.guard.js';
import type { AlbumUser } from './users.service.js';

const DEFAULT_LIMIT = 20;

@ApiTags('albums')
@UserOnly()
@Controller('v1/albums/search')
export class AlbumSearchController {
  constructor(
    private readonly search: AlbumSearchService,
    private readonly encoder: EncoderConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: "Search the caller's album by words (English or Chinese)" })
  @ApiOkResponse({ type: AlbumSearchResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Missing or invalid q or limit (named)' })
  byText(
    @CurrentUser() user: AlbumUser,
    @Query() query: AlbumSearchQueryDto,
  ): Promise<AlbumSearchResponseDto> {
    return this.search.byText(user, query.q, query.limit ?? DEFAULT_LIMIT);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "Search the caller's album by a photo" })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    description: 'JSON: `{image: base64, limit?}`. Multipart: one image file part, optional `limit` field.',
    schema: {
      type: 'object',
      required: ['image'],
      properties: { image: { type: 'string', format: 'binary' }, limit: { type: 'integer' } },
    },
  })
  @ApiOkResponse({ type: AlbumSearchResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Not an image, or an invalid field (named)' })
  @ApiPayloadTooLargeResponse({ description: 'Over the byte or pixel limit' })
  async byImage(
    @CurrentUser() user: AlbumUser,
    @Req() request: FastifyRequest,
  ): Promise<AlbumSearchResponseDto> {
    const { fields, bytes } = await readSinglePhoto(request, AlbumImageSearchDto, this.encoder.imageMaxBytes);
    return this.search.byImage(user, bytes, fields.limit ?? DEFAULT_LIMIT);
  }
}
