import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './crypto.js';

describe('SecretBox', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips a value under the same associated data', () => {
    const sealed = box.seal('private key material', 'signing-key:demo:k1');
    expect(sealed).not.toContain('private');
    expect(box.open(sealed, 'signing-key:demo:k1')).toBe('private key material');
  });

  it('refuses a value moved to another row or opened with another key', () => {
    const sealed = box.seal('secret', 'row-1');
    expect(() => box.open(sealed, 'row-2')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'row-1')).toThrow();
  });

  it('derives stable, distinct keys per purpose', () => {
    expect(box.deriveKey('cookies:a')).toEqual(box.deriveKey('cookies:a'));
    expect(box.deriveKey('cookies:a')).not.toEqual(box.deriveKey('cookies:b'));
  });
});
