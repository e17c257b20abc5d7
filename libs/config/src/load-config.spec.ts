import { ConfigValidationError } from './config.error.js';
import { CoreConfig } from './core.config.js';
import { DatabaseConfig } from './database.config.js';
import { loadAllConfig } from './config.module.js';
import { MessagingConfig } from './messaging.config.js';
import { requireForDistributed } from './deployment.js';
import { SecurityConfig } from './security.config.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems.map((p) => p.variable);
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('loadAllConfig', () => {
  it('applies the embedded defaults when nothing is set', () => {
    const sut = loadAllConfig({});
    expect(sut.core.dataDir).toBe('./data');
    expect(sut.database.target).toEqual({ kind: 'sqlite', file: 'data/shoplens.sqlite' });
    expect(sut.messaging.target).toEqual({ kind: 'in-process' });
    expect(sut.services.encoderUrls).toEqual([]);
  });

  it('names every malformed variable', () => {
    const env = { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'not a broker', LOG_LEVEL: 'loud' };
    expect(problemsOf(() => new CoreConfig(env))).toEqual(['LOG_LEVEL']);
    expect(problemsOf(() => new DatabaseConfig('.', env))).toEqual(['DATABASE_URL']);
    expect(problemsOf(() => new MessagingConfig(env))).toEqual(['KAFKA_BROKERS']);
  });

  it('reads query photos with models/category-mini unless PHOTO_CATEGORY_MODEL is off', () => {
    expect(loadAllConfig({}).search.photoCategoryModel).toBe('models/category-mini');
    expect(loadAllConfig({ PHOTO_CATEGORY_MODEL: 'off' }).search.photoCategoryModel).toBeUndefined();
    expect(loadAllConfig({ PHOTO_CATEGORY_MODEL: '/srv/models/c' }).search.photoCategoryModel).toBe(
      '/srv/models/c',
    );
  });

  it('puts the variable name in the error message', () => {
    expect(() => loadAllConfig({ SHUTDOWN_TIMEOUT_MS: 'soon' })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
  });

  it('chooses PostgreSQL and Kafka when their variables are set', () => {
    const sut = loadAllConfig({ DATABASE_URL: 'postgres://u:p@h:5432/d', KAFKA_BROKERS: 'a:9092,b:9093' });
    expect(sut.database.target).toEqual({ kind: 'postgres', url: 'postgres://u:p@h:5432/d' });
    expect(sut.messaging.target).toEqual({
      kind: 'kafka',
      brokers: ['a:9092', 'b:9093'],
      clientId: 'shoplens',
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadAllConfig({ DATABASE_URL: '', PORT: '' }).database.target.kind).toBe('sqlite');
  });
});

describe(SecurityConfig.name, () => {
  it('reads CORS origins as a list and trusts no proxy by default', () => {
    expect(new SecurityConfig({}).corsOrigins).toEqual([]);
    expect(new SecurityConfig({}).trustProxy).toBe(false);
    const sut = new SecurityConfig({
      CORS_ORIGINS: 'https://shop.example, http://localhost:5173',
      TRUST_PROXY: 'true',
    });
    expect(sut.corsOrigins).toEqual(['https://shop.example', 'http://localhost:5173']);
    expect(sut.trustProxy).toBe(true);
  });

  it('refuses origins with a path or wildcard, and a proxy setting that is not a boolean', () => {
    expect(problemsOf(() => new SecurityConfig({ CORS_ORIGINS: 'https://shop.example/app' }))).toEqual([
      'CORS_ORIGINS',
    ]);
    expect(problemsOf(() => new SecurityConfig({ CORS_ORIGINS: '*' }))).toEqual(['CORS_ORIGINS']);
    expect(problemsOf(() => new SecurityConfig({ TRUST_PROXY: 'yes', RATE_LIMIT_PER_IP: '-1' }))).toEqual([
      'RATE_LIMIT_PER_IP',
      'TRUST_PROXY',
    ]);
  });
});

describe(requireForDistributed.name, () => {
  it('names each missing variable and the app', () => {
    expect(() =>
      requireForDistributed('indexer', ['KAFKA_BROKERS', 'DATABASE_URL'], { DATABASE_URL: 'x' }),
    ).toThrow(/KAFKA_BROKERS: is required when indexer runs alone/);
  });

  it('passes when everything is set', () => {
    expect(() => requireForDistributed('indexer', ['KAFKA_BROKERS'], { KAFKA_BROKERS: 'a:1' })).not.toThrow();
  });
});
