import { IsOptional, Matches } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

const URL_LIST = /^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/;
const URL_LIST_MESSAGE = 'must be a comma-separated list of http(s) URLs';

class ServicesEnv {
  @IsOptional() @Matches(URL_LIST, { message: URL_LIST_MESSAGE }) ENCODER_URL?: string;
  @IsOptional() @Matches(URL_LIST, { message: URL_LIST_MESSAGE }) GENERATOR_URL?: string;
  @IsOptional() @Matches(URL_LIST, { message: URL_LIST_MESSAGE }) QDRANT_URL?: string;
}

/** URLs of the other services in distributed mode; each unset one means "in this process". */
export class ServicesConfig {
  readonly encoderUrls: string[];
  readonly generatorUrls: string[];
  readonly qdrantUrls: string[];

  constructor(env: Env = process.env) {
    const e = loadConfig('services', ServicesEnv, env);
    const split = (v?: string) => (v ? v.split(',').map((u) => u.replace(/\/+$/, '')) : []);
    this.encoderUrls = split(e.ENCODER_URL);
    this.generatorUrls = split(e.GENERATOR_URL);
    this.qdrantUrls = split(e.QDRANT_URL);
  }
}
