import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** One file of the corpus: its bytes, and the type and name a client claims for it. */
export interface HostileImage {
  name: string;
  bytes: Buffer;
  contentType: string;
  filename: string;
}

const pngChunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A `side`×`side` 1-bit greyscale PNG of zeros: about 110 KB on disk, 900
 * million pixels (2.7 GB as RGB) once decoded. Written directly (IHDR, one
 * IDAT, IEND) because asking an encoder to compress 900 million pixels takes
 * longer than the whole abuse run should.
 */
export function pngBomb(side = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  const row = 1 + Math.ceil(side / 8);
  const raw = Buffer.alloc(row * side); // filter byte 0 + zero bits on every row
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG with an extra chunk inserted right after IHDR. */
const withChunk = (png: Buffer, type: string, data: Buffer): Buffer =>
  Buffer.concat([png.subarray(0, 33), pngChunk(type, data), png.subarray(33)]);

/** A JPEG with `count` APP1 (EXIF) segments of 65,533 bytes each after SOI. */
const withApp1 = (jpeg: Buffer, count: number): Buffer => {
  const segment = Buffer.alloc(65_535 + 2, 0x41);
  segment.set([0xff, 0xe1, 0xff, 0xff], 0);
  segment.write('Exif\0\0', 4, 'latin1');
  return Buffer.concat([
    jpeg.subarray(0, 2),
    ...Array.from({ length: count }, () => segment),
    jpeg.subarray(2),
  ]);
};

/** Rewrites the EXIF orientation tag (0x0112) in place, in either byte order. */
function setOrientation(jpeg: Buffer, value: number): void {
  const big = jpeg.indexOf(Buffer.from([0x01, 0x12, 0x00, 0x03]));
  const little = jpeg.indexOf(Buffer.from([0x12, 0x01, 0x03, 0x00]));
  if (big >= 0) jpeg.writeUInt16BE(value, big + 8);
  else if (little >= 0) jpeg.writeUInt16LE(value, little + 8);
  else throw new Error('no EXIF orientation tag to rewrite');
}

const solid = (width: number, height: number, colour = '#c03030') =>
  sharp({ create: { width, height, channels: 3, background: colour } });

/** The corpus, generated in code: nothing is read from disk or the network. */
export async function hostileImages(): Promise<HostileImage[]> {
  const jpeg = await solid(96, 96).jpeg().toBuffer();
  const png = await solid(96, 96, '#3060c0').png().toBuffer();
  const frames = await Promise.all(['#f00', '#0f0', '#00f'].map((c) => solid(48, 48, c).png().toBuffer()));
  const animated = await sharp(frames, { join: { animated: true } })
    .gif({ delay: [100, 100, 100] })
    .toBuffer();
  const gifScreenBomb = Buffer.from(await solid(1, 1).gif().toBuffer());
  gifScreenBomb.writeUInt16LE(65_535, 6); // logical screen 65535×65535 around a 1×1 frame
  gifScreenBomb.writeUInt16LE(65_535, 8);
  const bigExif = await solid(64, 64)
    .jpeg()
    .withExif({ IFD0: { ImageDescription: 'E'.repeat(60_000) } })
    .toBuffer();
  const badOrientation = await solid(64, 32).jpeg().withMetadata({ orientation: 8 }).toBuffer();
  setOrientation(badOrientation, 99);
  const svgBomb = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="30000" height="30000">' +
      '<script>alert(1)</script><image xlink:href="http://127.0.0.1:9/x.png" width="10" height="10"/>' +
      '<rect width="30000" height="30000" fill="red"/></svg>',
  );
  const svgLaughs = Buffer.from(
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>' +
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><text>&d;&d;&d;&d;</text></svg>',
  );
  const jpegHugeFrame = Buffer.from(jpeg);
  const sof = jpegHugeFrame.indexOf(Buffer.from([0xff, 0xc0]));
  jpegHugeFrame.writeUInt16BE(65_500, sof + 5); // height
  jpegHugeFrame.writeUInt16BE(65_500, sof + 7); // width
  const thin = await solid(1, 20_000).png().toBuffer();
  const cmyk = await solid(64, 64).toColourspace('cmyk').jpeg().toBuffer();
  const sixteenBit = await solid(64, 64).toColourspace('rgb16').png().toBuffer();
  const tiff = await solid(64, 64).tiff().toBuffer();
  const html = Buffer.from('<html><body><script>alert(1)</script></body></html>');
  const zipTail = Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000<?php system($_GET["c"]); ?>');
  const badCrc = Buffer.from(png);
  badCrc[29] ^= 0xff; // IHDR CRC
  const zeroWidth = Buffer.from(png);
  zeroWidth.writeUInt32BE(0, 16);

  const item = (name: string, bytes: Buffer, contentType: string, filename: string): HostileImage => ({
    name,
    bytes,
    contentType,
    filename,
  });
  return [
    item('control-jpeg', jpeg, 'image/jpeg', 'ok.jpg'),
    item('control-png', png, 'image/png', 'ok.png'),
    item('zero-byte', Buffer.alloc(0), 'image/jpeg', 'empty.jpg'),
    item('truncated-jpeg', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'image/jpeg', 'half.jpg'),
    item('jpeg-soi-only', jpeg.subarray(0, 4), 'image/jpeg', 'soi.jpg'),
    item('truncated-png', png.subarray(0, Math.floor(png.length / 2)), 'image/png', 'half.png'),
    item('png-header-only', png.subarray(0, 33), 'image/png', 'ihdr.png'),
    item('png-bad-crc', badCrc, 'image/png', 'crc.png'),
    item('png-zero-width', zeroWidth, 'image/png', 'zero.png'),
    item('png-bomb-30000x30000', pngBomb(), 'image/png', 'bomb.png'),
    item('gif-screen-65535x65535', gifScreenBomb, 'image/gif', 'screen.gif'),
    item('png-1x20000', thin, 'image/png', 'thin.png'),
    item('svg-30000x30000-script-href', svgBomb, 'image/svg+xml', 'x.svg'),
    item('svg-as-png', svgBomb, 'image/png', 'x.png'),
    item('svg-entity-expansion', svgLaughs, 'image/svg+xml', 'laughs.svg'),
    item('jpeg-frame-65500x65500', jpegHugeFrame, 'image/jpeg', 'frame.jpg'),
    item('animated-gif', animated, 'image/gif', 'anim.gif'),
    item('png-claimed-jpeg', png, 'image/jpeg', 'really-png.jpg'),
    item('html-claimed-png', html, 'image/png', 'page.png'),
    item('text-claimed-jpeg', Buffer.from('hello, not a photo'), 'image/jpeg', 'hello.jpg'),
    item('jpeg-exif-60kb', bigExif, 'image/jpeg', 'exif.jpg'),
    item('jpeg-exif-100x64kb', withApp1(jpeg, 100), 'image/jpeg', 'exif-huge.jpg'),
    item('png-exif-4mb', withChunk(png, 'eXIf', Buffer.alloc(4 << 20, 0x4d)), 'image/png', 'exif.png'),
    item('png-text-2mb', withChunk(png, 'tEXt', Buffer.alloc(2 << 20, 0x41)), 'image/png', 'text.png'),
    item('jpeg-orientation-99', badOrientation, 'image/jpeg', 'orient.jpg'),
    item('jpeg-cmyk', cmyk, 'image/jpeg', 'cmyk.jpg'),
    item('png-16-bit', sixteenBit, 'image/png', '16.png'),
    item('tiff', tiff, 'image/tiff', 'x.tiff'),
    item(
      'polyglot-gif-js',
      Buffer.concat([Buffer.from('GIF89a/*'), animated.subarray(8), Buffer.from('*/=alert(1);')]),
      'image/gif',
      'poly.gif',
    ),
    item('polyglot-jpeg-zip-php', Buffer.concat([jpeg, zipTail]), 'image/jpeg', 'poly.jpg'),
    item('polyglot-png-html', Buffer.concat([png, html]), 'image/png', 'poly.png'),
    item(
      'random-bytes',
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2_654_435_761) >>> 24)),
      'image/webp',
      'noise.webp',
    ),
  ];
}
