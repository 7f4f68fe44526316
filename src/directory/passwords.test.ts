import { describe, expect, it } from 'vitest';
import { hashSecret } from '../platform/index.js';
import { DEFAULT_PASSWORD_POLICY } from './model.js';
import { createZxcvbnEstimator, type PasswordStrengthEstimator } from './password-strength.js';
import { checkPassword, needsRehash, preparePassword, userInputsOf } from './passwords.js';

describe('needsRehash', () => {
  it('is false for a hash made with today’s parameters', async () => {
    expect(needsRehash(await hashSecret('x'))).toBe(false);
  });

  it.each([
    '$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA',
    '$argon2id$v=19$m=19456,t=1,p=1$c2FsdHNhbHQ$aGFzaA',
    '$argon2id$v=19$m=19456,t=2,p=4$c2FsdHNhbHQ$aGFzaA',
    '$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA',
    '$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA',
    '$2b$12$abcdefghijklmnopqrstuv',
    '',
  ])('is true for %s', (hash) => {
    expect(needsRehash(hash)).toBe(true);
  });
});

describe('checkPassword', () => {
  const fixed = (score: number): PasswordStrengthEstimator => ({
    estimate: async () => ({ score, warning: 'Because.', suggestions: ['Try harder.'] }),
  });

  it('counts characters, not UTF-16 units, after NFKC', async () => {
    expect(preparePassword('ﬁ')).toBe('fi');
    // Eight emoji are eight characters (sixteen UTF-16 units).
    await expect(
      checkPassword(DEFAULT_PASSWORD_POLICY, fixed(4), '😀'.repeat(8), []),
    ).resolves.toBeUndefined();
    await expect(checkPassword(DEFAULT_PASSWORD_POLICY, fixed(4), '😀'.repeat(7), [])).rejects.toMatchObject({
      code: 'password_too_short',
    });
    await expect(checkPassword(DEFAULT_PASSWORD_POLICY, fixed(4), 'x'.repeat(257), [])).rejects.toMatchObject(
      {
        code: 'password_too_long',
      },
    );
  });

  it('explains a weak password with the estimator’s warning and suggestions', async () => {
    const error = await checkPassword(DEFAULT_PASSWORD_POLICY, fixed(2), 'abcdefgh', []).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'password_too_weak',
      message: 'The password is too easy to guess: Because. Try harder.',
      target: 'passwordProfile.password',
    });
    await expect(
      checkPassword({ ...DEFAULT_PASSWORD_POLICY, minScore: 2 }, fixed(2), 'abcdefgh', []),
    ).resolves.toBe(undefined);
  });

  it('feeds the user’s own data to zxcvbn', async () => {
    const inputs = userInputsOf({
      tenantId: 'contoso',
      displayName: 'Alice Smith',
      mail: 'alice.smith@example.com',
    });
    expect(inputs).toEqual(expect.arrayContaining(['alice', 'smith', 'alice.smith@example.com', 'contoso']));
    const zxcvbn = createZxcvbnEstimator();
    const weak = await zxcvbn.estimate('alicesmith2024', inputs);
    const strong = await zxcvbn.estimate('alicesmith2024', []);
    expect(weak.score).toBeLessThan(strong.score);
    expect(weak.warning).toMatch(/personal/i);
  });

  it('keeps zxcvbn fast on long random input', async () => {
    const zxcvbn = createZxcvbnEstimator();
    await zxcvbn.estimate('warm up', []);
    const random = Array.from({ length: 256 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 94))).join(
      '',
    );
    const start = performance.now();
    expect((await zxcvbn.estimate(random, [])).score).toBe(4);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
