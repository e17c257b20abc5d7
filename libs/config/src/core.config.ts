import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

class CoreEnv {
  @IsOptional() @IsString() DATA_DIR: string = './data';
  @IsOptional() @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'info';
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(600_000) SHUTDOWN_TIMEOUT_MS: number = 10_000;
  @IsOptional() @IsIn(['on', 'off']) DEMO_CATALOG: 'on' | 'off' = 'on';
}

/** Process-wide settings shared by every app. */
export class CoreConfig {
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutMs: number;
  /** All-in-one: load the demo catalog on first start (DEMO_CATALOG=off skips it). */
  readonly demoCatalog: boolean;

  constructor(env: Env = process.env) {
    const e = loadConfig('core', CoreEnv, env);
    this.dataDir = e.DATA_DIR;
    this.logLevel = e.LOG_LEVEL;
    this.shutdownTimeoutMs = e.SHUTDOWN_TIMEOUT_MS;
    this.demoCatalog = e.DEMO_CATALOG === 'on';
  }
}
