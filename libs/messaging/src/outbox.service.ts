import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BusMessage } from './event-bus.port.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';
import { OutboxRelay } from './outbox.relay.js';

/** Writers call `enqueue` inside their own transaction; the relay does the rest. */
@Injectable()
export class OutboxService {
  constructor(private readonly relay: OutboxRelay) {}

  async enqueue(manager: EntityManager, messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // Nothing is read back (no generated id is needed), which saves TypeORM a SELECT per row.
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessageEntity)
      .values(
        messages.map((m) => ({
          topic: m.topic,
          key: m.key,
          payload: m.value,
          headers: m.headers ? JSON.stringify(m.headers) : null,
          sentAt: null,
        })),
      )
      .updateEntity(false)
      .execute();
  }

  /** Call after the transaction commits to publish now rather than at the next poll. */
  wake(): void {
    this.relay.wake();
  }
}
