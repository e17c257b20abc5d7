import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { DataSource, IsNull, In } from 'typeorm';
import { EventBus } from './event-bus.port.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';

const BATCH = 200;

/**
 * false in a process that only writes (the import command with the in-process
 * bus): its events wait in the outbox for the server's relay, instead of being
 * "published" to a bus that nobody in this process listens to.
 */
export const OUTBOX_RELAY_ENABLED = Symbol('OUTBOX_RELAY_ENABLED');
const POLL_MS = 500;
/** A wake-up waits this long so that rows written in a burst travel in one batch. */
const GATHER_MS = 15;
const MAX_BACKOFF_MS = 10_000;

/**
 * Publishes unsent outbox rows in id order (so per-key order holds), then
 * marks them sent. At-least-once: a crash after publish and before the mark
 * republishes; consumers are idempotent by entity id and version.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private failures = 0;
  private again = false;
  private nextRunAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    @Optional() @Inject(OUTBOX_RELAY_ENABLED) private readonly enabled: boolean = true,
  ) {}

  onApplicationBootstrap(): void {
    if (this.enabled) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  wake(): void {
    if (!this.enabled) return;
    if (this.running) this.again = true;
    else if (!this.timer || this.nextRunAt - Date.now() > GATHER_MS) this.schedule(GATHER_MS);
  }

  /** Publishes everything pending now; returns how many rows were sent. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent < BATCH) return total;
    }
  }

  async pendingCount(): Promise<number> {
    return this.dataSource.getRepository(OutboxMessageEntity).countBy({ sentAt: IsNull() });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.nextRunAt = Date.now() + delayMs;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = this.drain()
      .then(() => {
        this.failures = 0;
      })
      .catch((error: unknown) => {
        this.failures++;
        this.logger.warn(`outbox publish failed (attempt ${this.failures}): ${(error as Error).message}`);
      });
    await this.running;
    this.running = undefined;
    const backoff = this.failures ? Math.min(MAX_BACKOFF_MS, 200 * 2 ** this.failures) : POLL_MS;
    this.schedule(this.again && !this.failures ? GATHER_MS : backoff);
    this.again = false;
  }

  private async publishBatch(): Promise<number> {
    const repo = this.dataSource.getRepository(OutboxMessageEntity);
    const rows = await repo.find({ where: { sentAt: IsNull() }, order: { id: 'ASC' }, take: BATCH });
    if (rows.length === 0) return 0;
    try {
      await this.bus.publish(
        rows.map((r) => ({
          topic: r.topic,
          key: r.key,
          value: r.payload,
          headers: r.headers ? (JSON.parse(r.headers) as Record<string, string>) : undefined,
        })),
      );
    } catch (error) {
      await repo.increment({ id: In(rows.map((r) => r.id)) }, 'attempts', 1);
      await repo.update(
        { id: In(rows.map((r) => r.id)) },
        { lastError: (error as Error).message.slice(0, 1000) },
      );
      throw error;
    }
    await repo.update({ id: In(rows.map((r) => r.id)) }, { sentAt: new Date() });
    return rows.length;
  }
}
