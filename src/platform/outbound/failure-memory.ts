import type { OutboundFetch } from './fetch.js';

/** How long a failing upstream is left alone. */
export const FAILURE_MEMORY_MS = 60_000;

/** A request not made because its upstream failed a moment ago. */
export class OutboundRecentlyFailedError extends Error {
  override name = 'OutboundRecentlyFailedError';
  readonly code = 'ERR_OUTBOUND_RECENTLY_FAILED';
  constructor(
    readonly target: string,
    readonly retryAt: number,
  ) {
    super(`${target} failed a moment ago; not asked again before ${new Date(retryAt).toISOString()}`);
  }
}

/** Errors that say the host itself cannot be reached, whatever the path. */
const HOST_FAILURES = new Set([
  'ERR_OUTBOUND_REFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/**
 * A fetch that remembers failing upstreams for `windowMs` and, meanwhile, fails at once without
 * asking them again — so that requests anyone can trigger (a click on a provider's button)
 * cannot make Gatehouse hammer a server that is down, or one it may not reach. A host that
 * cannot be reached (refused by the policy, no such name, connection refused, no route) is
 * remembered by origin; a timeout or a 5xx answer to a GET by its whole URL (query included),
 * so a document that fails on a shared host does not take the host's others with it. A POST
 * (a token request, which carries a visitor's code) that times out or fails is not
 * remembered: one visitor's junk must not shut a provider off for everyone. In-process: each
 * node remembers for itself.
 */
export function rememberFailures(
  fetch: OutboundFetch,
  options: { now: () => number; windowMs?: number; maxEntries?: number },
): OutboundFetch {
  const windowMs = options.windowMs ?? FAILURE_MEMORY_MS;
  const maxEntries = options.maxEntries ?? 1000;
  const failedUntil = new Map<string, number>();

  function remember(key: string): void {
    const now = options.now();
    if (failedUntil.size >= maxEntries)
      for (const [k, until] of failedUntil) if (until <= now) failedUntil.delete(k);
    if (failedUntil.size >= maxEntries) {
      const oldest = failedUntil.keys().next().value;
      if (oldest !== undefined) failedUntil.delete(oldest);
    }
    failedUntil.delete(key);
    failedUntil.set(key, now + windowMs);
  }

  return async (url, init) => {
    const target = new URL(url);
    target.hash = '';
    const byOrigin = target.origin;
    const byUrl = target.href;
    const until = Math.max(failedUntil.get(byOrigin) ?? 0, failedUntil.get(byUrl) ?? 0);
    if (until > options.now()) throw new OutboundRecentlyFailedError(byUrl, until);
    const method = (init?.method ?? 'GET').toUpperCase();
    const document = method === 'GET' || method === 'HEAD';
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      const signal = init?.signal;
      // The caller gave up (not a timeout): nothing is known about the upstream.
      const abandoned = signal?.aborted && (signal.reason as { name?: string })?.name !== 'TimeoutError';
      const unreachable = causeCodes(error).some((code) => HOST_FAILURES.has(code));
      if (!abandoned && unreachable) remember(byOrigin);
      else if (!abandoned && document) remember(byUrl);
      throw error;
    }
    if (response.status >= 500 && document) remember(byUrl);
    return response;
  };
}
