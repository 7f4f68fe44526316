import { randomBytes } from 'node:crypto';

/**
 * The long-lived device cookie: a random id, nothing else, that tells Identity Protection
 * whether this browser has signed in before (one of the features of a familiar sign-in).
 */
export const DEVICE_COOKIE = 'gh_device';
const DEVICE_COOKIE_MAX_AGE = 2 * 365 * 24 * 3600;
const deviceIdPattern = /^[A-Za-z0-9_-]{22}$/;

/** The device id this browser sent, if it is one of ours in shape. */
export function deviceIdOf(header: string | undefined): string | undefined {
  const value = readCookie(header, DEVICE_COOKIE);
  return value && deviceIdPattern.test(value) ? value : undefined;
}

/** This browser's device id, and the Set-Cookie that gives it one when it has none yet. */
export function deviceCookie(
  header: string | undefined,
  options: { tenantId: string; secure: boolean },
): { deviceId: string; setCookie?: string } {
  const existing = deviceIdOf(header);
  if (existing) return { deviceId: existing };
  const deviceId = randomBytes(16).toString('base64url');
  return {
    deviceId,
    setCookie: serializeCookie(DEVICE_COOKIE, deviceId, {
      path: `/t/${options.tenantId}`,
      secure: options.secure,
      maxAgeSeconds: DEVICE_COOKIE_MAX_AGE,
    }),
  };
}

/** Reads one cookie from a Cookie header (hosted pages need only their own). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export function serializeCookie(
  name: string,
  value: string,
  options: { path: string; secure: boolean; maxAgeSeconds?: number },
): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds !== undefined ? [`Max-Age=${options.maxAgeSeconds}`] : []),
  ].join('; ');
}
