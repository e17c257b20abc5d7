import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
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
import { DomainError } from '#contracts';
import {
  GeneratorPort,
  type GenerationOptions,
  type OutputConstraint,
  type PlanTerm,
  type CitableProduct,
} from '#generation';
import { StreamQueryDto, decodeBase64Image, jsonOrEvents, type SseStream } from '#http';
import {
  CompleteRequestDto,
  CompletionDto,
  DescribeRequestDto,
  DescribeResponseDto,
  GeneratorModelDto,
} from './generate.dto.js';

/** Generation options for a streamed answer: `token` events, stopped when the client leaves. */
const streamed = (stream?: SseStream): GenerationOptions =>
  stream ? { signal: stream.signal, onText: (text) => stream.send('token', { text }) } : {};

@ApiTags('generate')
@Controller('v1/generate')
export class GenerateController {
  constructor(private readonly generator: GeneratorPort) {}

  @Post('describe')
  @HttpCode(200)
  @ApiOperation({ summary: 'A title and a one-sentence description of the product in a photo (en or zh)' })
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
  ): Promise<DescribeResponseDto | undefined> {
    const photo = decodeBase64Image(body.image, 'image');
    return jsonOrEvents(query.stream === 'true', request, reply, (stream) =>
      this.generator.describe(photo, body.lang ?? 'en', {
        ...streamed(stream),
        maxNewTokens: body.max_new_tokens,
      }),
    );
  }

  @Post('complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'One raw turn of the model (text, optional photo, optional output grammar)',
    description:
      'The building block that search-api uses for plans and answers when the generator runs apart from it. ' +
      '`constraint` restricts decoding: `{kind:"plan", categories: [{id, word}], colours: [{id, word}], brands, numbers}` ' +
      'or `{kind:"citations", products: [{id, title, price}], numbers}`.',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: CompletionDto })
  @ApiUnprocessableEntityResponse({ description: 'Not an image, or an invalid field (named)' })
  @ApiPayloadTooLargeResponse({ description: 'A photo over the byte or pixel limit' })
  @ApiServiceUnavailableResponse({ description: 'The generation queue is full; see Retry-After' })
  async complete(
    @Body() body: CompleteRequestDto,
    @Query() query: StreamQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CompletionDto | undefined> {
    const image = body.image === undefined ? undefined : decodeBase64Image(body.image, 'image');
    const constraint = body.constraint === undefined ? undefined : readConstraint(body.constraint);
    return jsonOrEvents(query.stream === 'true', request, reply, (stream) =>
      this.generator.complete(
        { text: body.text, image, constraint },
        { ...streamed(stream), maxNewTokens: body.max_new_tokens },
      ),
    );
  }

  @Get('model')
  @ApiOperation({ summary: 'The generator model: id and content version' })
  @ApiOkResponse({ type: GeneratorModelDto })
  model(): Promise<GeneratorModelDto> {
    return this.generator.model();
  }
}

const MAX_VALUES = 1000;

const isShortString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 100;
const isNumber = (v: unknown): v is string => typeof v === 'string' && /^\d{1,12}(\.\d{1,4})?$/.test(v);

/** A constraint from the wire: the right shape, bounded lists of short strings. */
function readConstraint(value: Record<string, unknown>): OutputConstraint {
  const listOf = <T>(key: string, ok: (v: unknown) => v is T, what: string): T[] => {
    const list = value[key];
    if (!Array.isArray(list) || list.length > MAX_VALUES || !list.every(ok)) {
      throw new DomainError(
        'INVALID_INPUT',
        `constraint.${key} must be a list of at most ${MAX_VALUES} ${what}`,
      );
    }
    return list;
  };
  const isTerm = (v: unknown): v is PlanTerm =>
    typeof v === 'object' &&
    v !== null &&
    isShortString((v as PlanTerm).id) &&
    isShortString((v as PlanTerm).word);
  const isProduct = (v: unknown): v is CitableProduct =>
    typeof v === 'object' &&
    v !== null &&
    isShortString((v as CitableProduct).id) &&
    typeof (v as CitableProduct).title === 'string' &&
    (v as CitableProduct).title.length <= 300 &&
    isNumber((v as CitableProduct).price);
  if (value.kind === 'citations') {
    return {
      kind: 'citations',
      products: listOf('products', isProduct, '{id, title, price} products'),
      numbers: listOf('numbers', isNumber, 'numbers as text'),
    };
  }
  if (value.kind === 'plan') {
    return {
      kind: 'plan',
      categories: listOf('categories', isTerm, '{id, word} terms'),
      colours: listOf('colours', isTerm, '{id, word} terms'),
      brands: listOf('brands', isShortString, 'short strings'),
      numbers: listOf('numbers', isNumber, 'numbers as text'),
    };
  }
  throw new DomainError('INVALID_INPUT', 'constraint.kind must be "plan" or "citations"');
}
