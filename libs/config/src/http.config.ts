import { Type } from 'class-transformer';
import { IsInt, IsIP, IsOptional, Max, Min } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

class HttpEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsIP() HOST: string = '0.0.0.0';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1024) @Max(256 * 1024 * 1024) BODY_LIMIT_BYTES: number =
    16 * 1024 * 1024;
}

/** HTTP listener settings; each app passes its own default port. */
export class HttpConfig {
  readonly port: number;
  readonly host: string;
  readonly bodyLimitBytes: number;

  constructor(defaultPort: number, env: Env = process.env) {
    const e = loadConfig('http', HttpEnv, env);
    this.port = e.PORT ?? defaultPort;
    this.host = e.HOST;
    this.bodyLimitBytes = e.BODY_LIMIT_BYTES;
  }
}
