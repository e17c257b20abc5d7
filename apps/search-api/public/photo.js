// The shopper's search photo: read from a drop, a paste or the file input,
// scaled down in the browser when large (the encoder looks at a few hundred
// pixels at most, and a phone photo would be megabytes of upload), and kept
// in sessionStorage so the back button can bring a photo search back.
/* global FileReader, createImageBitmap, document, sessionStorage */

const MAX_SIDE = 1024;
const MAX_BYTES = 8 * 1024 * 1024;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
const STORAGE_KEY = 'shoplens.photo';

const readAsDataUrl = (blob) =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the photo.'));
    reader.readAsDataURL(blob);
  });

async function scaledDown(file) {
  const bitmap = await createImageBitmap(file).catch(() => undefined);
  if (!bitmap) throw new Error('That file could not be read as an image.');
  const side = Math.max(bitmap.width, bitmap.height);
  if (side <= MAX_SIDE && file.size <= MAX_BYTES) {
    bitmap.close();
    return file;
  }
  const scale = Math.min(1, MAX_SIDE / side);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('Could not shrink the photo.'))),
      'image/jpeg',
      0.9,
    ),
  );
}

/** A photo as the search API takes it: `base64` without the data: prefix, plus a data: URL to preview it. */
export async function readPhoto(file) {
  if (!ACCEPTED.includes(file.type)) throw new Error('Please use a JPEG, PNG, WebP or GIF photo.');
  const blob = await scaledDown(file);
  const dataUrl = await readAsDataUrl(blob);
  return { name: file.name || 'pasted photo', dataUrl, base64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
}

/** The first image among dropped or pasted files, if any. */
export const firstImage = (files) => [...(files ?? [])].find((f) => f.type.startsWith('image/'));

export function rememberPhoto(photo) {
  try {
    if (photo) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(photo));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // A full or disabled storage only costs the back button its photo.
  }
}

export function recalledPhoto() {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    return stored ? JSON.parse(stored) : undefined;
  } catch {
    return undefined;
  }
}
