import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { CoreConfig, MessagingConfig } from '#config';
import { Topics, deadLetterTopic } from '#contracts';
import { HealthService, MetricsRegistry, createRootLogger } from '#observability';
import { EventBusHealthIndicator } from './event-bus.health.js';
import { EventBus } from './event-bus.port.js';
import { InProcessEventBus } from './in-process-event-bus.adapter.js';
import { KafkaEventBus } from './kafka-event-bus.adapter.js';
import { OUTBOX_RELAY_ENABLED, OutboxRelay } from './outbox.relay.js';
import { OutboxService } from './outbox.service.js';
import { SubscriptionMetrics } from './subscription.metrics.js';

export function createEventBus(
  messaging: MessagingConfig,
  core: CoreConfig,
  metrics?: MetricsRegistry,
): EventBus {
  const target = messaging.target;
  switch (target.kind) {
    case 'kafka':
      return new KafkaEventBus(
        { brokers: target.brokers, clientId: target.clientId },
        createRootLogger(core.logLevel, { component: 'kafka' }),
        metrics && new SubscriptionMetrics(metrics.registry),
      );
    case 'in-process':
      return new InProcessEventBus();
  }
}

/** The event bus chosen by config, plus (with `outbox: true`) the transactional outbox relay. */
@Global()
@Module({})
export class MessagingModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly health: HealthService,
  ) {}

  static forRoot(options: { outbox: boolean; relay?: boolean }): DynamicModule {
    const outbox = options.outbox
      ? [OutboxRelay, OutboxService, { provide: OUTBOX_RELAY_ENABLED, useValue: options.relay ?? true }]
      : [];
    return {
      module: MessagingModule,
      providers: [
        {
          provide: EventBus,
          inject: [MessagingConfig, CoreConfig, MetricsRegistry],
          useFactory: createEventBus,
        },
        ...outbox,
      ],
      exports: [EventBus, ...(options.outbox ? [OutboxRelay, OutboxService] : [])],
    };
  }

  async onModuleInit(): Promise<void> {
    this.health.register(new EventBusHealthIndicator(this.bus));
    const topics = Object.values(Topics);
    await this.bus.ensureTopics([...topics, ...topics.map(deadLetterTopic)]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
