export * from './event-bus.port.js';
export * from './kafka-event-bus.adapter.js';
export * from './in-process-event-bus.adapter.js';
export * from './outbox-message.entity.js';
export * from './outbox.service.js';
export * from './outbox.relay.js';
export * from './messaging.module.js';
