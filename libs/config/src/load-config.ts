import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigValidationError, type ConfigProblem } from './config.error.js';

export type Env = Record<string, string | undefined>;

/**
 * Validates the environment against an env class whose property names are the
 * variable names (immich's env.dto style). Empty strings count as unset, so a
 * `FOO=` line in a compose file falls back to the default instead of failing.
 */
export function loadConfig<T extends object>(namespace: string, cls: new () => T, env: Env = process.env): T {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const instance = plainToInstance(cls, raw, { excludeExtraneousValues: false });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(namespace, errors.map(toProblem));
  return instance;
}

function toProblem(error: ValidationError): ConfigProblem {
  const messages = Object.values(error.constraints ?? {});
  return { variable: error.property, problem: messages.join(', ') || 'invalid' };
}
