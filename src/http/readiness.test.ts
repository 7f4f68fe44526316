import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness.js';

describe('readiness', () => {
  it('is ready when every check answers', async () => {
    const result = await checkReadiness([
      { name: 'database', check: async () => {} },
      { name: 'redis', check: async () => {} },
    ]);
    expect(result).toEqual({ ready: true, degraded: false, checks: { database: 'ok', redis: 'ok' } });
  });

  it('names the check that failed, threw or did not answer within the budget, and answers within it', async () => {
    const started = Date.now();
    const result = await checkReadiness(
      [
        { name: 'database', check: () => new Promise(() => {}) },
        { name: 'redis', check: async () => Promise.reject(new Error('down')) },
        {
          name: 'thrower',
          check: () => {
            throw new Error('sync');
          },
        },
        { name: 'fine', check: async () => {} },
      ],
      100,
    );
    expect(Date.now() - started).toBeLessThan(500);
    expect(result).toEqual({
      ready: false,
      degraded: false,
      checks: { database: 'timeout', redis: 'failed', thrower: 'failed', fine: 'ok' },
    });
  });
});
