import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '#demo-catalog';

export interface AlbumAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  wasm: 'application/wasm',
  onnx: 'application/octet-stream',
};

/** The SDK modules a browser needs (the Node file store stays out). */
const SDK_MODULES = [
  'int8',
  'codebook',
  'sync-protocol',
  'local-index',
  'index-store',
  'indexeddb.store',
  'album-sync.client',
  'on-device-encoder',
];
const VENDOR = [
  'transformers.min.js',
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
];
/** What transformers.js fetches to run the text and vision towers in the browser. */
export const MODEL_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'preprocessor_config.json',
  'onnx/text_model.onnx',
  'onnx/vision_model.onnx',
];

/**
 * The /album page's files, each from a fixed list of names resolved at the
 * server, never a path from the request: the page and its script from
 * apps/search-api/public, the sync SDK (TypeScript sources compiled on first
 * request where the compiler is installed, else the build's JavaScript),
 * transformers.js and its ONNX runtime from node_modules, and the model.
 */
export class AlbumAssets {
  private readonly cache = new Map<string, Promise<AlbumAsset | undefined>>();

  constructor(private readonly modelDir: string) {}

  page(name: 'album.html' | 'album.js' | 'album.css'): Promise<AlbumAsset | undefined> {
    return this.cached(`public/${name}`, () => readFile(join(repoRoot(), 'apps/search-api/public', name)));
  }

  sdk(file: string): Promise<AlbumAsset | undefined> {
    const name = file.replace(/\.js$/, '');
    if (!SDK_MODULES.includes(name)) return Promise.resolve(undefined);
    return this.cached(`sdk/${name}.js`, () => this.compileSdk(name));
  }

  vendor(file: string): Promise<AlbumAsset | undefined> {
    if (!VENDOR.includes(file)) return Promise.resolve(undefined);
    const modules = join(repoRoot(), 'node_modules');
    const dir = file.startsWith('transformers')
      ? join(modules, '@huggingface/transformers/dist')
      : join(modules, 'onnxruntime-web/dist');
    return this.cached(`vendor/${file}`, () => readFile(join(dir, file)));
  }

  model(path: string): Promise<AlbumAsset | undefined> {
    if (!MODEL_FILES.includes(path)) return Promise.resolve(undefined);
    return this.cached(`model/${path}`, () => readFile(join(this.modelDir, path)));
  }

  private cached(key: string, read: () => Promise<Buffer | string>): Promise<AlbumAsset | undefined> {
    let asset = this.cache.get(key);
    if (!asset) {
      asset = read().then(
        (content) => {
          const body = Buffer.from(content);
          const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
          return { body, etag, contentType: TYPES[key.split('.').pop()!] ?? 'application/octet-stream' };
        },
        () => undefined,
      );
      this.cache.set(key, asset);
    }
    return asset;
  }

  private async compileSdk(name: string): Promise<string> {
    const source = join(repoRoot(), 'libs/album-sync-client/src', `${name}.ts`);
    const built = join(repoRoot(), 'dist/libs/album-sync-client/src', `${name}.js`);
    try {
      const ts = (await import('typescript')).default;
      const { outputText } = ts.transpileModule(await readFile(source, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      });
      return outputText;
    } catch (error) {
      if (existsSync(built)) return readFile(built, 'utf8');
      throw error;
    }
  }
}
