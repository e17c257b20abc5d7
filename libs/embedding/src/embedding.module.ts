import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { join } from 'node:path';
import { CoreConfig, EncoderConfig, ServicesConfig } from '#config';
import { repoRoot } from '#demo-catalog';
import { HealthService } from '#observability';
import { ClipEngine } from './clip.engine.js';
import { EncoderHealthIndicator } from './encoder.health.js';
import { EncoderPort } from './encoder.port.js';
import { HttpEncoderClient } from './http-encoder.adapter.js';
import { InProcessEncoder } from './in-process-encoder.adapter.js';

/** Loads the model in this process. */
export async function createInProcessEncoder(
  config: EncoderConfig,
  core: CoreConfig,
): Promise<InProcessEncoder> {
  const engine = await ClipEngine.load({
    model: config.model,
    dtype: config.dtype,
    repoRoot: repoRoot(),
    cacheDir: join(core.dataDir, 'model-cache'),
  });
  return new InProcessEncoder(engine, config);
}

/**
 * Binds EncoderPort: in process unless ENCODER_URL is set (or `inProcess` is
 * forced, as in the encoder app itself), then over HTTP with failover.
 */
@Global()
@Module({})
export class EmbeddingModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EncoderPort) private readonly encoder: EncoderPort,
    private readonly health: HealthService,
  ) {}

  static forRoot(options: { inProcess?: boolean } = {}): DynamicModule {
    return {
      module: EmbeddingModule,
      providers: [
        {
          provide: EncoderPort,
          inject: [EncoderConfig, CoreConfig, ServicesConfig],
          useFactory: (config: EncoderConfig, core: CoreConfig, services: ServicesConfig) =>
            services.encoderUrls.length > 0 && !options.inProcess
              ? new HttpEncoderClient(services.encoderUrls, config.timeoutMs)
              : createInProcessEncoder(config, core),
        },
      ],
      exports: [EncoderPort],
    };
  }

  onModuleInit(): void {
    this.health.register(new EncoderHealthIndicator(this.encoder));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.encoder instanceof InProcessEncoder) await this.encoder.close();
    if (this.encoder instanceof HttpEncoderClient) this.encoder.close();
  }
}
