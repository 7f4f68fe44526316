/**
 * Image checks by content: the format comes from the magic bytes and the dimensions from the
 * format's own header, never from the Content-Type a client sent. Only raster formats a
 * browser renders without script: PNG, JPEG, GIF, WebP and (for favicons) ICO. No SVG.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'ico';

export interface ImageInfo {
  format: ImageFormat;
  contentType: string;
  width: number;
  height: number;
}

export const CONTENT_TYPES: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
};

/** The declared types each format may arrive with. */
const DECLARED: Record<string, ImageFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
};

export const FORMAT_NAMES: Record<ImageFormat, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  ico: 'ICO',
};

/** The format a Content-Type names (parameters ignored), or undefined for any other type. */
export function declaredFormat(contentType: string | undefined): ImageFormat | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return DECLARED[type];
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the format and dimensions, or undefined when the bytes are not a well-formed image. */
export function inspectImage(bytes: Buffer): ImageInfo | undefined {
  const sized = png(bytes) ?? gif(bytes) ?? jpeg(bytes) ?? webp(bytes) ?? ico(bytes);
  if (!sized || sized.width < 1 || sized.height < 1) return undefined;
  return { ...sized, contentType: CONTENT_TYPES[sized.format] };
}

type Sized = { format: ImageFormat; width: number; height: number };

function png(b: Buffer): Sized | undefined {
  // Signature, then the IHDR chunk first: length 13, type, width, height (big-endian).
  if (b.length < 33 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (b.readUInt32BE(8) !== 13 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function gif(b: Buffer): Sized | undefined {
  const magic = b.toString('latin1', 0, 6);
  if (b.length < 13 || (magic !== 'GIF87a' && magic !== 'GIF89a')) return undefined;
  return { format: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic…): not C4, C8, CC. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(b: Buffer): Sized | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return undefined;
  let at = 2;
  // Walk the segments up to the frame header; the scan (SOS) must not come first.
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = b.readUInt16BE(at + 2);
    if (length < 2) return undefined;
    if (SOF.has(marker)) {
      if (at + 9 > b.length) return undefined;
      return { format: 'jpeg', height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}

function webp(b: Buffer): Sized | undefined {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') {
    return undefined;
  }
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    // A key frame: start code 9D 01 2A, then 14-bit width and height.
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
    return { format: 'webp', width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return undefined;
    const bits = b.readUInt32LE(21);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    return { format: 'webp', width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  }
  return undefined;
}

function ico(b: Buffer): Sized | undefined {
  // ICONDIR: reserved 0, type 1, count; then 16-byte entries whose data must lie in the file.
  if (b.length < 22 || b.readUInt16LE(0) !== 0 || b.readUInt16LE(2) !== 1) return undefined;
  const count = b.readUInt16LE(4);
  if (count < 1 || 6 + count * 16 > b.length) return undefined;
  let width = 0;
  let height = 0;
  for (let i = 0; i < count; i++) {
    const entry = 6 + i * 16;
    const size = b.readUInt32LE(entry + 8);
    const offset = b.readUInt32LE(entry + 12);
    if (size < 1 || offset < 6 + count * 16 || offset + size > b.length) return undefined;
    // A 0 byte means 256 pixels.
    width = Math.max(width, (b[entry] as number) || 256);
    height = Math.max(height, (b[entry + 1] as number) || 256);
  }
  return { format: 'ico', width, height };
}

/** Whether the bytes look like SVG (or other XML/HTML markup) rather than a raster image. */
export function looksLikeMarkup(bytes: Buffer): boolean {
  const head = bytes
    .subarray(0, 512)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<');
}
