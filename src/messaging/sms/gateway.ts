/** One text message handed to a gateway. */
export interface SmsGatewayMessage {
  /** E.164. */
  to: string;
  text: string;
  tenantId: string;
  /** The outbox id: the same on any resend, so the gateway can drop a duplicate. */
  messageId: string;
}

/** Where text messages go. `send` resolves once the gateway accepted the message; it rejects otherwise. */
export interface SmsGateway {
  send(message: SmsGatewayMessage): Promise<void>;
}

export interface HttpSmsGatewayOptions {
  /** The endpoint messages are POSTed to. */
  url: string;
  /** Basic authentication (with `password`). */
  username?: string;
  password?: string;
  /** Bearer authentication; wins over username and password. */
  token?: string;
  /** The outbound policy's fetch: the gateway is reached only where it allows. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** How long to wait for the answer (default 10 s). */
  timeoutMs?: number;
}

/** A gateway's failure. Its message names the status or the network error, never the text sent. */
export class SmsGatewayError extends Error {
  override name = 'SmsGatewayError';
  constructor(
    message: string,
    /** The HTTP status, when the gateway answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * A generic HTTP gateway: POSTs `{ to, text, messageId }` as JSON, with Basic or Bearer
 * authentication. Any 2xx answer is success; anything else, a timeout or a network error is
 * a failure. Redirects are refused: they could carry the credentials to another host.
 */
export function createHttpSmsGateway({
  url,
  username,
  password,
  token,
  fetch: fetchImpl,
  timeoutMs = 10_000,
}: HttpSmsGatewayOptions): SmsGateway {
  const authorization = token
    ? `Bearer ${token}`
    : username !== undefined
      ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`
      : undefined;
  return {
    async send({ to, text, messageId }) {
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': messageId,
            ...(authorization && { authorization }),
          },
          body: JSON.stringify({ to, text, messageId }),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const name = (error as Error)?.name;
        if (name === 'TimeoutError' || name === 'AbortError')
          throw new SmsGatewayError(`SMS gateway did not answer within ${timeoutMs} ms`);
        // fetch's own message ("fetch failed"), plus its cause (ECONNREFUSED …): never our request.
        const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
        if (cause?.code === 'ERR_OUTBOUND_REFUSED')
          throw new SmsGatewayError(`SMS gateway not reached: ${String(cause.message)}`);
        const detail = typeof cause?.code === 'string' ? cause.code : (error as Error)?.message;
        throw new SmsGatewayError(`SMS gateway unreachable (${String(detail ?? 'unknown error')})`);
      }
      // The body is not read into any message: a gateway may echo the text (and its code) back.
      await response.body?.cancel().catch(() => undefined);
      if (response.status < 200 || response.status > 299)
        throw new SmsGatewayError(`SMS gateway answered HTTP ${response.status}`, response.status);
    },
  };
}
