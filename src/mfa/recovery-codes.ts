import { createHmac, randomInt } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand survives. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** 10 characters of 5 bits: 50 bits each, far beyond guessing with per-account throttling. */
const LENGTH = 10;
export const RECOVERY_CODE_COUNT = 10;

/** One code, shown as `xxxx-xxxx-xx`. */
export function generateRecoveryCode(): string {
  let raw = '';
  for (let i = 0; i < LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/**
 * The canonical form of what a user typed: case, dashes and spaces ignored, and the letters
 * Crockford reads as digits (O → 0, I and L → 1) mapped. Undefined when it cannot be a code.
 */
export function normaliseRecoveryCode(input: string): string | undefined {
  if (input.length > 64) return undefined;
  const canonical = input.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  if (canonical.length !== LENGTH) return undefined;
  for (const char of canonical) if (!ALPHABET.includes(char)) return undefined;
  return canonical;
}

/** What is stored: a keyed hash, so a database dump alone does not reveal or test codes. */
export function hashRecoveryCode(key: Buffer, canonical: string): string {
  return createHmac('sha256', key).update(canonical).digest('hex');
}
