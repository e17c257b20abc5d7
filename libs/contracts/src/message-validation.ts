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

/** Deeper than any contract goes; class-transformer recurses per level and overflows the stack near 2,000. */
export const MAX_MESSAGE_DEPTH = 32;

/** Whether `value` nests objects or arrays deeper than `max` levels (walked with its own stack). */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

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
  // Without this a deeply nested value overflows the stack in class-transformer: a RangeError that
  // no retry fixes and that is no InvalidMessageError, so it would stop the consumer instead of
  // going to the dead-letter topic.
  if (nestsDeeperThan(json, MAX_MESSAGE_DEPTH)) {
    throw new InvalidMessageError(`value is nested deeper than ${MAX_MESSAGE_DEPTH} levels`);
  }
  const instance = plainToInstance(cls, json);
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new InvalidMessageError(paths(errors).join('; '));
  return instance;
}
