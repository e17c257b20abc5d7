/**
 * The device sync wire format (`GET /v1/albums/sync`), shared by the server's
 * DTOs and this client. See README, "Photo albums and device sync".
 */
import type { SyncCodebook } from './codebook.js';

export interface SyncModel {
  id: string;
  version: string;
  dim: number;
  /** The version of the codebook the vectors are quantized with (see `SyncPage.codebook`). */
  codebook: string;
}

export interface SyncUpsert {
  id: number;
  /** The change sequence number of this version of the photo. */
  seq: number;
  /** The number of the photo's centroid in the codebook. */
  centroid: number;
  /** Base64 of `dim` int8 values; centroid + value × scale ≈ the unit image vector. */
  vector: string;
  scale: number;
  /**
   * Added to the query·photo score when ranking: the server's hubness
   * correction (CSLS) of this photo under the model, ≤ 0. Absent (an older
   * server): 0.
   */
  bias?: number;
  width: number;
  height: number;
  content_type: string;
  sha256: string;
  taken_at: string | null;
  created_at: string;
}

export interface SyncDelete {
  id: number;
  seq: number;
}

export interface SyncPage {
  model: SyncModel;
  /** Drop everything held locally before applying this page (first sync, or the model changed). */
  reset: boolean;
  /** Sent with every reset page: the centroids the vectors are residuals from. */
  codebook?: SyncCodebook;
  upserts: SyncUpsert[];
  deletes: SyncDelete[];
  /** Pass as `cursor` next time; opaque, signed, bound to the user and model. */
  next_cursor: string;
  /** More changes wait now: ask again at once. */
  has_more: boolean;
}
