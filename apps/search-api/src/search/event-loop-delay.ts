import { Injectable, type OnModuleDestroy } from '@nestjs/common';

const TICK_MS = 10;

/**
 * How far behind the event loop is right now: the time since its timers last
 * ran. Every request read in a late turn has waited at least this long in the
 * socket queue, where no handler or concurrency limit sees it. Searches yield
 * between their stages (event-loop-yield.ts), so their own work keeps this
 * short; it grows when the process is starved of CPU or something else holds
 * the loop.
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
