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
import { yieldToEventLoop } from './event-loop-yield.js';

/**
 * Admission control for search: at most `SEARCH_MAX_CONCURRENT` searches run
 * at once; more wait, up to `SEARCH_QUEUE_SIZE` and only while they can
 * expect a slot within `SEARCH_MAX_QUEUE_WAIT_MS` at the recent pace; beyond
 * that, or while the event loop runs more than `SEARCH_MAX_EVENT_LOOP_DELAY_MS`
 * behind, a search is refused at once with 503 + Retry-After instead of
 * queueing without bound. In process a search is synchronous CPU work; it
 * yields to the event loop between its stages, so requests that arrive
 * meanwhile are read within milliseconds and refused by the queue bounds; the
 * loop bound is the backstop for a loop late for other reasons (a starved
 * CPU), when requests pile up unread. Either way the excess is answered in
 * about a millisecond of server time, and the accepted searches wait about
 * `SEARCH_MAX_QUEUE_WAIT_MS` at most however fast the machine is.
 */
@Injectable()
export class SearchAdmission {
  private running = 0;
  private readonly waiting: { start: () => void; since: number }[] = [];
  private turn = -1;
  private startedThisTurn = 0;
  /** Time between search completions while searches run, averaged (ms): the pace the queue moves at. */
  private paceMs?: number;
  /** The last completion, or the start of the current busy period if later. */
  private lastMark = 0;

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
      if (this.running++ === 0) this.lastMark = performance.now();
    } else if (this.waiting.length >= this.config.queueSize) {
      throw overloaded(
        `search is at capacity (${this.config.maxConcurrent} running, ${this.waiting.length} waiting); retry shortly`,
      );
    } else if (this.config.maxQueueWaitMs > 0 && this.expectedWaitMs() > this.config.maxQueueWaitMs) {
      throw overloaded(
        `search is at capacity (${this.waiting.length} waiting, about ${Math.round(this.expectedWaitMs())} ms to wait); retry shortly`,
      );
    } else {
      // The finishing search hands its slot straight over, so `running` stays at the limit.
      await new Promise<void>((start) => this.waiting.push({ start, since: performance.now() }));
    }
    try {
      // Admitted in the middle of reading requests: the search starts once they are all read.
      await yieldToEventLoop();
      return await work();
    } finally {
      const now = performance.now();
      const interval = now - this.lastMark;
      this.lastMark = now;
      this.paceMs =
        this.paceMs === undefined ? interval : this.paceMs + PACE_WEIGHT * (interval - this.paceMs);
      const next = this.waiting.shift();
      if (next) next.start();
      else this.running--;
    }
  }

  /**
   * How long one more search would wait for a slot: one completion frees one,
   * at the recent pace; and no less than the oldest waiting search has waited
   * already, which tells at once when the machine has slowed down.
   */
  private expectedWaitMs(): number {
    const oldest = this.waiting[0] ? performance.now() - this.waiting[0].since : 0;
    return Math.max((this.waiting.length + 1) * (this.paceMs ?? 0), oldest);
  }
}

/** Weight of the latest interval in the running mean of the pace. */
const PACE_WEIGHT = 0.2;

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
