import { IsOptional, Matches } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

class AuthEnv {
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,256}$/, {
    message: 'must be 16 to 256 printable ASCII characters without spaces',
  })
  ADMIN_API_KEY?: string;
}

/** The admin key as configured; when absent, all-in-one mode generates one (see AdminKeyProvider). */
export class AuthConfig {
  readonly adminApiKey?: string;

  constructor(env: Env = process.env) {
    this.adminApiKey = loadConfig('auth', AuthEnv, env).ADMIN_API_KEY;
  }
}
