import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { repoRoot } from '#demo-catalog';

export interface WebAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Only plain lower-case names with a known extension are ever served: no
 * slashes, no dots but the extension's, so a request cannot leave the folder.
 */
export const ASSET_NAME = /^[a-z][a-z0-9-]{0,63}\.(html|js|css|svg|png|ico)$/;

/** The shopper pages' folder, found from the repository root (works from dist/ too), never from input. */
export const publicDir = (): string => join(repoRoot(), 'apps/search-api/public');

/**
 * The files of apps/search-api/public, read once at boot: a handful of small
 * files, so memory is cheaper than a disk read per request, and the set of
 * servable names is fixed before any request arrives.
 */
export class WebAssets {
  private readonly files = new Map<string, WebAsset>();

  constructor(dir = publicDir()) {
    for (const name of readdirSync(dir)) {
      if (!ASSET_NAME.test(name)) continue;
      const body = readFileSync(join(dir, name));
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
      this.files.set(name, { body, contentType: CONTENT_TYPES[extname(name)], etag: `"${hash}"` });
    }
  }

  /** The asset named `name`, or undefined for anything not in the folder's whitelist. */
  get(name: string): WebAsset | undefined {
    return ASSET_NAME.test(name) ? this.files.get(name) : undefined;
  }
}
