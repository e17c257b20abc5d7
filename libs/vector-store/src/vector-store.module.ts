import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { CoreConfig, ServicesConfig } from '#config';
import { HealthService } from '#observability';
import { EmbeddedVectorStore } from './embedded/embedded-vector-store.adapter.js';
import { QdrantVectorStore } from './qdrant/qdrant-vector-store.adapter.js';
import { VectorStoreConfig } from './vector-store.config.js';
import { VectorStoreHealthIndicator } from './vector-store.health.js';
import { VectorStore } from './vector-store.port.js';

export function createVectorStore(
  services: ServicesConfig,
  core: CoreConfig,
  config: VectorStoreConfig,
): VectorStore {
  // Qdrant spreads load across its own cluster behind one URL; a list here means fail-over is wanted,
  // which the REST client does not do, so the first URL is used.
  const [qdrantUrl] = services.qdrantUrls;
  if (qdrantUrl) {
    return new QdrantVectorStore({
      url: qdrantUrl,
      apiKey: config.qdrantApiKey,
      quantization: config.quantization,
      hnsw: { m: config.hnsw.m, efConstruct: config.hnsw.efConstruction },
    });
  }
  return new EmbeddedVectorStore({
    dataDir: core.dataDir,
    hnsw: config.hnsw,
    saveIntervalMs: config.saveIntervalMs,
  });
}

/** The vector store chosen by config: Qdrant when QDRANT_URL is set, else embedded under DATA_DIR. */
@Global()
@Module({})
export class VectorStoreModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(VectorStore) private readonly store: VectorStore,
    private readonly health: HealthService,
  ) {}

  static forRoot(env: Record<string, string | undefined> = process.env): DynamicModule {
    return {
      module: VectorStoreModule,
      providers: [
        // Validated when the module is built, so a bad variable stops boot with its name.
        { provide: VectorStoreConfig, useValue: new VectorStoreConfig(env) },
        {
          provide: VectorStore,
          inject: [ServicesConfig, CoreConfig, VectorStoreConfig],
          useFactory: createVectorStore,
        },
      ],
      exports: [VectorStore, VectorStoreConfig],
    };
  }

  onModuleInit(): void {
    this.health.register(new VectorStoreHealthIndicator(this.store));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
