import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AlbumConfig } from './album.config.js';
import { AuthConfig } from './auth.config.js';
import { CoreConfig } from './core.config.js';
import { DatabaseConfig } from './database.config.js';
import { EncoderConfig } from './encoder.config.js';
import { GeneratorConfig } from './generator.config.js';
import type { Env } from './load-config.js';
import { MessagingConfig } from './messaging.config.js';
import { SearchConfig } from './search.config.js';
import { SecurityConfig } from './security.config.js';
import { ServicesConfig } from './services.config.js';

/** Every namespace, validated together before Nest starts so boot fails fast. */
export interface LoadedConfig {
  core: CoreConfig;
  database: DatabaseConfig;
  messaging: MessagingConfig;
  services: ServicesConfig;
  auth: AuthConfig;
  encoder: EncoderConfig;
  generator: GeneratorConfig;
  search: SearchConfig;
  album: AlbumConfig;
  security: SecurityConfig;
}

export function loadAllConfig(env: Env = process.env): LoadedConfig {
  const core = new CoreConfig(env);
  return {
    core,
    database: new DatabaseConfig(core.dataDir, env),
    messaging: new MessagingConfig(env),
    services: new ServicesConfig(env),
    auth: new AuthConfig(env),
    encoder: new EncoderConfig(env),
    generator: new GeneratorConfig(env),
    search: new SearchConfig(env),
    album: new AlbumConfig(env),
    security: new SecurityConfig(env),
  };
}

/** Provides the already-validated config objects; inject them by class. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: LoadedConfig): DynamicModule {
    const providers = [
      { provide: CoreConfig, useValue: config.core },
      { provide: DatabaseConfig, useValue: config.database },
      { provide: MessagingConfig, useValue: config.messaging },
      { provide: ServicesConfig, useValue: config.services },
      { provide: AuthConfig, useValue: config.auth },
      { provide: EncoderConfig, useValue: config.encoder },
      { provide: GeneratorConfig, useValue: config.generator },
      { provide: SearchConfig, useValue: config.search },
      { provide: AlbumConfig, useValue: config.album },
      { provide: SecurityConfig, useValue: config.security },
    ];
    return { module: AppConfigModule, providers, exports: providers.map((p) => p.provide) };
  }
}
