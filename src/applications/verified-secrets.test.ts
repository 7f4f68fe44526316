import { describe, expect, it } from 'vitest';
import { VerifiedSecretCache } from './verified-secrets.js';

describe('VerifiedSecretCache', () => {
  it('runs the slow check once for a burst of identical requests, then remembers the answer', async () => {
    const cache = new VerifiedSecretCache(60_000);
    let checks = 0;
    const check = async () => {
      checks++;
      await new Promise((r) => setTimeout(r, 5));
      return 10_000_000;
    };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => cache.verify('app', 's3cret', 0, check)),
    );
    expect(answers.every(Boolean)).toBe(true);
    expect(checks).toBe(1);
    expect(await cache.verify('app', 's3cret', 1000, check)).toBe(true);
    expect(checks).toBe(1);
  });

  it('never remembers a refusal, expires entries and forgets a client', async () => {
    const cache = new VerifiedSecretCache(60_000);
    let accept = false;
    let checks = 0;
    const check = async () => {
      checks++;
      return accept ? 10_000_000 : undefined;
    };
    expect(await cache.verify('app', 'x', 0, check)).toBe(false);
    accept = true;
    expect(await cache.verify('app', 'x', 0, check)).toBe(true);
    expect(checks).toBe(2);
    accept = false;
    expect(await cache.verify('app', 'x', 61_000, check)).toBe(false); // past the TTL: checked again
    accept = true;
    await cache.verify('app', 'x', 0, check);
    cache.forget('app');
    accept = false;
    expect(await cache.verify('app', 'x', 0, check)).toBe(false);
  });
});
