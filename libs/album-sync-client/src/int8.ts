/**
 * Int8 vectors as the sync protocol carries them: one scale per vector
 * (max |x| / 127), values rounded to the nearest step. A unit vector of
 * dimension d costs d bytes instead of 4d, and ranking by the dot product
 * of the float32 query with the int8 values, times the vector's scale, keeps
 * nearly the float32 order (see bench:album).
 */
export interface Int8Vector {
  values: Int8Array;
  scale: number;
}

export function quantizeInt8(vector: ArrayLike<number>): Int8Vector {
  let max = 0;
  for (let i = 0; i < vector.length; i++) max = Math.max(max, Math.abs(vector[i]));
  const scale = max > 0 ? max / 127 : 1;
  const values = new Int8Array(vector.length);
  for (let i = 0; i < vector.length; i++) values[i] = Math.round(vector[i] / scale);
  return { values, scale };
}

export function dequantizeInt8({ values, scale }: Int8Vector): Float32Array {
  return Float32Array.from(values, (v) => v * scale);
}

/** Sum of products of int8 `a[aOffset..aOffset+dim)` and a float32 query `q[0..dim)`. */
export function int8QueryDot(a: Int8Array, aOffset: number, q: Float32Array, dim: number): number {
  let sum = 0;
  for (let i = 0; i < dim; i++) sum += a[aOffset + i] * q[i];
  return sum;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 with padding; the same in Node and in browsers (no Buffer, no atob). */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = LOOKUP[clean.charCodeAt(i)] ?? -1;
    if (v < 0) throw new Error(`not base64: character ${JSON.stringify(clean[i])} at ${i}`);
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** The wire form of an int8 vector: base64 of its bytes (two's complement). */
export const int8ToBase64 = (values: Int8Array): string =>
  encodeBase64(new Uint8Array(values.buffer, values.byteOffset, values.length));

export function int8FromBase64(text: string, dim?: number): Int8Array {
  const bytes = decodeBase64(text);
  if (dim !== undefined && bytes.length !== dim)
    throw new Error(`vector has ${bytes.length} values, expected ${dim}`);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
