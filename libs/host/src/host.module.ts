import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AppConfigModule, type LoadedConfig } from '#config';
import { DatabaseModule, SCHEMA } from '#database';
import { AuthModule } from '#http';
import { MessagingModule } from '#messaging';
import { ObservabilityModule } from '#observability';

export interface HostSpec {
  /** The apps' feature modules hosted by this process. */
  apps: Type[];
  /** Needs the relational database (catalog, outbox). */
  database: boolean;
  /** Needs the event bus; `outbox` also runs the outbox relay. */
  messaging?: { outbox: boolean };
}

/**
 * Composes one process: shared infrastructure (config, observability,
 * database, event bus) exactly once, plus the feature modules of one app
 * (distributed) or of all four (all-in-one).
 */
@Module({})
export class HostModule {
  static build(config: LoadedConfig, spec: HostSpec): DynamicModule {
    const infrastructure: DynamicModule[] = [AppConfigModule.forRoot(config)];
    if (spec.database) infrastructure.push(DatabaseModule.forRoot(SCHEMA));
    if (spec.messaging) infrastructure.push(MessagingModule.forRoot(spec.messaging));
    return {
      module: HostModule,
      imports: [...infrastructure, ObservabilityModule, AuthModule, ...spec.apps],
    };
  }
}
