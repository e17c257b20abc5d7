import { Counter, Gauge, type Registry } from 'prom-client';
import type { SubscriptionListener } from './kafka-subscription.js';

/** Consumer crashes and restarts by group, and whether each group consumes now. */
export class SubscriptionMetrics implements SubscriptionListener {
  private readonly crashes: Counter<'group'>;
  private readonly restarts: Counter<'group'>;
  private readonly running: Gauge<'group'>;

  constructor(registry: Registry) {
    this.crashes = new Counter({
      name: 'event_bus_consumer_crashes_total',
      help: 'Consumer crashes (the consumer stopped on an error and is restarted after a backoff), by group',
      labelNames: ['group'],
      registers: [registry],
    });
    this.restarts = new Counter({
      name: 'event_bus_consumer_restarts_total',
      help: 'Consumers running again after a crash, by group',
      labelNames: ['group'],
      registers: [registry],
    });
    this.running = new Gauge({
      name: 'event_bus_consumer_running',
      help: '1 while the group consumes, 0 while it waits to be restarted after a crash',
      labelNames: ['group'],
      registers: [registry],
    });
  }

  crashed(group: string): void {
    this.crashes.inc({ group });
    this.running.set({ group }, 0);
  }

  started(group: string, afterCrash: boolean): void {
    if (afterCrash) this.restarts.inc({ group });
    this.running.set({ group }, 1);
  }

  stopped(group: string): void {
    this.running.remove({ group });
  }
}
