import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** A message that no retry can fix: it goes to the dead-letter topic with this reason. */
export class InvalidMessageError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidMessageError';
  }
}

const paths = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [`${field}: ${Object.values(e.constraints).join(', ')}`] : [];
    return [...own, ...paths(e.children ?? [], field)];
  });

/** Parses and validates a message value against its versioned contract class. */
export function parseMessage<T extends object>(cls: new () => T, value: string): T {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new InvalidMessageError('value is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidMessageError('value is not a JSON object');
  }
  const instance = plainToInstance(cls, json);
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new InvalidMessageError(paths(errors).join('; '));
  return instance;
}
