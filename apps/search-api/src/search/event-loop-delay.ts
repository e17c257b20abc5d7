import { Injectable, type OnModuleDestroy } from '@nestjs/common';

const TICK_MS = 10;

/**
 * How far behind the event loop is right now: the time since its timers last
 * ran. In process, search is mostly synchronous CPU work, so requests that
 * arrive faster than it can be done wait in the socket queue and are then
 * handled back to back in one long loop turn; no handler or concurrency limit
 * sees that queue, but this lag does: every request handled in such a turn
 * has waited at least this long.
 */
@Injectable()
export class EventLoopDelay implements OnModuleDestroy {
  private lastTick = performance.now();
  private tickCount = 0;
  private readonly timer = setInterval(() => {
    this.lastTick = performance.now();
    this.tickCount++;
  }, TICK_MS);

  constructor() {
    this.timer.unref();
  }

  /** Milliseconds the loop has run without reaching its timers, beyond the tick itself. */
  recentMs(): number {
    return Math.max(0, performance.now() - this.lastTick - TICK_MS);
  }

  /** Changes whenever the loop reaches its timers: work seen with the same value ran in one loop turn. */
  turn(): number {
    return this.tickCount;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
