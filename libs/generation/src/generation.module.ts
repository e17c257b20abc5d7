import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { join } from 'node:path';
import { CoreConfig, EncoderConfig, GeneratorConfig, ServicesConfig } from '#config';
import { repoRoot } from '#demo-catalog';
import { ImageDecoder } from '#embedding';
import { HealthService, MetricsRegistry } from '#observability';
import { GeneratorPort } from './generator.port.js';
import { HttpGeneratorClient } from './http-generator.adapter.js';
import { InProcessGenerator } from './in-process-generator.js';
import { VlmEngine } from './vlm.engine.js';

/** Loads the model in this process. */
async function createInProcessGenerator(
  config: GeneratorConfig,
  core: CoreConfig,
  encoder: EncoderConfig,
  metrics: MetricsRegistry,
): Promise<InProcessGenerator> {
  const engine = await VlmEngine.load({
    model: config.model,
    repoRoot: repoRoot(),
    cacheDir: join(core.dataDir, 'model-cache'),
  });
  const decoder = new ImageDecoder({ maxBytes: encoder.imageMaxBytes, maxPixels: encoder.imageMaxPixels });
  return new InProcessGenerator(engine, config, decoder, metrics);
}

/**
 * Binds GeneratorPort: in process unless GENERATOR_URL is set (or `inProcess`
 * is forced, as in the generator app itself), then over HTTP.
 */
@Global()
@Module({})
export class GenerationModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(GeneratorPort) private readonly generator: GeneratorPort,
    private readonly health: HealthService,
  ) {}

  static forRoot(options: { inProcess?: boolean } = {}): DynamicModule {
    return {
      module: GenerationModule,
      providers: [
        {
          provide: GeneratorPort,
          inject: [GeneratorConfig, CoreConfig, EncoderConfig, ServicesConfig, MetricsRegistry],
          useFactory: (
            config: GeneratorConfig,
            core: CoreConfig,
            encoder: EncoderConfig,
            services: ServicesConfig,
            metrics: MetricsRegistry,
          ) =>
            services.generatorUrls.length > 0 && !options.inProcess
              ? new HttpGeneratorClient(services.generatorUrls, config.timeoutMs + 60_000)
              : createInProcessGenerator(config, core, encoder, metrics),
        },
      ],
      exports: [GeneratorPort],
    };
  }

  onModuleInit(): void {
    this.health.register({ name: 'generator', check: () => this.generator.check() });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.generator instanceof InProcessGenerator) await this.generator.close();
  }
}
