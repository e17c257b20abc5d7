import type { ComponentHealth, HealthIndicator } from '#observability';
import type { EventBus } from './event-bus.port.js';

/**
 * The broker, and this process's consumer groups: down while any group is not
 * consuming (it crashed and waits for its restart), naming it, since the app
 * is then not doing its job however well the broker answers.
 */
export class EventBusHealthIndicator implements HealthIndicator {
  readonly name = 'event_bus';

  constructor(private readonly bus: EventBus) {}

  async check(): Promise<ComponentHealth> {
    const broker = await this.bus.check();
    const subscriptions = this.bus.subscriptions();
    if (subscriptions.length === 0) return broker;
    const notRunning = subscriptions.filter((s) => !s.running).map((s) => s.groupId);
    return {
      status: broker.status === 'up' && notRunning.length === 0 ? 'up' : 'down',
      details: {
        ...broker.details,
        ...(notRunning.length ? { consumers_not_running: notRunning } : {}),
        consumers: Object.fromEntries(
          subscriptions.map((s) => [
            s.groupId,
            {
              running: s.running,
              topics: s.topics,
              crashes: s.crashes,
              restarts: s.restarts,
              ...(s.lastError !== undefined ? { last_error: s.lastError } : {}),
            },
          ]),
        ),
      },
    };
  }
}
