import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AppConfigModule, type LoadedConfig } from '#config';
import { DatabaseModule } from '#database';
import { EmbeddingModule } from '#embedding';
import { GenerationModule } from '#generation';
import { AuthModule } from '#http';
import { LexicalModule } from '#lexical';
import { MessagingModule } from '#messaging';
import { ObservabilityModule } from '#observability';
import { VectorStoreModule } from '#vector-store';
import { SCHEMA } from './schema.js';

export interface HostSpec {
  /** The apps' feature modules hosted by this process. */
  apps: Type[];
  /** Needs the relational database (catalog, outbox). */
  database: boolean;
  /** Needs the event bus; `outbox` also runs the outbox relay. */
  messaging?: { outbox: boolean; relay?: boolean };
  /**
   * Needs the dual encoder: `in-process` always loads the model here (the
   * encoder app); `configured` uses ENCODER_URL when set, else loads it here.
   */
  encoder?: 'in-process' | 'configured';
  /** Needs the generator (VLM): as `encoder`, with GENERATOR_URL. */
  generator?: 'in-process' | 'configured';
  /** Needs the vector store (Qdrant when QDRANT_URL is set, else embedded). */
  vectorStore?: boolean;
}

/**
 * Composes one process: shared infrastructure (config, observability,
 * database, event bus) exactly once, plus the feature modules of one app
 * (distributed) or of all four (all-in-one).
 */
@Module({})
export class HostModule {
  static build(config: LoadedConfig, spec: HostSpec): DynamicModule {
    const infrastructure: (DynamicModule | Type)[] = [AppConfigModule.forRoot(config)];
    if (spec.database) infrastructure.push(DatabaseModule.forRoot(SCHEMA), LexicalModule);
    if (spec.messaging) infrastructure.push(MessagingModule.forRoot(spec.messaging));
    if (spec.encoder)
      infrastructure.push(EmbeddingModule.forRoot({ inProcess: spec.encoder === 'in-process' }));
    if (spec.generator)
      infrastructure.push(GenerationModule.forRoot({ inProcess: spec.generator === 'in-process' }));
    if (spec.vectorStore) infrastructure.push(VectorStoreModule.forRoot());
    return {
      module: HostModule,
      imports: [...infrastructure, ObservabilityModule, AuthModule, ...spec.apps],
    };
  }
}
