import { createHash } from 'node:crypto';

// A fixed namespace, so the same string id maps to the same Qdrant id in every process.
const NAMESPACE = Buffer.from('6f1b0c3e8a2d4b7f9c5e1a3d7b9f2c4e', 'hex');

/**
 * Qdrant point ids are unsigned integers or UUIDs; ours are strings. The
 * name-based UUID (RFC 9562 version 5: SHA-1 of namespace + name) is stable
 * and collision-free in practice; the original id travels in the payload.
 */
export function qdrantPointId(id: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(id, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Payload keys the adapter owns: the original id and the point version. */
export const ID_KEY = '__id';
export const VERSION_KEY = '__version';
