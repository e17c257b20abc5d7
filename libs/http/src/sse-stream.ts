import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A Server-Sent Events response opened lazily, at the first event: until
 * then the request can still fail as a plain JSON error (a full queue is a
 * 503, a bad photo a 422). `signal` aborts when the client disconnects.
 */
export class SseStream {
  private readonly controller = new AbortController();
  private opened = false;

  constructor(
    request: FastifyRequest,
    private readonly reply: FastifyReply,
  ) {
    // The response's 'close' (not the request's, which fires once the body is read) tells of a client gone.
    reply.raw.once('close', () => {
      if (!this.reply.raw.writableFinished) this.controller.abort();
    });
    request.raw.socket?.once('close', () => {
      if (!this.reply.raw.writableFinished) this.controller.abort();
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get started(): boolean {
    return this.opened;
  }

  send(event: string, data: unknown): void {
    if (this.controller.signal.aborted) return;
    if (!this.opened) {
      this.opened = true;
      void this.reply.hijack();
      this.reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      });
    }
    this.reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (this.opened && !this.reply.raw.writableEnded) this.reply.raw.end();
  }
}

/** `?stream=true` on routes that can answer with Server-Sent Events. */
export class StreamQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: Server-Sent Events, `token` events with text pieces, then `done` with the result',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  stream?: 'true' | 'false';
}

/**
 * Answers a request as plain JSON, or, when `streaming`, as Server-Sent
 * Events: whatever `run` sends on the stream, then `done` with its result.
 * An error before the first event is an ordinary JSON error (503 +
 * Retry-After, 422 ...); after it, an `error` event. Returns undefined once
 * the stream has answered (the reply is then hijacked).
 */
export async function jsonOrEvents<T>(
  streaming: boolean,
  request: FastifyRequest,
  reply: FastifyReply,
  run: (stream?: SseStream) => Promise<T>,
): Promise<T | undefined> {
  if (!streaming) return run();
  const stream = new SseStream(request, reply);
  try {
    stream.send('done', await run(stream));
  } catch (error) {
    if (!stream.started) throw error;
    stream.send('error', { message: (error as Error).message });
  } finally {
    stream.end();
  }
  return undefined;
}
