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

  it("forgets a tenant's clients by prefix, and no other", async () => {
    const cache = new VerifiedSecretCache(60_000);
    let accept = true;
    const check = async () => (accept ? 10_000_000 : undefined);
    for (const client of ['t1\na', 't1\nb', 't10\na', 't2\na']) await cache.verify(client, 'x', 0, check);
    cache.forgetPrefix('t1\n');
    accept = false;
    expect(await cache.verify('t1\na', 'x', 0, check)).toBe(false);
    expect(await cache.verify('t1\nb', 'x', 0, check)).toBe(false);
    expect(await cache.verify('t10\na', 'x', 0, check)).toBe(true);
    expect(await cache.verify('t2\na', 'x', 0, check)).toBe(true);
  });
});
