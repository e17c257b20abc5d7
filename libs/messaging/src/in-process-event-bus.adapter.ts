import type { ComponentHealth } from '#observability';
import {
  EventBus,
  type BusMessage,
  type ReceivedMessage,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionStatus,
} from './event-bus.port.js';

interface Group {
  options: SubscribeOptions;
  /** Serialises deliveries per group, as a Kafka partition does. */
  tail: Promise<void>;
  offset: number;
  stopped: boolean;
}

/**
 * The all-in-one bus. `publish` resolves only when every subscribed group has
 * handled the messages, so the outbox marks a row sent only once it is
 * processed: a crash in between replays it from the outbox (at-least-once),
 * the same guarantee Kafka gives with committed offsets.
 */
export class InProcessEventBus extends EventBus {
  readonly kind = 'in-process' as const;
  private readonly groups = new Map<string, Group>();
  private closed = false;

  ensureTopics(): Promise<void> {
    return Promise.resolve();
  }

  async publish(messages: BusMessage[]): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    const deliveries = [...this.groups.values()].map((group) => {
      const batch = messages.filter((m) => group.options.topics.includes(m.topic));
      if (batch.length === 0) return Promise.resolve();
      const run = group.tail.then(() => this.deliver(group, batch));
      group.tail = run.catch(() => undefined);
      return run;
    });
    await Promise.all(deliveries);
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.groups.has(options.groupId)) throw new Error(`group ${options.groupId} already subscribed`);
    const group: Group = { options, tail: Promise.resolve(), offset: 0, stopped: false };
    this.groups.set(options.groupId, group);
    return Promise.resolve({
      stop: async () => {
        group.stopped = true;
        this.groups.delete(options.groupId);
        await group.tail;
      },
    });
  }

  /** Delivery is synchronous with publish, so nothing is ever waiting. */
  lag(_groupId: string, topics: string[]): Promise<Record<string, number>> {
    return Promise.resolve(Object.fromEntries(topics.map((t) => [t, 0])));
  }

  /**
   * A group here cannot crash: a delivery is a call made by publish, and a
   * handler's error (of any kind) rejects that publish, so the outbox keeps
   * the rows and the next relay pass delivers them again.
   */
  subscriptions(): SubscriptionStatus[] {
    return [...this.groups.values()].map(({ options }) => ({
      groupId: options.groupId,
      topics: options.topics,
      running: true,
      crashes: 0,
      restarts: 0,
    }));
  }

  check(): Promise<ComponentHealth> {
    return Promise.resolve({
      status: this.closed ? 'down' : 'up',
      details: { kind: this.kind, groups: [...this.groups.keys()] },
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.groups.values()].map((g) => g.tail));
  }

  private async deliver(group: Group, batch: BusMessage[]): Promise<void> {
    if (group.stopped) throw new Error(`group ${group.options.groupId} stopped`);
    const received: ReceivedMessage[] = batch.map((m) => ({
      ...m,
      headers: m.headers ?? {},
      partition: 0,
      offset: String(group.offset++),
    }));
    await group.options.handler(received);
  }
}
