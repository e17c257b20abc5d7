import { Body, Controller, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { PublicWrite } from '#http';
import { CreateReviewDto, ReviewViewDto } from './review.dto.js';
import { ReviewsService } from './reviews.service.js';

@ApiTags('reviews')
@Controller('v1/products/:id/reviews')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post()
  @PublicWrite('review')
  @ApiCreatedResponse({ type: ReviewViewDto, description: 'Stored; its photos are scored by the indexer' })
  @ApiNotFoundResponse({ description: 'No such product' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid field (named) or a photo that is not an image' })
  create(@Param('id') productId: string, @Body() body: CreateReviewDto): Promise<ReviewViewDto> {
    return this.reviews.create(productId, body);
  }
}
