import {
  UnprocessableEntityException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';

/** Deeper than any DTO goes; class-transformer recurses per level and overflows the stack near 2,000. */
export const MAX_INPUT_DEPTH = 32;

/**
 * The dotted path of the first value nested deeper than `max` levels, or
 * undefined. Walks with its own stack, so the check itself cannot overflow.
 */
export function tooDeep(value: unknown, max = MAX_INPUT_DEPTH): string | undefined {
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: value, path: '', depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.node !== 'object' || item.node === null) continue;
    if (item.depth >= max) return item.path || '(body)';
    for (const [key, child] of Object.entries(item.node)) {
      stack.push({ node: child, path: item.path ? `${item.path}.${key}` : key, depth: item.depth + 1 });
    }
  }
  return undefined;
}

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens nested class-validator errors to dotted field paths (`filters.price.gte`). */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Refuses input nested deeper than MAX_INPUT_DEPTH with a 422 naming the
 * field, before class-transformer and class-validator (both recursive) see it.
 */
class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const field = tooDeep(value);
    if (field !== undefined) {
      const problem = `is nested deeper than ${MAX_INPUT_DEPTH} levels`;
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: `Invalid field: ${field}`,
        errors: [{ field, problems: [problem] }],
      });
    }
    return super.transform(value, metadata);
  }
}

/** Global validation: unknown fields are rejected, payloads are transformed into DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: `Invalid field${fields.length > 1 ? 's' : ''}: ${fields.map((f) => f.field).join(', ')}`,
        errors: fields,
      });
    },
  });
}
