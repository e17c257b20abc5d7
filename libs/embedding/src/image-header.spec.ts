import sharp from 'sharp';
import { readImageHeader } from './image-header.js';

const image = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 40, b: 40, alpha: 0.5 } } });

describe(readImageHeader.name, () => {
  it.each([
    ['png', () => image(301, 17).png()],
    ['jpeg baseline', () => image(640, 479).jpeg()],
    ['jpeg progressive', () => image(33, 1025).jpeg({ progressive: true })],
    ['webp lossy', () => image(112, 113).webp()],
    ['webp lossless', () => image(5000, 3).webp({ lossless: true })],
    ['webp with alpha (VP8X)', () => image(77, 66, 4).webp()],
    ['gif', () => image(120, 90).gif()],
  ])('reads %s as sharp does', async (_name, make) => {
    const bytes = await make().toBuffer();
    const meta = await sharp(bytes).metadata();
    expect(readImageHeader(bytes)).toEqual({ format: meta.format, width: meta.width, height: meta.height });
  });

  it('gives up on anything else, or on a cut-off header', async () => {
    const png = await image(10, 10).png().toBuffer();
    expect(readImageHeader(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(readImageHeader(png.subarray(0, 20))).toBeUndefined();
    expect(readImageHeader(Buffer.from([0xff, 0xd8, 0xff]))).toBeUndefined();
    expect(readImageHeader(Buffer.alloc(0))).toBeUndefined();
  });
});
