import type Database from 'better-sqlite3';

/**
 * One SQLite file holds every collection: the alias switch and the collection
 * catalogue then change in one transaction, and one WAL serves all writes.
 * `points.key` is the HNSW label; AUTOINCREMENT keeps a deleted point's label
 * from ever naming another point. `payload_values` flattens indexed fields
 * (one row per array element) so a filter is a handful of indexed lookups.
 * `revision` counts committed writes per collection; an HNSW file records the
 * revision it reflects, which is how a stale file is told from a fresh one.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS collections (
  name TEXT PRIMARY KEY,
  spec TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS aliases (
  alias TEXT PRIMARY KEY,
  collection TEXT NOT NULL REFERENCES collections(name) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS points (
  key INTEGER PRIMARY KEY AUTOINCREMENT,
  collection TEXT NOT NULL REFERENCES collections(name) ON DELETE CASCADE,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  payload TEXT NOT NULL,
  UNIQUE (collection, id)
);
CREATE TABLE IF NOT EXISTS vectors (
  key INTEGER NOT NULL REFERENCES points(key) ON DELETE CASCADE,
  name TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (key, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS payload_values (
  key INTEGER NOT NULL REFERENCES points(key) ON DELETE CASCADE,
  field TEXT NOT NULL,
  num REAL,
  txt TEXT
);
CREATE INDEX IF NOT EXISTS payload_values_txt ON payload_values (field, txt, key);
CREATE INDEX IF NOT EXISTS payload_values_num ON payload_values (field, num, key);
CREATE INDEX IF NOT EXISTS payload_values_key ON payload_values (key);
CREATE TABLE IF NOT EXISTS index_files (
  collection TEXT NOT NULL REFERENCES collections(name) ON DELETE CASCADE,
  vector TEXT NOT NULL,
  revision INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (collection, vector)
);
`;

export function applySchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode loses at most the last commits on power loss, never consistency.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
}
