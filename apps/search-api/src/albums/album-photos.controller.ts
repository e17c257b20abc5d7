import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EncoderConfig } from '#config';
import { PublicWrite } from '#http';
import { AlbumPhotoIdPipe } from './album-photo-id.pipe.js';
import { AlbumPhotosService } from './album-photos.service.js';
import { readSinglePhoto } from './album-upload.reader.js';
import { AlbumPhotoDto, AlbumPhotoUploadDto } from './album.dto.js';
import { CurrentUser, UserOnly } from './user-token.guard.js';
import type { AlbumUser } from './users.service.js';

@ApiTags('albums')
@UserOnly()
@Controller('v1/albums/photos')
export class AlbumPhotosController {
  constructor(
    private readonly photos: AlbumPhotosService,
    private readonly encoder: EncoderConfig,
  ) {}

  @Post()
  @PublicWrite()
  @ApiOperation({ summary: "Add a photo to the caller's album; the indexer embeds it shortly after" })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    description:
      'JSON: `{image: base64, taken_at?}`. Multipart: one image file part, optional `taken_at` field.',
    schema: {
      type: 'object',
      required: ['image'],
      properties: {
        image: { type: 'string', format: 'binary' },
        taken_at: { type: 'string', format: 'date-time' },
      },
    },
  })
  @ApiCreatedResponse({ type: AlbumPhotoDto })
  @ApiUnprocessableEntityResponse({ description: 'Not an image, or an invalid field (named)' })
  @ApiPayloadTooLargeResponse({ description: 'Over the byte or pixel limit' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'Neither JSON nor multipart, or an image format not accepted',
  })
  async upload(@CurrentUser() user: AlbumUser, @Req() request: FastifyRequest): Promise<AlbumPhotoDto> {
    const { fields, bytes } = await readSinglePhoto(request, AlbumPhotoUploadDto, this.encoder.imageMaxBytes);
    return this.photos.upload(user, bytes, fields.taken_at ? new Date(fields.taken_at) : undefined);
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the caller's photos" })
  @ApiOkResponse({ type: AlbumPhotoDto })
  @ApiNotFoundResponse({ description: "No such photo in the caller's album (other users' photos included)" })
  get(@CurrentUser() user: AlbumUser, @Param('id', AlbumPhotoIdPipe) id: number): Promise<AlbumPhotoDto> {
    return this.photos.get(user, id);
  }

  @Get(':id/image')
  @ApiOperation({ summary: "The bytes of one of the caller's photos" })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif')
  @ApiOkResponse({ description: 'The photo as uploaded' })
  @ApiNotFoundResponse({ description: "No such photo in the caller's album" })
  async image(
    @CurrentUser() user: AlbumUser,
    @Param('id', AlbumPhotoIdPipe) id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const photo = await this.photos.image(user, id);
    void reply
      .header('Content-Type', photo.contentType)
      // Private: a shared cache must never hand one user's photo to another.
      .header('Cache-Control', 'private, max-age=86400')
      .header('ETag', `"${photo.sha256}"`);
    return photo.bytes;
  }

  @Delete(':id')
  @HttpCode(204)
  @PublicWrite()
  @ApiOperation({
    summary: "Delete one of the caller's photos (devices receive a tombstone on their next sync)",
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: "No such photo in the caller's album" })
  remove(@CurrentUser() user: AlbumUser, @Param('id', AlbumPhotoIdPipe) id: number): Promise<void> {
    return this.photos.remove(user, id);
  }
}
