import { IsOptional, IsString, Matches } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

class MessagingEnv {
  @IsOptional()
  @Matches(/^[\w.-]+:\d{1,5}(,[\w.-]+:\d{1,5})*$/, { message: 'must be a comma-separated list of host:port' })
  KAFKA_BROKERS?: string;

  @IsOptional() @IsString() KAFKA_CLIENT_ID: string = 'shoplens';
}

export type MessagingTarget = { kind: 'in-process' } | { kind: 'kafka'; brokers: string[]; clientId: string };

/** Kafka when KAFKA_BROKERS is set; otherwise the in-process bus (all-in-one only). */
export class MessagingConfig {
  readonly target: MessagingTarget;

  constructor(env: Env = process.env) {
    const e = loadConfig('messaging', MessagingEnv, env);
    this.target = e.KAFKA_BROKERS
      ? { kind: 'kafka', brokers: e.KAFKA_BROKERS.split(','), clientId: e.KAFKA_CLIENT_ID }
      : { kind: 'in-process' };
  }
}
