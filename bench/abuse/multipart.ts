/** One part of a multipart/form-data body: a text field or a file. */
export interface Part {
  name: string;
  text?: string;
  file?: Buffer;
  filename?: string;
  contentType?: string;
}

const BOUNDARY = 'abuse-boundary-7MA4YWxk';

/**
 * A multipart/form-data body written by hand, so that it can also be broken
 * on purpose: no boundary in the header, or no closing delimiter.
 */
export function multipartBody(
  parts: Part[],
  shape: 'ok' | 'no-boundary' | 'unterminated' = 'ok',
): { headers: Record<string, string>; payload: Buffer } {
  const pieces = parts.flatMap((p) => {
    const file = p.file
      ? `; filename="${p.filename ?? 'photo.jpg'}"\r\ncontent-type: ${p.contentType ?? 'image/jpeg'}`
      : '';
    return [
      Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${p.name}"${file}\r\n\r\n`),
      p.file ?? Buffer.from(p.text ?? ''),
      Buffer.from('\r\n'),
    ];
  });
  if (shape !== 'unterminated') pieces.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  const type = shape === 'no-boundary' ? 'multipart/form-data' : `multipart/form-data; boundary=${BOUNDARY}`;
  return { headers: { 'content-type': type }, payload: Buffer.concat(pieces) };
}
