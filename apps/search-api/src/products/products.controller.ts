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
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminGuard } from '#http';
import { CreateProductDto, ProductInputDto, ProductViewDto } from './product.dto.js';
import { ProductsService } from './products.service.js';

@ApiTags('products')
@Controller('v1/products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @UseGuards(AdminGuard)
  @ApiBearerAuth('admin')
  @ApiCreatedResponse({ type: ProductViewDto })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong admin key' })
  @ApiConflictResponse({ description: 'A product with this id exists' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid field (named) or an image that is not an image' })
  @ApiPayloadTooLargeResponse({ description: 'An image over the byte or pixel limit' })
  create(@Body() body: CreateProductDto): Promise<ProductViewDto> {
    return this.products.create(body);
  }

  @Put(':id')
  @UseGuards(AdminGuard)
  @ApiBearerAuth('admin')
  @ApiOkResponse({ type: ProductViewDto, description: 'Replaced; version grows by one' })
  @ApiNotFoundResponse()
  replace(@Param('id') id: string, @Body() body: ProductInputDto): Promise<ProductViewDto> {
    return this.products.replace(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @UseGuards(AdminGuard)
  @ApiBearerAuth('admin')
  @ApiNoContentResponse({ description: 'Deleted; it leaves the index shortly after' })
  @ApiNotFoundResponse()
  remove(@Param('id') id: string): Promise<void> {
    return this.products.remove(id);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProductViewDto })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<ProductViewDto> {
    return this.products.get(id);
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
