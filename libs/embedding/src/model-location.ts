import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';

export type ModelLocation =
  { kind: 'local'; dir: string; id: string } | { kind: 'hub'; id: string; revision: string };

/**
 * A model name is a local folder when one exists at that path (relative to the
 * working directory, then to the repository root); otherwise a hub id such as
 * `Xenova/clip-vit-base-patch32`.
 */
export function locateModel(name: string, repoRoot: string): ModelLocation {
  const candidates = isAbsolute(name) ? [name] : [resolve(name), join(repoRoot, name)];
  const dir = candidates.find((c) => existsSync(join(c, 'config.json')));
  if (dir) return { kind: 'local', dir, id: basename(dir) };
  const [id, revision = 'main'] = name.split('@');
  return { kind: 'hub', id, revision };
}

/** A short content hash of the files that determine the model's outputs. */
export function contentVersion(dir: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    const path = join(dir, file);
    if (existsSync(path)) hash.update(file).update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 12);
}
