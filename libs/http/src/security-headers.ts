import type { FastifyInstance } from 'fastify';

/**
 * Sent with every response, pages and JSON alike: no MIME sniffing (a photo
 * served as image/png is never run as a script), no framing (clickjacking),
 * no referrer outside the origin, and a browsing context of our own.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Adds SECURITY_HEADERS to every response that does not set its own value. */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) void reply.header(name, value);
    }
    done(null, payload);
  });
}

/** Sources a page may add to the strict base policy, per directive. */
export interface PolicyAdditions {
  script?: string[];
  worker?: string[];
  connect?: string[];
}

/**
 * The Content-Security-Policy of our pages: everything from this origin only,
 * no inline script or style, photos the shopper drops shown as blob:/data:
 * URLs; a page adds what it needs (the album page: WebAssembly and workers).
 */
export function contentSecurityPolicy(add: PolicyAdditions = {}): string {
  const list = (base: string, extra: string[] = []) => [base, ...extra].join(' ');
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    `script-src ${list("'self'", add.script)}`,
    ...(add.worker ? [`worker-src ${list("'self'", add.worker)}`] : []),
    "style-src 'self'",
    `connect-src ${list("'self'", add.connect)}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
