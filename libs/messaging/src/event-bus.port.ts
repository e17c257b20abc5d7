import type { ComponentHealth } from '#observability';

export interface BusMessage {
  topic: string;
  /** Partitioning key: the entity id, so one entity's events stay in order. */
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface ReceivedMessage extends BusMessage {
  partition: number;
  offset: string;
}

/** Handles one batch; resolves only when its effects are durable. Throwing redelivers the batch. */
export type BatchHandler = (messages: ReceivedMessage[]) => Promise<void>;

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  handler: BatchHandler;
  fromBeginning?: boolean;
}

export interface Subscription {
  stop(): Promise<void>;
}

/** Whether a subscription consumes now, and how often it has crashed; readiness and metrics read it. */
export interface SubscriptionStatus {
  groupId: string;
  topics: string[];
  running: boolean;
  crashes: number;
  restarts: number;
  lastError?: string;
}

/**
 * The event bus port: Kafka in distributed mode, an in-process bus in
 * all-in-one mode. Delivery is at-least-once in both; consumers are idempotent.
 */
export abstract class EventBus {
  abstract readonly kind: 'kafka' | 'in-process';
  abstract ensureTopics(topics: string[]): Promise<void>;
  abstract publish(messages: BusMessage[]): Promise<void>;
  abstract subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Messages published but not yet committed by the group, per topic. */
  abstract lag(groupId: string, topics: string[]): Promise<Record<string, number>>;
  /** Every subscription not stopped by its owner, running or waiting to be restarted after a crash. */
  abstract subscriptions(): SubscriptionStatus[];
  abstract check(): Promise<ComponentHealth>;
  abstract close(): Promise<void>;
}
