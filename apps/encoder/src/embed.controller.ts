import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { EmbedImageJsonDto, EmbedTextDto, EmbeddingsDto, ModelInfoDto } from './embed.dto.js';
import { EmbedService } from './embed.service.js';

@ApiTags('encoder')
@ApiExtraModels(EmbedImageJsonDto)
@Controller('v1/embed')
export class EmbedController {
  constructor(private readonly embed: EmbedService) {}

  @Post('text')
  @HttpCode(200)
  @ApiOkResponse({ type: EmbeddingsDto })
  @ApiUnprocessableEntityResponse({
    description: 'No texts, too many, empty or over-long text (field named)',
  })
  @ApiServiceUnavailableResponse({ description: 'Queue full: retry after the Retry-After header' })
  embedText(@Body() body: EmbedTextDto): Promise<EmbeddingsDto> {
    return this.embed.texts(body.texts);
  }

  @Post('image')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        {
          type: 'object',
          properties: { image: { type: 'string', format: 'binary' } },
          description: 'multipart: one or more image files',
        },
        { $ref: getSchemaPath(EmbedImageJsonDto) },
      ],
    },
  })
  @ApiOkResponse({ type: EmbeddingsDto })
  @ApiPayloadTooLargeResponse({
    description: 'Over IMAGE_MAX_BYTES or IMAGE_MAX_PIXELS (checked before decoding)',
  })
  @ApiUnprocessableEntityResponse({ description: 'Empty, truncated, corrupt or non-image data' })
  @ApiUnsupportedMediaTypeResponse({ description: 'An image format other than JPEG, PNG, WebP or GIF' })
  @ApiServiceUnavailableResponse({ description: 'Queue full: retry after the Retry-After header' })
  embedImage(@Req() request: FastifyRequest): Promise<EmbeddingsDto> {
    return this.embed.images(request);
  }

  @Get('model')
  @ApiOkResponse({ type: ModelInfoDto, description: 'The model behind every vector this encoder returns' })
  model(): Promise<ModelInfoDto> {
    return this.embed.model();
  }
}
