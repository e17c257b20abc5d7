/** One problem with one environment variable, as shown to the operator at boot. */
export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Thrown at boot when configuration is missing or malformed; the message names every variable at fault. */
export class ConfigValidationError extends Error {
  constructor(
    readonly namespace: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `Invalid configuration (${namespace}): ` +
        problems.map((p) => `${p.variable}: ${p.problem}`).join('; '),
    );
    this.name = 'ConfigValidationError';
  }
}
