import { deadLetterTopic } from '#contracts';
import type { BusMessage, ReceivedMessage } from '#messaging';

/** The message as it came, on its dead-letter topic, with why and where from in headers. */
export function toDeadLetter(message: ReceivedMessage, reason: string, consumerGroup?: string): BusMessage {
  return {
    topic: deadLetterTopic(message.topic),
    key: message.key,
    value: message.value,
    headers: {
      ...(message.headers ?? {}),
      'dlq-reason': reason.slice(0, 1000),
      'dlq-source-topic': message.topic,
      'dlq-source-partition': String(message.partition),
      'dlq-source-offset': message.offset,
      // Two groups read listings.v1: say which one gave up on the message.
      ...(consumerGroup ? { 'dlq-consumer-group': consumerGroup } : {}),
    },
  };
}
