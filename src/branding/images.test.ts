import { describe, expect, it } from 'vitest';
import { declaredFormat, inspectImage } from './images.js';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('image inspection by content', () => {
  it('reads JPEG dimensions from the frame header, after other segments', () => {
    const app0 = [
      0xff,
      0xe0,
      0x00,
      0x10,
      ...'JFIF\0'.split('').map((c) => c.charCodeAt(0)),
      ...Array(9).fill(0),
    ];
    const sof2 = [0xff, 0xc2, 0x00, 0x11, 0x08, 0x01, 0x68, 0x04, 0xb0, ...Array(12).fill(0)];
    const jpeg = bytes([0xff, 0xd8], app0, sof2, [0xff, 0xd9]);
    expect(inspectImage(jpeg)).toEqual({
      format: 'jpeg',
      contentType: 'image/jpeg',
      width: 1200,
      height: 360,
    });
    // The scan before any frame header: not an image we can size.
    expect(inspectImage(bytes([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeUndefined();
  });

  it('reads the three WebP flavours', () => {
    const riff = (chunk: string, body: number[]) =>
      bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunk, [0, 0, 0, 0], body, Array(16).fill(0));
    // VP8: frame tag (3), start code, 14-bit width/height.
    expect(inspectImage(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00]))).toMatchObject({
      format: 'webp',
      width: 320,
      height: 240,
    });
    // VP8L: signature, then (width-1) and (height-1) in 14 bits each.
    const packed = (100 - 1) | ((50 - 1) << 14);
    expect(
      inspectImage(
        riff('VP8L', [0x2f, packed & 0xff, (packed >> 8) & 0xff, (packed >> 16) & 0xff, packed >>> 24]),
      ),
    ).toMatchObject({ width: 100, height: 50 });
    // VP8X: flags, reserved, 24-bit canvas width-1 and height-1.
    expect(inspectImage(riff('VP8X', [0, 0, 0, 0, 0xff, 0x0e, 0x00, 0x6f, 0x08, 0x00]))).toMatchObject({
      width: 3840,
      height: 2160,
    });
  });

  it('refuses an ICO whose entries point outside the file, and markup', () => {
    const header = bytes([0, 0, 1, 0, 1, 0], [32, 32, 0, 0, 1, 0, 32, 0], [0xff, 0, 0, 0], [22, 0, 0, 0]);
    expect(inspectImage(header)).toBeUndefined();
    expect(inspectImage(Buffer.from('<?xml version="1.0"?><svg/>'))).toBeUndefined();
    expect(inspectImage(Buffer.alloc(0))).toBeUndefined();
  });

  it('maps declared content types, ignoring parameters and case', () => {
    expect(declaredFormat('Image/PNG; charset=binary')).toBe('png');
    expect(declaredFormat('image/vnd.microsoft.icon')).toBe('ico');
    expect(declaredFormat('image/svg+xml')).toBeUndefined();
    expect(declaredFormat(undefined)).toBeUndefined();
  });
});
