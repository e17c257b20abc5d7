import fc from 'fast-check';
import { hostileValue } from './hostile-values.js';

/** A JSON-schema node of the OpenAPI document (loosely typed: we only read it). */
export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

/** What a valid-shaped value may refer to: ids that exist, a real photo. */
export interface Known {
  productIds: string[];
  imageIds: string[];
  base64Photo: string;
}

/**
 * fast-check arbitraries for the schemas of one OpenAPI document: values of
 * the documented shape, each field now and then replaced by a hostile value,
 * a required field dropped or an unknown one added.
 */
export class SchemaValues {
  constructor(
    private readonly components: Record<string, Schema>,
    private readonly known: Known,
  ) {}

  resolve(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; s.$ref && i < 20; i++) s = this.components[s.$ref.split('/').pop() ?? ''] ?? {};
    if (s.allOf?.length) return this.resolve(s.allOf[0]);
    return s;
  }

  /** A field's value: mostly of its documented shape, sometimes hostile. */
  field(schema: Schema, name: string, depth = 0): fc.Arbitrary<unknown> {
    return fc.oneof(
      { weight: 5, arbitrary: this.valid(schema, name, depth) },
      { weight: 1, arbitrary: hostileValue },
    );
  }

  /** A value of the documented shape (within its documented bounds, mostly). */
  valid(schema: Schema, name: string, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const choices = s.oneOf ?? s.anyOf;
    if (choices?.length) return fc.oneof(...choices.map((c) => this.valid(c, name, depth)));
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    if (s.type === 'object' || s.properties) return this.object(s, depth);
    if (s.type === 'array') {
      const max = Math.min(s.maxItems ?? 4, 4);
      const min = Math.min(s.minItems ?? 0, max);
      return fc.array(this.valid(s.items ?? {}, name, depth + 1), { minLength: min, maxLength: max });
    }
    if (s.type === 'number' || s.type === 'integer') {
      const min = s.minimum ?? -1000;
      const max = s.maximum ?? 1000;
      return s.type === 'integer'
        ? fc.integer({ min, max })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    if (s.type === 'boolean') return fc.boolean();
    return this.text(s, name);
  }

  private object(s: Schema, depth: number): fc.Arbitrary<unknown> {
    const props = s.properties ?? {};
    if (depth > 4) return fc.constant({});
    const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, this.field(v, k, depth + 1)]));
    const required = (s.required ?? []).filter((k) => k in props);
    const complete = fc.record(model, { requiredKeys: required });
    return fc.oneof(
      { weight: 6, arbitrary: complete },
      { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(complete, fc.string({ minLength: 1, maxLength: 12 }), hostileValue)
          .map(([o, k, v]) => ({ ...(o as object), [k]: v })),
      },
    );
  }

  private text(s: Schema, name: string): fc.Arbitrary<unknown> {
    const key = name.toLowerCase();
    if (s.format === 'binary' || key === 'image' || key === 'images')
      return fc.constant(this.known.base64Photo);
    if (s.format === 'date-time' || key.endsWith('_at'))
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    if (key === 'id' || key.endsWith('_id')) return fc.constantFrom(...this.known.productIds);
    const max = Math.min(s.maxLength ?? 60, 60);
    const min = Math.min(s.minLength ?? 0, max);
    const words = fc.string({ unit: 'grapheme', minLength: min, maxLength: max });
    return s.example !== undefined && typeof s.example === 'string'
      ? fc.oneof(fc.constant(s.example), words)
      : words;
  }
}
