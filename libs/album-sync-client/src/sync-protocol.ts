/**
 * The device sync wire format (`GET /v1/albums/sync`), shared by the server's
 * DTOs and this client. See README, "Photo albums and device sync".
 */
export interface SyncModel {
  id: string;
  version: string;
  dim: number;
}

export interface SyncUpsert {
  id: number;
  /** The change sequence number of this version of the photo. */
  seq: number;
  /** Base64 of `dim` int8 values; value × scale ≈ the unit image vector. */
  vector: string;
  scale: number;
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
  upserts: SyncUpsert[];
  deletes: SyncDelete[];
  /** Pass as `cursor` next time; opaque, signed, bound to the user and model. */
  next_cursor: string;
  /** More changes wait now: ask again at once. */
  has_more: boolean;
}
