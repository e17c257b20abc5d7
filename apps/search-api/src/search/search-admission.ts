import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import { SearchConfig } from '#config';
import { DomainError } from '#contracts';
import { EventLoopDelay } from './event-loop-delay.js';

/**
 * Admission control for search: at most `SEARCH_MAX_CONCURRENT` searches run
 * at once and `SEARCH_QUEUE_SIZE` wait; one more, or any while the event loop
 * runs more than `SEARCH_MAX_EVENT_LOOP_DELAY_MS` behind, is refused at once
 * with 503 + Retry-After instead of queueing without bound. The first bound
 * holds when searches wait on other processes (encoder over HTTP, Qdrant);
 * the second when they are CPU work in this process, which queues requests
 * before any handler runs. Either way the excess is answered in microseconds
 * and the accepted searches keep a bounded latency.
 */
@Injectable()
export class SearchAdmission {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private turn = -1;
  private startedThisTurn = 0;

  constructor(
    private readonly config: SearchConfig,
    @Inject(EventLoopDelay) private readonly loop: Pick<EventLoopDelay, 'recentMs' | 'turn'>,
  ) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    // Only searches queued behind searches are refused: a loop late for another reason (start-up,
    // a garbage collection) delays the first search of the turn, and refusing it would not help.
    if (this.loop.turn() !== this.turn) {
      this.turn = this.loop.turn();
      this.startedThisTurn = 0;
    }
    const late = this.loop.recentMs();
    const bound = this.config.maxEventLoopDelayMs;
    if (bound > 0 && late > bound && this.startedThisTurn > 0) {
      throw overloaded(
        `search is at capacity (the server runs ${Math.round(late)} ms behind); retry shortly`,
      );
    }
    this.startedThisTurn++;
    if (this.running < this.config.maxConcurrent) {
      this.running++;
    } else if (this.waiting.length < this.config.queueSize) {
      // The finishing search hands its slot straight over, so `running` stays at the limit.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      throw overloaded(
        `search is at capacity (${this.config.maxConcurrent} running, ${this.config.queueSize} waiting); retry shortly`,
      );
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

const overloaded = (message: string) =>
  new DomainError('OVERLOADED', message, { reason: 'search_overloaded' }, 1);

/** Puts a route's handler (body reading and validation included) behind SearchAdmission. */
@Injectable()
export class SearchAdmissionInterceptor implements NestInterceptor {
  constructor(private readonly admission: SearchAdmission) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return defer(() => this.admission.run(() => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
