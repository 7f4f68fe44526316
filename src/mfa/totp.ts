import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 6238 as authenticator apps implement it: HMAC-SHA1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now, for clock drift between the phone and the server. */
export const TOTP_WINDOW = 1;

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as otpauth URIs carry secrets. */
export function base32Encode(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case, spaces and padding ignored); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A fresh 160-bit secret (the HMAC-SHA1 block-size recommendation of RFC 4226). */
export function generateTotpSecret(): Buffer {
  return randomBytes(20);
}

/** RFC 4226 HOTP: dynamic truncation of HMAC(secret, counter). */
export function hotp(
  secret: Buffer,
  counter: number,
  digits = TOTP_DIGITS,
  algorithm: TotpAlgorithm = 'sha1',
) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step of an instant. */
export const timeStep = (at: Date, period = TOTP_PERIOD_SECONDS): number =>
  Math.floor(at.getTime() / 1000 / period);

/** The code of the step `at` falls in. */
export function totpAt(
  secret: Buffer,
  at: Date,
  options: { digits?: number; algorithm?: TotpAlgorithm; period?: number } = {},
): string {
  return hotp(secret, timeStep(at, options.period), options.digits, options.algorithm);
}

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The steps within ±window of `at` whose code is `code`, oldest first (a code is 6 digits after
 * removing spaces; anything else matches nothing). Every step is compared, in constant time.
 */
export function matchingSteps(secret: Buffer, code: string, at: Date, window = TOTP_WINDOW): number[] {
  const candidate = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(candidate)) return [];
  const now = timeStep(at);
  const steps: number[] = [];
  for (let step = now - window; step <= now + window; step++) {
    if (sameCode(hotp(secret, step), candidate)) steps.push(step);
  }
  return steps;
}

/** The otpauth URI authenticator apps read (Google Authenticator's key URI format). */
export function otpauthUri(secretBase32: string, issuer: string, account: string): string {
  // A colon separates issuer and account in the label; apps misread one inside either.
  const cleanIssuer = issuer.replace(/:/g, '').trim() || 'Gatehouse';
  const cleanAccount = account.replace(/:/g, '').trim() || 'account';
  const label = `${encodeURIComponent(cleanIssuer)}:${encodeURIComponent(cleanAccount)}`;
  const query = new URLSearchParams({
    secret: secretBase32,
    issuer: cleanIssuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  // URLSearchParams writes spaces as '+', which some apps show literally.
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}
