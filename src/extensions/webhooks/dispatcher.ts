import { performance } from 'node:perf_hooks';
import type { Clock, Logger, OutboundFetch, SecretBox } from '../../platform/index.js';
import type { Db } from '../../storage/index.js';
import { DELIVERY_TIMEOUT_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS, type WebhookDelivery } from './model.js';
import { signatureOf, signingSecrets } from './secrets.js';
import { type DeliveryRow, type MessageRow, toDelivery, type WebhookRow, webhookStore } from './store.js';

export interface WebhookDispatcherDeps {
  db: Db;
  clock: Clock;
  box: SecretBox;
  /** The outbound policy's fetch: a webhook's URL is a URL someone configured. */
  fetch: OutboundFetch;
  logger: Logger;
  /** A message failed every attempt of the schedule: its webhook is to be disabled. */
  onGivenUp: (webhook: WebhookRow, message: MessageRow, error: string) => Promise<void>;
  /** How long one attempt may take. Default 10 s. */
  timeoutMs?: number;
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;

/** How long a claim lasts: well past an attempt's timeout, so only a dead node's claim lapses. */
const CLAIM_MS = 60_000;
/** Messages one round looks at, and how many it sends at once. */
const BATCH = 100;
const WORKERS = 4;
/** Rounds one run makes: a delivery lets the same user's next message go in the next round. */
const MAX_ROUNDS = 20;
/** How much of a failed answer's body the log keeps. */
const ERROR_BODY_CHARS = 256;
/**
 * After an enqueue, the kick looks for the new messages until they are committed (their
 * transaction may still be open), waiting longer each time; past the last wait the periodic
 * job takes them (a rolled-back transaction leaves none to find).
 */
const KICK_DELAYS_MS = [5, 20, 50, 100, 250, 500, 1000, 2000];
/** Message ids the kick looks for at most; past it, new ones are left to the runs already due. */
const MAX_AWAITED = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

/** Delivery-log and message ids that sort by creation: the ordering of the log and of one user's messages. */
let sequence = 0;
export function sortableId(at: Date): string {
  sequence = (sequence + 1) % 0x1000000;
  const random = Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  return `${at.getTime().toString(16).padStart(12, '0')}${sequence.toString(16).padStart(6, '0')}${random}`;
}

/** An error's text for the delivery log: the network cause rather than undici's "fetch failed". */
function errorText(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: unknown } | null)?.cause;
  const source = cause instanceof Error ? cause : error;
  const code = (source as { code?: unknown }).code;
  const message = source instanceof Error ? source.message : String(source);
  const text = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000) || 'unknown error';
}

/** The start of an answer's body (for a failed attempt's log entry), never more than needed. */
async function bodyStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ERROR_BODY_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_CHARS);
}

interface AttemptResult {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Delivers webhook messages from the outbox, at least once: claims due messages (safe on many
 * nodes at once), signs each attempt (Standard Webhooks), POSTs it through the outbound policy,
 * logs the attempt and settles the message — delivered on a 2xx answer, else retried on the
 * schedule, and given up (its webhook disabled) after the last attempt. A user's messages to a
 * webhook go one at a time, oldest first. Runs from the periodic job, and at once after an
 * enqueue (the kick), so a message usually leaves within a moment of its commit.
 */
export function createWebhookDispatcher({
  db,
  clock,
  box,
  fetch,
  logger,
  onGivenUp,
  timeoutMs = DELIVERY_TIMEOUT_MS,
}: WebhookDispatcherDeps) {
  const log = logger.child({ component: 'webhooks' });
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  /** Remembered until it ends, so `idle` and `close` can wait for it. */
  function track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    return tracked;
  }

  /** One signed POST of a message; never throws. */
  async function post(webhook: WebhookRow, message: MessageRow): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const at = clock.now();
      const signature = signatureOf(signingSecrets(box, webhook, at), message.id, at, message.payload);
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Gatehouse-Webhooks/1',
          'webhook-id': message.id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: message.payload,
        // A redirect is not a delivery: the receiver's URL is the one configured.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status >= 200 && response.status < 300) {
        await response.body?.cancel().catch(() => undefined);
        return { delivered: true, statusCode: response.status, error: null, durationMs: elapsed() };
      }
      const body = await bodyStart(response).catch(() => '');
      return {
        delivered: false,
        statusCode: response.status,
        error: `HTTP ${response.status}${body ? `: ${body}` : ''}`,
        durationMs: elapsed(),
      };
    } catch (error) {
      return {
        delivered: false,
        statusCode: null,
        error: errorText(error, timeoutMs),
        durationMs: elapsed(),
      };
    }
  }

  /**
   * One attempt of a claimed message, logged, and its outcome written back. A test message is
   * tried once, whatever the outcome, and even to a disabled webhook.
   */
  async function attempt(message: MessageRow, test = false): Promise<WebhookDelivery | undefined> {
    const webhook = await webhookStore.findById(db, message.webhook_id);
    if (!webhook) {
      // Deleted after the event was queued (another node's cache had not heard yet).
      await webhookStore.deleteMessage(db, message.id);
      return undefined;
    }
    if (webhook.enabled !== 1 && !test) {
      await webhookStore.settle(db, message.id, message.attempts, {
        status: 'failed',
        error: 'the webhook is disabled',
      });
      return undefined;
    }
    const result = await post(webhook, message);
    const now = clock.now().getTime();
    const givenUp = !result.delivered && (test || message.attempts >= MAX_ATTEMPTS);
    const nextAttemptAt =
      result.delivered || givenUp
        ? null
        : iso(now + (RETRY_DELAYS_MS[message.attempts - 1] ?? (RETRY_DELAYS_MS.at(-1) as number)));
    const delivery: DeliveryRow = {
      id: sortableId(new Date(now)),
      tenant_id: message.tenant_id,
      webhook_id: message.webhook_id,
      message_id: message.id,
      event_type: message.event_type,
      attempt: message.attempts,
      created_at: iso(now),
      status_code: result.statusCode,
      error: result.error,
      duration_ms: result.durationMs,
      outcome: result.delivered ? 'delivered' : 'failed',
      next_attempt_at: nextAttemptAt,
    };
    const error = result.error ?? 'unknown error';
    const settled = await db.transaction().execute(async (trx) => {
      await webhookStore.insertDelivery(trx, delivery);
      return webhookStore.settle(
        trx,
        message.id,
        message.attempts,
        result.delivered
          ? { status: 'delivered', at: iso(now) }
          : nextAttemptAt
            ? { status: 'pending', error, nextAttemptAt }
            : { status: 'failed', error },
      );
    });
    const context = {
      tenantId: message.tenant_id,
      webhookId: message.webhook_id,
      messageId: message.id,
      eventType: message.event_type,
      attempt: message.attempts,
    };
    if (!settled) log.warn(context, 'webhook message settled after its claim lapsed; it may be sent twice');
    if (result.delivered) log.debug(context, 'webhook message delivered');
    else if (nextAttemptAt)
      log.info({ ...context, error, nextAttemptAt }, 'webhook delivery failed; will retry');
    else if (!test) {
      log.warn({ ...context, error }, 'webhook delivery failed on every attempt; disabling the webhook');
      if (settled) await onGivenUp(webhook, message, error);
    }
    return toDelivery(delivery);
  }

  /** Claims and attempts the messages due now, round after round while there are some. */
  async function deliverDue(): Promise<number> {
    let total = 0;
    for (let round = 0; round < MAX_ROUNDS && !closed; round++) {
      const now = clock.now().getTime();
      const ids = await webhookStore.dueIds(db, iso(now), BATCH);
      if (ids.length === 0) break;
      let attempted = 0;
      let next = 0;
      const worker = async () => {
        while (next < ids.length && !closed) {
          const id = ids[next++] as string;
          const claimedAt = clock.now().getTime();
          const row = await webhookStore.claim(db, id, iso(claimedAt), iso(claimedAt + CLAIM_MS));
          if (!row) continue; // another node (or worker) has it
          attempted++;
          await track(attempt(row));
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      total += attempted;
      if (attempted === 0) break;
    }
    return total;
  }

  // --- the kick: messages enqueued on this node go out as soon as their transaction commits

  /** Enqueued message ids not yet seen committed, with when to stop looking (real time). */
  const awaited = new Map<string, number>();
  let kickTimer: NodeJS.Timeout | undefined;
  let kicking: Promise<void> | undefined;
  let kickAgain = false;
  let kickStep = 0;

  function scheduleKick(delayMs: number): void {
    if (closed) return;
    if (kicking) {
      kickAgain = true;
      return;
    }
    if (kickTimer) return;
    kickTimer = setTimeout(() => {
      kickTimer = undefined;
      kicking = track(runKick()).finally(() => {
        kicking = undefined;
        if (kickAgain) {
          kickAgain = false;
          kickStep = 0;
          scheduleKick(KICK_DELAYS_MS[0] as number);
        } else if (awaited.size > 0) {
          kickStep = Math.min(kickStep + 1, KICK_DELAYS_MS.length - 1);
          scheduleKick(KICK_DELAYS_MS[kickStep] as number);
        } else kickStep = 0;
      });
    }, delayMs);
    kickTimer.unref();
  }

  async function runKick(): Promise<void> {
    try {
      const now = Date.now();
      for (const [id, until] of awaited) if (until < now) awaited.delete(id);
      // Seen first, then delivered: a message committed before the look goes out in this run.
      for (const id of await webhookStore.existing(db, [...awaited.keys()])) awaited.delete(id);
      await deliverDue();
    } catch (error) {
      log.error({ err: error }, 'webhook delivery run failed; the periodic job retries');
    }
  }

  return {
    /** Runs a delivery soon for messages just enqueued (their transaction may not have committed yet). */
    expect(messageIds: string[]): void {
      if (closed || messageIds.length === 0) return;
      const until = Date.now() + KICK_DELAYS_MS.reduce((sum, ms) => sum + ms, 0) + 1000;
      for (const id of messageIds) if (awaited.size < MAX_AWAITED) awaited.set(id, until);
      kickStep = 0;
      scheduleKick(KICK_DELAYS_MS[0] as number);
    },

    /**
     * Sends the messages that are due: pending ones whose time has come, and ones whose
     * sender's claim lapsed. Safe to run on every node at once. Returns how many it attempted.
     */
    deliverDue: () => (closed ? Promise.resolve(0) : track(deliverDue())),

    /** Attempts a message this node has just written as `sending` (the test event), once. */
    sendNow: (message: MessageRow) => track(attempt(message, true)),

    /** Resolves when the runs and attempts started so far have ended. */
    async idle(): Promise<void> {
      while (inFlight.size || kickTimer) {
        if (inFlight.size) await Promise.allSettled([...inFlight]);
        else await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },

    /**
     * Stops: no new attempt starts, and the ones under way end (each within its timeout). A
     * message still undelivered stays in the outbox; the next node or start sends it.
     */
    async close(): Promise<void> {
      closed = true;
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = undefined;
      awaited.clear();
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
