import fc from 'fast-check';
import { hostileText } from './hostile-values.js';
import type { AbuseRequest } from './recorder.js';

export interface RegisteredRoute {
  method: string;
  path: string;
}

/**
 * Every route the server registered, read from Fastify's `printRoutes({
 * commonPrefix: false })` tree: each line is a path piece under its parent,
 * with its methods in brackets.
 */
export function parseRouteTree(tree: string): RegisteredRoute[] {
  const stack: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?) \(([A-Z, ]+)\)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!match) continue;
    const depth = [...match[1]].length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2];
    stack[depth] = path;
    for (const method of match[3].split(',').map((m) => m.trim())) routes.push({ method, path });
  }
  return routes;
}

/** `/v1/products/:id` as the OpenAPI document writes it: `/v1/products/{id}`. */
export const asTemplate = (path: string): string => path.replace(/:([A-Za-z_]+)/g, '{$1}');

const encode = (value: string): string =>
  [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const TRAVERSALS = [
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e/%2e%2e/package.json',
  '..%5c..%5cpackage.json',
  '....//....//etc/passwd',
  '%00.js',
  'app.js%00.png',
  '.env',
  '~',
  'a'.repeat(5000),
];

/**
 * Requests for routes the OpenAPI document leaves out (web pages, their
 * assets, Swagger UI): their path parameters and wildcards filled with
 * traversal attempts and hostile text, plus methods no route takes.
 */
export function undocumentedRequests(
  routes: RegisteredRoute[],
  documented: Set<string>,
  runs: number,
  seed: number,
): AbuseRequest[] {
  const out: AbuseRequest[] = [];
  const piece = fc.oneof(
    fc.constantFrom(...TRAVERSALS),
    hostileText.map(encode),
    fc.constantFrom('app.js', 'styles.css', 'index.html', 'config.json'),
  );
  for (const route of routes) {
    if (route.method === 'HEAD' || documented.has(`${route.method} ${asTemplate(route.path)}`)) continue;
    const dynamic = /[:*]/.test(route.path);
    const values = dynamic ? fc.sample(piece, { numRuns: runs, seed }) : [''];
    for (const value of values) {
      const path = route.path.replace(/:[A-Za-z_]+|\*/g, () => value);
      out.push({
        label: `${route.method} ${route.path}`,
        method: route.method,
        path: `${path}?id=${encode(value || 'x')}`,
      });
    }
  }
  for (const method of ['PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) {
    for (const path of ['/v1/search', '/v1/products/x', '/health'])
      out.push({ label: `${method} (no route)`, method, path });
  }
  return out;
}
