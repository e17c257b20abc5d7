import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StreamQueryDto, decodeBase64Image, jsonOrEvents } from '#http';
import { AskRequestDto, AskResponseDto } from './assistant.dto.js';
import { ShopAssistantService, type AskResult } from './shop-assistant.service.js';

const HAN = /\p{Script=Han}/u;

@ApiTags('generate')
@Controller('v1/generate')
export class AssistantController {
  constructor(private readonly assistant: ShopAssistantService) {}

  @Post('query')
  @HttpCode(200)
  @ApiOperation({
    summary: "A shopper's request (words, optionally a photo) -> search plan, results, grounded answer",
    description:
      'The model writes a search plan under constrained decoding; the plan runs through product search; the model ' +
      'answers over the results, citing their ids. An unreadable plan or an unreachable generator falls back to ' +
      'plain semantic search (`plan_source: "fallback"`, with the reason). With `stream=true`: Server-Sent Events ' +
      '`plan`, `results`, `token` (answer pieces), then `done` with the whole response.',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: AskResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Not an image, or an invalid field (named)' })
  @ApiPayloadTooLargeResponse({ description: 'A photo over the byte or pixel limit' })
  @ApiServiceUnavailableResponse({ description: 'The generation queue is full; see Retry-After' })
  async query(
    @Body() body: AskRequestDto,
    @Query() query: StreamQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AskResult | undefined> {
    const ask = {
      text: body.text,
      image: body.image === undefined ? undefined : decodeBase64Image(body.image, 'image'),
      lang: body.lang ?? (HAN.test(body.text) ? ('zh' as const) : ('en' as const)),
      limit: body.limit ?? 10,
    };
    return jsonOrEvents(query.stream === 'true', request, reply, (stream) =>
      this.assistant.ask(
        ask,
        stream && {
          signal: stream.signal,
          onPlan: (plan) => stream.send('plan', plan),
          onResults: (results) => stream.send('results', { results }),
          onAnswerText: (text) => stream.send('token', { text }),
        },
      ),
    );
  }
}
