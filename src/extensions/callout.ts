import type { Clock, OutboundFetch } from '../platform/index.js';
import type { CalloutTokens } from './callout-token.js';

/** The largest answer Gatehouse reads from an extension; a larger one is a failure. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** What became of one callout: what the sign-in log shows. */
export type CalloutOutcome =
  | 'success'
  | 'timeout'
  | 'connectionError'
  | 'httpError'
  | 'invalidResponse'
  | 'responseTooLarge';

export interface CalloutTarget {
  tenantId: string;
  targetUrl: string;
  /** The app the callout's token is for (`aud`). */
  resourceAppId: string;
  timeoutInMilliseconds: number;
  maximumRetries: number;
}

export type CalloutResult =
  | { ok: true; body: unknown; httpStatus: number; attempts: number; durationMs: number }
  | {
      ok: false;
      outcome: Exclude<CalloutOutcome, 'success'>;
      httpStatus?: number;
      error: string;
      attempts: number;
      durationMs: number;
    };

type Attempt = Extract<CalloutResult, { ok: false }> | { ok: true; body: unknown; httpStatus: number };

/** Reads at most `limit` bytes of a body; undefined when it is longer. */
async function readCapped(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/**
 * Calls an extension: one POST of the event's JSON with a bearer token for the extension's
 * API, within the extension's time limit. A timeout, a connection error or a 5xx answer is
 * tried again when the extension allows a retry; a 4xx, an answer too large or not JSON is not
 * (the extension said no, or answers wrongly, and would again).
 */
export function createCallout(deps: { fetch: OutboundFetch; tokens: CalloutTokens; clock: Clock }) {
  async function attempt(target: CalloutTarget, body: string, token: string): Promise<Attempt> {
    const fail = (
      outcome: Exclude<CalloutOutcome, 'success'>,
      error: string,
      httpStatus?: number,
    ): Attempt => ({
      ok: false,
      outcome,
      error,
      httpStatus,
      attempts: 0,
      durationMs: 0,
    });
    const signal = AbortSignal.timeout(target.timeoutInMilliseconds);
    try {
      const response = await deps.fetch(target.targetUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body,
        redirect: 'error',
        signal,
      });
      const text = await readCapped(response, MAX_RESPONSE_BYTES);
      if (text === undefined)
        return fail(
          'responseTooLarge',
          `the answer is larger than ${MAX_RESPONSE_BYTES} bytes`,
          response.status,
        );
      if (!response.ok)
        return fail('httpError', `the extension answered HTTP ${response.status}`, response.status);
      try {
        return { ok: true, body: JSON.parse(text), httpStatus: response.status };
      } catch {
        return fail('invalidResponse', 'the answer is not JSON', response.status);
      }
    } catch (error) {
      if (isTimeout(error) || signal.aborted)
        return fail('timeout', `no answer within ${target.timeoutInMilliseconds} ms`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return fail('connectionError', cause?.code ?? cause?.message ?? (error as Error).message);
    }
  }

  const retriable = (result: Attempt) =>
    !result.ok &&
    (result.outcome === 'timeout' ||
      result.outcome === 'connectionError' ||
      (result.outcome === 'httpError' && (result.httpStatus ?? 0) >= 500));

  return async function callout(target: CalloutTarget, payload: unknown): Promise<CalloutResult> {
    const started = performance.now();
    const token = await deps.tokens(target.tenantId, target.resourceAppId);
    const body = JSON.stringify(payload);
    let attempts = 0;
    let result: Attempt;
    do {
      attempts += 1;
      result = await attempt(target, body, token);
    } while (retriable(result) && attempts <= target.maximumRetries);
    const durationMs = Math.round(performance.now() - started);
    return { ...result, attempts, durationMs };
  };
}

export type Callout = ReturnType<typeof createCallout>;
