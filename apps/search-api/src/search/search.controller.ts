import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { EncoderConfig } from '#config';
import { DomainError } from '#contracts';
import { SearchAdmissionInterceptor } from './search-admission.js';
import { readFlatSearch, readImageSearchForm } from './search-query.reader.js';
import { SearchRequestDto, SearchResponseDto, SimilarResponseDto } from './search.dto.js';
import { SearchService } from './search.service.js';

const FLAT_PARAMS: [string, string][] = [
  ['q', 'Words, English or Chinese (≤ 1000 characters)'],
  ['category', 'Repeat or comma-separate for several'],
  ['colour', 'Repeat or comma-separate for several'],
  ['brand', 'Repeat or comma-separate for several'],
  ['price_gte', 'Lowest price'],
  ['price_lte', 'Highest price'],
  ['rating_gte', 'Lowest rating (0..5)'],
  ['in_stock', 'true or false'],
  ['negative', 'Push down products that match this text'],
  ['weight_text', 'Weight of the words (0..10, default 1)'],
  ['weight_image', 'Weight of the photo (0..10, default 1)'],
  ['limit', '1..100, default 20'],
  ['cursor', "The previous page's next_cursor"],
  ['min_score', 'Drop vector matches below this cosine similarity'],
  ['lang', 'en or zh'],
];

@ApiTags('search')
@Controller('v1')
@UseInterceptors(SearchAdmissionInterceptor)
@ApiServiceUnavailableResponse({
  description: 'Search is at capacity (SEARCH_MAX_CONCURRENT); see Retry-After',
})
export class SearchController {
  constructor(
    private readonly search: SearchService,
    private readonly encoder: EncoderConfig,
  ) {}

  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Search products by words, a photo (base64) or both, with filters and facets' })
  @ApiOkResponse({ type: SearchResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Invalid field (named), cursor or image' })
  searchJson(@Body() body: SearchRequestDto): Promise<SearchResponseDto> {
    return this.search.search(body);
  }

  @Get('search')
  @ApiOperation({ summary: 'The same search as query parameters, for links and curl' })
  @ApiOkResponse({ type: SearchResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Unknown parameter or invalid value (named)' })
  @FlatSearchParams()
  async searchQuery(@Query() query: Record<string, string | string[]>): Promise<SearchResponseDto> {
    return this.search.search(await readFlatSearch(query));
  }

  @Post('search/image')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Search by an uploaded photo (multipart), with the same fields as GET /v1/search',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['image'],
      properties: {
        image: { type: 'string', format: 'binary' },
        ...Object.fromEntries(
          FLAT_PARAMS.map(([name, description]) => [name, { type: 'string', description }]),
        ),
      },
    },
  })
  @ApiOkResponse({ type: SearchResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Not an image, or an invalid field (named)' })
  async searchImage(@Req() request: FastifyRequest): Promise<SearchResponseDto> {
    const { dto, image } = await readImageSearchForm(request, this.encoder.imageMaxBytes);
    return this.search.search(dto, image);
  }

  @Get('products/:id/similar')
  @ApiOperation({ summary: 'More like this: products whose photo and text resemble this one' })
  @ApiQuery({ name: 'limit', required: false, description: '1..100, default 10' })
  @ApiOkResponse({ type: SimilarResponseDto })
  @ApiNotFoundResponse({ description: 'No such product, or not indexed yet' })
  similar(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<SimilarResponseDto> {
    const { limit = '10', ...unknown } = query;
    const unknownName = Object.keys(unknown)[0];
    if (unknownName) {
      throw new DomainError('INVALID_INPUT', `${unknownName}: is not a parameter here`, {
        field: unknownName,
      });
    }
    const n = typeof limit === 'string' && /^\d{1,3}$/.test(limit) ? Number(limit) : NaN;
    if (!(n >= 1 && n <= 100)) {
      throw new DomainError('INVALID_INPUT', 'limit: must be a whole number 1..100', { field: 'limit' });
    }
    return this.search.similar(id, n);
  }
}

function FlatSearchParams(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const [name, description] of FLAT_PARAMS) {
      ApiQuery({ name, required: false, description })(target, key, descriptor);
    }
  };
}
