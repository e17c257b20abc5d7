import { ConfigValidationError } from './config.error.js';
import type { Env } from './load-config.js';

/**
 * In distributed mode an app that shares state with others cannot fall back to
 * its embedded default (a private SQLite file or an in-process bus nobody else
 * hears), so those variables become required.
 */
export function requireForDistributed(app: string, variables: string[], env: Env = process.env): void {
  const missing = variables.filter((v) => !env[v]);
  if (missing.length === 0) return;
  throw new ConfigValidationError(
    app,
    missing.map((variable) => ({
      variable,
      problem: `is required when ${app} runs alone (distributed mode)`,
    })),
  );
}
