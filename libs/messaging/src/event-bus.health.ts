import type { ComponentHealth, HealthIndicator } from '#observability';
import type { EventBus } from './event-bus.port.js';

export class EventBusHealthIndicator implements HealthIndicator {
  readonly name = 'event_bus';

  constructor(private readonly bus: EventBus) {}

  check(): Promise<ComponentHealth> {
    return this.bus.check();
  }
}
