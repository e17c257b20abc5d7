import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  getSchemaPath,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOnly } from '#http';
import { CreateProductDto, ProductInputDto, ProductViewDto } from './product.dto.js';
import { ProductDetailDto, ProductDetailQueryDto } from '../reviews/review-photo.dto.js';
import { ProductsService } from './products.service.js';

@ApiTags('products')
@ApiExtraModels(CreateProductDto)
@Controller('v1/products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @AdminOnly()
  @ApiCreatedResponse({ type: ProductViewDto })
  @ApiConflictResponse({ description: 'A product with this id exists' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid field (named) or an image that is not an image' })
  @ApiPayloadTooLargeResponse({ description: 'An image over the byte or pixel limit' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    description:
      'JSON: CreateProductDto with base64 `images`. Multipart: a `product` field with the same JSON ' +
      'without `images`, plus one file part per image.',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CreateProductDto) },
        {
          type: 'object',
          properties: {
            product: { type: 'string', description: 'CreateProductDto as JSON, without images' },
            images: { type: 'array', items: { type: 'string', format: 'binary' } },
          },
        },
      ],
    },
  })
  async create(@Req() request: FastifyRequest): Promise<ProductViewDto> {
    return this.products.create(await this.products.readInput(request, CreateProductDto));
  }

  @Put(':id')
  @AdminOnly()
  @ApiOkResponse({ type: ProductViewDto, description: 'Replaced; version grows by one' })
  @ApiNotFoundResponse()
  replace(@Param('id') id: string, @Body() body: ProductInputDto): Promise<ProductViewDto> {
    return this.products.replace(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminOnly()
  @ApiNoContentResponse({ description: 'Deleted; it leaves the index shortly after' })
  @ApiNotFoundResponse()
  remove(@Param('id') id: string): Promise<void> {
    return this.products.remove(id);
  }

  @Get(':id')
  @ApiOkResponse({
    type: ProductDetailDto,
    description: 'The listing with its newest reviews; review photos best first, irrelevant ones hidden',
  })
  @ApiNotFoundResponse()
  @ApiUnprocessableEntityResponse({ description: 'include_hidden is not true or false' })
  get(@Param('id') id: string, @Query() query: ProductDetailQueryDto): Promise<ProductDetailDto> {
    return this.products.detail(id, query.include_hidden === 'true');
  }

  @Get(':id/images/:imageId')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif')
  @ApiOkResponse({ description: 'The image bytes' })
  @ApiNotFoundResponse()
  async image(
    @Param('id') id: string,
    @Param('imageId', ParseIntPipe) imageId: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const image = await this.products.image(id, imageId);
    void reply
      .header('Content-Type', image.contentType)
      .header('Cache-Control', 'public, max-age=86400, immutable')
      .header('ETag', `"${image.sha256}"`);
    return image.bytes;
  }
}
