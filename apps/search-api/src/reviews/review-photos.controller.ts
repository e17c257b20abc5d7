import { Controller, Get, Param, ParseIntPipe, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ProductReviewsReader } from './product-reviews.reader.js';

@ApiTags('reviews')
@Controller('v1/review-photos')
export class ReviewPhotosController {
  constructor(private readonly reviews: ProductReviewsReader) {}

  @Get(':id')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif')
  @ApiOkResponse({ description: 'The photo bytes (hidden photos too: moderators look at them)' })
  @ApiNotFoundResponse()
  async photo(
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const photo = await this.reviews.photo(id);
    void reply
      .header('Content-Type', photo.contentType)
      .header('Cache-Control', 'public, max-age=86400, immutable')
      .header('ETag', `"${photo.sha256}"`);
    return photo.bytes;
  }
}
