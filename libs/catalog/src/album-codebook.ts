import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Codebook, type SyncCodebook } from '#album-sync-client';
import { locateModel, type ModelInfo } from '#embedding';

export const CODEBOOK_FORMAT = 'shoplens-album-codebook/1';
export const CODEBOOK_FILE = 'album-codebook.json';

/** What `npm run fit:album-codebook` writes next to the encoder's model files. */
export interface AlbumCodebookFile {
  format: typeof CODEBOOK_FORMAT;
  /** The encoder model the centroids were fitted on: a codebook never quantizes another model's vectors. */
  model: { id: string; version: string; dim: number };
  codebook: SyncCodebook;
  fitted: { at: string; photos: number; split: string; iterations: number; seed: number };
}

/** Where the codebook for the configured encoder lives: beside a local model's files (hub models have none). */
export function albumCodebookPath(encoderModel: string, repoRoot: string): string | undefined {
  const location = locateModel(encoderModel, repoRoot);
  return location.kind === 'local' ? join(location.dir, CODEBOOK_FILE) : undefined;
}

/**
 * The codebook album vectors of `model` are quantized with: the fitted one
 * beside the model files, or plain int8 (one zero centroid) when there is
 * none for this model version.
 */
export function loadAlbumCodebook(path: string | undefined, model: ModelInfo): Codebook {
  if (!path || !existsSync(path)) return Codebook.plain(model.dim);
  const file = JSON.parse(readFileSync(path, 'utf8')) as AlbumCodebookFile;
  if (file.format !== CODEBOOK_FORMAT) throw new Error(`${path}: not a ${CODEBOOK_FORMAT} file`);
  if (file.model.id !== model.id || file.model.version !== model.version || file.model.dim !== model.dim)
    return Codebook.plain(model.dim);
  return Codebook.fromWire(file.codebook);
}

/** The codebook of the encoder's current model, read once per model version. */
export class AlbumCodebooks {
  private current?: { version: string; codebook: Codebook };

  constructor(
    private readonly encoderModel: string,
    private readonly repoRoot: string,
  ) {}

  for(model: ModelInfo): Codebook {
    if (this.current?.version !== model.version)
      this.current = {
        version: model.version,
        codebook: loadAlbumCodebook(albumCodebookPath(this.encoderModel, this.repoRoot), model),
      };
    return this.current.codebook;
  }
}
