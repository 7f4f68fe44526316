import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_COOKIE = 'gh_csrf';

/**
 * CSRF tokens bound to both a per-browser random cookie and the interaction: a form token
 * is valid only in the browser that loaded the page, for that one sign-in.
 */
export function createCsrf(key: Buffer) {
  const sign = (browserSecret: string, scope: string) =>
    createHmac('sha256', key).update(`${browserSecret}\n${scope}`).digest('base64url');
  return {
    newBrowserSecret: () => randomBytes(24).toString('base64url'),
    token: sign,
    verify(browserSecret: string | undefined, scope: string, token: unknown): boolean {
      if (!browserSecret || typeof token !== 'string' || token.length > 128) return false;
      const expected = Buffer.from(sign(browserSecret, scope));
      const given = Buffer.from(token);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

export type Csrf = ReturnType<typeof createCsrf>;
