import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeBase64Image } from '#http';
import { DescribeRequestDto, DescribeResponseDto, StreamQueryDto } from './generate.dto.js';
import { GeneratorService, type DescribeResult } from './generator.service.js';
import { SseStream } from './sse.js';

@ApiTags('generate')
@Controller('v1/generate')
export class GenerateController {
  constructor(private readonly generator: GeneratorService) {}

  @Post('describe')
  @HttpCode(200)
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: DescribeResponseDto, description: 'A title and a one-sentence description' })
  @ApiUnprocessableEntityResponse({ description: 'Not an image, or an invalid field (named)' })
  @ApiPayloadTooLargeResponse({ description: 'A photo over the byte or pixel limit' })
  @ApiServiceUnavailableResponse({ description: 'The generation queue is full; see Retry-After' })
  async describe(
    @Body() body: DescribeRequestDto,
    @Query() query: StreamQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DescribeResult | undefined> {
    const photo = decodeBase64Image(body.image, 'image');
    const options = { maxNewTokens: body.max_new_tokens };
    if (query.stream !== 'true') return this.generator.describe(photo, body.lang ?? 'en', options);
    const stream = new SseStream(request, reply);
    try {
      const result = await this.generator.describe(photo, body.lang ?? 'en', {
        ...options,
        signal: stream.signal,
        onText: (text) => stream.send('token', { text }),
      });
      stream.send('done', result);
    } catch (error) {
      // Before the first token the error is an ordinary JSON response; after it, an event.
      if (!stream.started) throw error;
      stream.send('error', { message: (error as Error).message });
    } finally {
      stream.end();
    }
    return undefined;
  }
}
