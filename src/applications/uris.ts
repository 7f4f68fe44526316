/**
 * Redirect URI rules, as Entra applies them per platform: absolute, no fragment, no
 * wildcard; web and SPA need https except on loopback; public (native) clients may also use
 * a private-use scheme such as `com.example.app:/callback`.
 */
export type Platform = 'web' | 'spa' | 'publicClient';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function redirectUriProblem(value: string, platform: Platform): string | undefined {
  if (value.includes('*')) return 'must not contain a wildcard';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URI';
  }
  if (value.includes('#')) return 'must not contain a fragment';
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'https') return undefined;
  if (scheme === 'http')
    return LOOPBACK.has(url.hostname) ? undefined : 'must use https (http is allowed only for localhost)';
  if (
    platform === 'publicClient' &&
    /^[a-z][a-z0-9+.-]*$/.test(scheme) &&
    !['javascript', 'data', 'file', 'vbscript'].includes(scheme)
  ) {
    return undefined;
  }
  return 'must use https';
}

/** An application ID URI: absolute, without fragment, query or wildcard. */
export function identifierUriProblem(value: string): string | undefined {
  if (value.includes('*')) return 'must not contain a wildcard';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URI such as api://my-api or https://api.example.com';
  }
  if (value.includes('#') || url.search) return 'must not contain a query or fragment';
  if (value.endsWith('/')) return 'must not end with /';
  return undefined;
}
