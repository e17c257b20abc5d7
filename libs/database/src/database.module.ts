import { Global, Module, type DynamicModule, type OnModuleInit, Logger } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '#config';
import { HealthService } from '#observability';
import { DatabaseHealthIndicator } from './database.health.js';
import { dataSourceOptions, type SchemaParts } from './data-source.options.js';
import { Transactions } from './transactions.js';

/** One TypeORM connection per process, migrated to the latest schema at boot. */
@Global()
@Module({})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthService,
  ) {}

  static forRoot(schema: SchemaParts): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [Transactions],
      exports: [Transactions],
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [DatabaseConfig],
          useFactory: (config: DatabaseConfig) => dataSourceOptions(config.target, schema),
        }),
      ],
    };
  }

  async onModuleInit(): Promise<void> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    this.health.register(new DatabaseHealthIndicator(this.dataSource));
  }
}
