import fc from 'fast-check';
import { hostileText } from './hostile-values.js';
import { multipartBody, type Part } from './multipart.js';
import { SchemaValues, type Known, type Schema } from './openapi-values.js';
import type { AbuseRequest } from './recorder.js';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Route {
  method: string;
  template: string;
  operation: Operation;
}

/** Every documented route and method. */
export const routesOf = (doc: OpenApiDocument): Route[] =>
  Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      operation,
    })),
  );

export interface Credentials {
  adminKey: string;
  userToken: string;
}

/** Percent-encodes every UTF-8 byte outside the unreserved set (a lone surrogate becomes U+FFFD). */
const encode = (value: string): string =>
  [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

/** Raw path and query pieces that are not valid percent-encoding or UTF-8. */
const RAW = [
  '%',
  '%zz',
  '%ED%A0%80',
  '%C0%AF',
  '%FF%FE',
  '%00',
  '..',
  '.',
  '%2e%2e%2f%2e%2e%2f',
  'a%2Fb',
  ';x=1',
];

/** Request arbitraries generated from the OpenAPI document. */
export class OpenApiFuzzer {
  private readonly values: SchemaValues;

  constructor(
    doc: OpenApiDocument,
    private readonly known: Known,
    private readonly credentials: Credentials,
  ) {
    this.values = new SchemaValues(doc.components?.schemas ?? {}, known);
  }

  request(route: Route): fc.Arbitrary<AbuseRequest> {
    const params = route.operation.parameters ?? [];
    return fc
      .record({
        path: this.path(
          route.template,
          params.filter((p) => p.in === 'path'),
        ),
        query: this.query(params.filter((p) => p.in === 'query')),
        auth: this.authorization(),
        accept: fc.constantFrom(undefined, 'application/json', 'text/event-stream', '*/*', 'application/xml'),
        body: this.body(route),
      })
      .map(({ path, query, auth, accept, body }) => {
        const headers: Record<string, string> = { ...(body?.headers ?? {}) };
        if (auth !== undefined) headers.authorization = auth;
        if (accept !== undefined) headers.accept = accept;
        return {
          label: `${route.method} ${route.template}`,
          method: route.method,
          path: query ? `${path}?${query}` : path,
          headers,
          body: body?.payload,
        };
      });
  }

  private path(template: string, params: Parameter[]): fc.Arbitrary<string> {
    const pieces = params.map((p) => {
      const known = p.name.toLowerCase().includes('image') ? this.known.imageIds : this.known.productIds;
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...known, '1', '2').map(encode) },
        { weight: 1, arbitrary: fc.integer({ min: -2, max: 2 ** 53 }).map(String) },
        { weight: 2, arbitrary: hostileText.map(encode) },
        { weight: 1, arbitrary: fc.constantFrom(...RAW) },
      );
    });
    return fc.tuple(...pieces).map((values) => {
      let i = 0;
      return template.replace(/\{[^}]+\}/g, () => values[i++] ?? 'x');
    });
  }

  private query(params: Parameter[]): fc.Arbitrary<string> {
    const one = (p: Parameter) =>
      fc.option(
        fc.oneof(
          { weight: 3, arbitrary: this.values.valid(p.schema ?? {}, p.name).map((v) => [encode(String(v))]) },
          { weight: 2, arbitrary: fc.array(hostileText.map(encode), { minLength: 1, maxLength: 3 }) },
          { weight: 1, arbitrary: fc.constantFrom(...RAW).map((r) => [r]) },
        ),
        { freq: 2 },
      );
    const extra = fc.option(
      fc.constantFrom('unknown=1', '__proto__[admin]=1', 'a[b][c]=d', '&&&', '=', RAW[0]),
      { freq: 4 },
    );
    return fc
      .tuple(fc.tuple(...params.map(one)), extra)
      .map(([values, more]) =>
        [
          ...params.flatMap((p, i) => (values[i] ?? []).map((v) => `${encode(p.name)}=${v}`)),
          ...(more === null ? [] : [more]),
        ].join('&'),
      );
  }

  private authorization(): fc.Arbitrary<string | undefined> {
    const { adminKey, userToken } = this.credentials;
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(`Bearer ${adminKey}`, `Bearer ${userToken}`) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'Bearer nope',
          'Basic YWRtaW46YWRtaW4=',
          `bearer ${adminKey}`,
          `Bearer  ${adminKey} `,
          `Bearer ${adminKey.slice(0, -1)}`,
          `Bearer ${'x'.repeat(8000)}`,
          'Bearer',
          'Bearer \u00ff\u00fe',
        ),
      },
    );
  }

  private body(
    route: Route,
  ): fc.Arbitrary<{ headers: Record<string, string>; payload: string | Buffer } | undefined> {
    const content = route.operation.requestBody?.content ?? {};
    const options: fc.Arbitrary<{ headers: Record<string, string>; payload: string | Buffer } | undefined>[] =
      [];
    const json = content['application/json']?.schema;
    if (json) {
      const value = this.values.field(json, 'body');
      options.push(
        value.map((v) => ({
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(v) ?? 'null',
        })),
      );
      options.push(
        fc
          .tuple(
            value,
            fc.constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/xml',
              'application/json; charset=utf-16',
              'multipart/form-data',
              'image/png',
            ),
          )
          .map(([v, type]) => ({ headers: { 'content-type': type }, payload: JSON.stringify(v) ?? '' })),
      );
    }
    const form = content['multipart/form-data']?.schema;
    if (form) options.push(this.multipart(form));
    options.push(
      fc
        .constantFrom(
          '{',
          '{"a":',
          '[]',
          '"text"',
          'null',
          '1e999',
          '{"q":"\\ud800"}',
          '\ufeff{}',
          '\u0000',
          '{"a":1,"a":2}',
          '',
        )
        .map((payload) => ({ headers: { 'content-type': 'application/json' }, payload })),
    );
    if (!json && !form) options.unshift(fc.constant(undefined));
    return fc.oneof(...options);
  }

  private multipart(schema: Schema): fc.Arbitrary<{ headers: Record<string, string>; payload: Buffer }> {
    const top = this.values.resolve(schema);
    const shapes = (top.oneOf ?? top.anyOf ?? [top]).map((alt) =>
      this.multipartShape(this.values.resolve(alt)),
    );
    return fc.oneof(...shapes);
  }

  private multipartShape(s: Schema): fc.Arbitrary<{ headers: Record<string, string>; payload: Buffer }> {
    const fields = Object.entries(s.properties ?? {});
    const photo = Buffer.from(this.known.base64Photo, 'base64');
    const isFile = (prop: Schema) => {
      const r = this.values.resolve(prop);
      return r.format === 'binary' || this.values.resolve(r.items ?? {}).format === 'binary';
    };
    const parts = fields.map(([name, prop]) =>
      fc.option(
        isFile(prop)
          ? fc.constant<Part>({ name, file: photo })
          : fc
              .oneof(
                this.values.valid(prop, name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
                hostileText,
              )
              .map((text): Part => ({ name, text })),
        { freq: 5 },
      ),
    );
    return fc
      .tuple(fc.tuple(...parts), fc.constantFrom('ok', 'no-boundary', 'unterminated', 'duplicate-files'))
      .map(([chosen, shape]) => {
        const present = chosen.filter((p) => p !== null);
        if (shape === 'duplicate-files') return multipartBody([...present, ...present.filter((p) => p.file)]);
        return multipartBody(present, shape);
      });
  }
}
