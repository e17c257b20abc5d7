import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { Topics } from '#contracts';
import { EventBus } from '#messaging';
import { MetricsRegistry } from '#observability';
import { listingsGroup } from './listings/listings.group.js';

/** Throughput by outcome, and consumer lag read from the bus at scrape time. */
@Injectable()
export class IndexerMetrics {
  readonly messages: Counter<'topic' | 'outcome'>;

  constructor(metrics: MetricsRegistry, bus: EventBus) {
    new Gauge({
      name: 'indexer_consumer_lag_messages',
      help: 'Messages published but not yet committed by the indexer, by topic',
      labelNames: ['topic'],
      registers: [metrics.registry],
      async collect() {
        const lag = await bus.lag(listingsGroup(), [Topics.listings]).catch(() => ({}));
        for (const [topic, value] of Object.entries(lag)) this.set({ topic }, value);
      },
    });
    this.messages = new Counter({
      name: 'indexer_messages_total',
      help: 'Messages handled by the indexer, by topic and outcome (indexed, scored, dead_lettered)',
      labelNames: ['topic', 'outcome'],
      registers: [metrics.registry],
    });
  }
}
