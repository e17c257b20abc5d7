import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import type { DatabaseTarget } from '#config';

type ClassLike = abstract new (...args: never[]) => unknown;

export interface SchemaParts {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  migrations: ClassLike[];
}

/**
 * TypeORM options for either database. Schema changes only by migrations
 * (run at boot); `synchronize` stays off everywhere but throwaway tests.
 */
export function dataSourceOptions(target: DatabaseTarget, schema: SchemaParts): DataSourceOptions {
  const common = {
    entities: schema.entities,
    migrations: schema.migrations as unknown as DataSourceOptions['migrations'],
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  switch (target.kind) {
    case 'sqlite':
      if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
      return {
        ...common,
        type: 'better-sqlite3',
        database: target.file,
        // WAL lets readers proceed while the single writer commits; with WAL,
        // synchronous=NORMAL survives a process crash (only an OS crash can
        // lose the last commits) and saves an fsync per transaction.
        prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
          db.pragma('journal_mode = WAL');
          db.pragma('synchronous = NORMAL');
          db.pragma('busy_timeout = 5000');
          db.pragma('foreign_keys = ON');
        },
      };
    case 'postgres':
      return {
        ...common,
        type: 'postgres',
        url: target.url,
        extra: { max: 10, connectionTimeoutMillis: 5000 },
      };
  }
}
