import { IsOptional, Matches } from 'class-validator';
import { join } from 'node:path';
import { loadConfig, type Env } from './load-config.js';

class DatabaseEnv {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;
}

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** SQLite under DATA_DIR by default; PostgreSQL when DATABASE_URL is set. */
export class DatabaseConfig {
  readonly target: DatabaseTarget;

  constructor(dataDir: string, env: Env = process.env) {
    const e = loadConfig('database', DatabaseEnv, env);
    this.target = e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: join(dataDir, 'shoplens.sqlite') };
  }
}
