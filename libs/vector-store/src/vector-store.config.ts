import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { loadConfig, type Env } from '#config';

class VectorStoreEnv {
  @IsOptional() @IsString() QDRANT_API_KEY?: string;
  @IsOptional() @IsIn(['none', 'int8']) QDRANT_QUANTIZATION: 'none' | 'int8' = 'none';
  @IsOptional() @Type(() => Number) @IsInt() @Min(4) @Max(128) VECTOR_HNSW_M: number = 16;
  @IsOptional() @Type(() => Number) @IsInt() @Min(8) @Max(4096) VECTOR_HNSW_EF_CONSTRUCT: number = 128;
  @IsOptional() @Type(() => Number) @IsInt() @Min(8) @Max(4096) VECTOR_HNSW_EF_SEARCH: number = 256;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(86_400_000) VECTOR_INDEX_SAVE_INTERVAL_MS: number =
    60_000;
}

/**
 * Tuning of both vector store adapters. Which adapter runs is not here: it
 * follows QDRANT_URL (ServicesConfig), like every other "remote or in process" choice.
 */
export class VectorStoreConfig {
  readonly qdrantApiKey?: string;
  readonly quantization: 'none' | 'int8';
  readonly hnsw: { m: number; efConstruction: number; efSearch: number };
  /** Embedded only: how often changed HNSW files are saved (0: only on close). */
  readonly saveIntervalMs: number;

  constructor(env: Env = process.env) {
    const e = loadConfig('vector-store', VectorStoreEnv, env);
    this.qdrantApiKey = e.QDRANT_API_KEY;
    this.quantization = e.QDRANT_QUANTIZATION;
    this.hnsw = {
      m: e.VECTOR_HNSW_M,
      efConstruction: e.VECTOR_HNSW_EF_CONSTRUCT,
      efSearch: e.VECTOR_HNSW_EF_SEARCH,
    };
    this.saveIntervalMs = e.VECTOR_INDEX_SAVE_INTERVAL_MS;
  }
}
