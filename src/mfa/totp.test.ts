import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  matchingSteps,
  otpauthUri,
  type TotpAlgorithm,
  totpAt,
} from './totp.js';

// RFC 6238 appendix B: 8-digit codes, one seed per hash.
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('matches the RFC test vectors at T=%i', (seconds, sha1, sha256, sha512) => {
    const at = new Date(seconds * 1000);
    expect(totpAt(SEEDS.sha1, at, { digits: 8, algorithm: 'sha1' })).toBe(sha1);
    expect(totpAt(SEEDS.sha256, at, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totpAt(SEEDS.sha512, at, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('matches RFC 4226 HOTP values (6 digits)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314'];
    for (const [counter, code] of expected.entries()) expect(hotp(SEEDS.sha1, counter)).toBe(code);
  });

  it('accepts the previous, current and next step, and nothing further', () => {
    const secret = generateTotpSecret();
    const now = new Date('2026-03-01T08:00:15Z');
    const step = Math.floor(now.getTime() / 30_000);
    for (const offset of [-1, 0, 1]) {
      const code = hotp(secret, step + offset);
      expect(matchingSteps(secret, code, now)).toContain(step + offset);
    }
    for (const offset of [-2, 2]) {
      const code = hotp(secret, step + offset);
      expect(matchingSteps(secret, code, now)).not.toContain(step + offset);
    }
  });

  it('ignores spaces and rejects anything but six digits', () => {
    const secret = generateTotpSecret();
    const now = new Date('2026-03-01T08:00:15Z');
    const code = totpAt(secret, now);
    expect(matchingSteps(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toHaveLength(1);
    expect(matchingSteps(secret, `${code}0`, now)).toEqual([]);
    expect(matchingSteps(secret, 'abcdef', now)).toEqual([]);
    expect(matchingSteps(secret, '', now)).toEqual([]);
  });

  it('round-trips base32 (RFC 4648 vectors, unpadded)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    const secret = generateTotpSecret();
    expect(secret).toHaveLength(20);
    expect(base32Encode(secret)).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(base32Encode(secret)).equals(secret)).toBe(true);
    expect(() => base32Decode('MZ1W')).toThrow();
  });

  it('builds the otpauth URI apps read', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'Contoso: Shop', 'ada@example.com');
    expect(uri).toBe(
      'otpauth://totp/Contoso%20Shop:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Contoso%20Shop&algorithm=SHA1&digits=6&period=30',
    );
  });
});
