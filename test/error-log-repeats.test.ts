import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startGatehouse } from './support/gatehouse.js';

/**
 * A dependency that fails every request the same way must not write a stack trace per request:
 * the request error handlers (admin API, hosted pages) log the same error at most 10 times a
 * minute, then one line that says how many more there were.
 */
describe('repeated request errors in the log', () => {
  it('logs the same failure of many requests a few times, not once per request', async () => {
    const lines: { level: number; msg: string; repeated?: number }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const gh = await startGatehouse('sqlite', { logger });
    try {
      const token = await gh.adminToken();
      // The admin API's keys and the demo tenant's provider are cached while the database is up.
      expect((await gh.api('GET', '/api/v1/tenants/demo/users')).status).toBe(200);
      // The database goes away under the running server: every request that needs it fails alike.
      await gh.gatehouse.storage.close();
      for (let i = 0; i < 30; i++) {
        const admin = await fetch(`${gh.baseUrl}/api/v1/tenants/demo/users`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(admin.status).toBeGreaterThanOrEqual(500);
        const page = await fetch(`${gh.baseUrl}/t/demo/u/interaction/no-such-interaction`);
        expect(page.status).toBeGreaterThanOrEqual(500);
      }
      const failures = (msg: string) => lines.filter((l) => l.level >= 50 && l.msg === msg).length;
      expect(failures('request failed')).toBeGreaterThan(0);
      expect(failures('request failed')).toBeLessThanOrEqual(10);
      expect(failures('hosted page failed')).toBeGreaterThan(0);
      expect(failures('hosted page failed')).toBeLessThanOrEqual(10);
    } finally {
      await gh.stop().catch(() => undefined);
    }
    // Stopping writes what was held back.
    expect(lines.some((l) => l.msg.startsWith('request failed (repeated'))).toBe(true);
  });
});
