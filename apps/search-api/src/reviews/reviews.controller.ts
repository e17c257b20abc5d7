import { Body, Controller, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ReviewRateLimitGuard } from './rate-limit.guard.js';
import { CreateReviewDto, ReviewViewDto } from './review.dto.js';
import { ReviewsService } from './reviews.service.js';

@ApiTags('reviews')
@Controller('v1/products/:id/reviews')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post()
  @UseGuards(ReviewRateLimitGuard)
  @ApiCreatedResponse({ type: ReviewViewDto, description: 'Stored; its photos are scored by the indexer' })
  @ApiNotFoundResponse({ description: 'No such product' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid field (named) or a photo that is not an image' })
  @ApiTooManyRequestsResponse({ description: 'Too many reviews from this client; see Retry-After' })
  create(@Param('id') productId: string, @Body() body: CreateReviewDto): Promise<ReviewViewDto> {
    return this.reviews.create(productId, body);
  }
}
