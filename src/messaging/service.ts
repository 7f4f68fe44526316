import { createTransport } from 'nodemailer';
import { type Clock, type Logger, newId } from '../platform/index.js';
import { type Db, decodeCursor, type OutboxStatus, type Page } from '../storage/index.js';
import {
  type EnqueueResult,
  type MailBranding,
  type MailRequest,
  type MessagingSettings,
  mailRequestSchema,
  messagingErrors,
  type OutboxMessage,
  type UpdateMessagingSettingsInput,
  updateMessagingSettingsSchema,
} from './model.js';
import { messagingStore, type OutboxRow } from './store.js';
import { renderMail } from './templates/index.js';

export interface MailerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** `smtp://user:pass@host:port` or `smtps://…`; without it, messages go to the dev outbox. */
  smtpUrl?: string;
  /** The from-address of tenants that have not set their own. */
  defaultFrom: string;
  /** The tenant's brand in a language; without it (or when it fails) email is unbranded. */
  brandingFor?: (tenantId: string, lang: string) => Promise<MailBranding>;
  /** How long `close` waits for sends under way (default 10 s). */
  closeTimeoutMs?: number;
  /** Told of each failed attempt: tried again later (`retry`) or `givenUp`. Operator metrics. */
  onDeliveryFailure?: (outcome: DeliveryFailure) => void;
}

export type DeliveryFailure = 'retry' | 'givenUp';

export type Mailer = ReturnType<typeof createMailer>;

/** The wait after each failed attempt; after the last, the message is `failed`. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** How long a claim lasts: well past the SMTP timeouts below, so only a dead node's claim lapses. */
const CLAIM_MS = 10 * 60_000;
/** Rows one `deliverDue` run looks at, and how many it sends at once. */
const BATCH = 100;
const WORKERS = 4;
/** Immediate sends in flight; past this, new messages wait for the retry job. */
const MAX_IN_FLIGHT = 50;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Email through an outbox: every message is first a row of `messaging_outbox`. With an SMTP
 * server, `enqueue` stores the rendered message as `pending` and returns; the send starts
 * in the background at once, and `deliverDue` (a periodic job) retries failures with backoff.
 * Without one, the row is `stored` in the dev outbox, and the log shows its code, so a
 * newcomer can sign up with no mail server. In SMTP mode bodies and codes are never logged,
 * and bodies are cleared once a message is sent or given up on.
 */
export function createMailer({
  db,
  clock,
  logger,
  smtpUrl,
  defaultFrom,
  brandingFor,
  closeTimeoutMs = 10_000,
  onDeliveryFailure,
}: MailerDeps) {
  // Short timeouts: a hung server costs one attempt, not a claim held for half an hour.
  const transport = smtpUrl
    ? createTransport({
        pool: true,
        url: smtpUrl,
        maxConnections: WORKERS,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      })
    : undefined;
  const log = logger.child({ component: 'mailer' });
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  async function fromOf(tenantId: string): Promise<string> {
    return (await messagingStore.fromAddress(db, tenantId)) ?? defaultFrom;
  }

  async function brandingOf(tenantId: string, lang: string): Promise<MailBranding | null> {
    if (!brandingFor) return null;
    try {
      return await brandingFor(tenantId, lang);
    } catch (error) {
      // A code must still reach the user: send it unbranded.
      log.warn({ tenantId, err: error }, 'email branding unavailable; sending unbranded');
      return null;
    }
  }

  /** Runs work in the background, remembered until it ends so `close` can wait for it. */
  function track(work: Promise<void>): Promise<void> {
    const tracked: Promise<void> = work
      .catch((error: unknown) => log.error({ err: error }, 'email delivery bookkeeping failed'))
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    return tracked;
  }

  async function claim(id: string): Promise<OutboxRow | undefined> {
    const now = clock.now().getTime();
    return messagingStore.claim(db, id, iso(now), iso(now + CLAIM_MS));
  }

  /** One attempt of a claimed row, and its outcome written back. Never throws for SMTP errors. */
  async function attempt(row: OutboxRow): Promise<void> {
    if (!transport) return;
    const context = { tenantId: row.tenant_id, messageId: row.id, to: row.to, subject: row.subject };
    let failure: unknown;
    try {
      await transport.sendMail({
        from: row.from,
        to: row.to,
        subject: row.subject,
        text: row.text,
        ...(row.html !== null && { html: row.html }),
        // The same Message-ID on every attempt lets the receiving side drop a duplicate.
        messageId: `<${row.id}@gatehouse>`,
        ...(row.lang && { headers: { 'Content-Language': row.lang } }),
      });
    } catch (error) {
      failure = error ?? new Error('unknown error');
    }
    const now = clock.now().getTime();
    if (failure === undefined) {
      const settled = await messagingStore.settle(db, row.id, row.attempts, {
        status: 'sent',
        at: iso(now),
        clearBody: true,
      });
      log.info({ ...context, attempts: row.attempts }, 'email sent');
      if (!settled) log.warn(context, 'email sent after its claim lapsed; another node may send it too');
      return;
    }
    // A mail server's error quotes the envelope at most, never the body.
    const error = errorText(failure);
    if (isPermanent(failure) || row.attempts >= MAX_ATTEMPTS) {
      onDeliveryFailure?.('givenUp');
      await messagingStore.settle(db, row.id, row.attempts, { status: 'failed', error, clearBody: true });
      log.error(
        { ...context, attempts: row.attempts, err: { message: error } },
        'email delivery failed; giving up',
      );
      return;
    }
    const delay = RETRY_DELAYS_MS[Math.min(row.attempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0];
    const nextAttemptAt = iso(now + delay);
    onDeliveryFailure?.('retry');
    await messagingStore.settle(db, row.id, row.attempts, { status: 'pending', error, nextAttemptAt });
    log.warn(
      { ...context, attempts: row.attempts, nextAttemptDateTime: nextAttemptAt, err: { message: error } },
      'email delivery failed; will retry',
    );
  }

  const mailer = {
    /** Where messages go: `smtp` with a mail server configured, `outbox` without. */
    delivery: (transport ? 'smtp' : 'outbox') as EnqueueResult['delivery'],

    /**
     * Renders a message in the user's language with the tenant's brand and stores it. Returns
     * as soon as the row is written: it never waits for the mail server. Call it after your own
     * transaction has committed.
     */
    async enqueue(tenantId: string, message: MailRequest): Promise<EnqueueResult> {
      const parsed = mailRequestSchema.safeParse(message);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw messagingErrors.invalidMessage(issue?.message ?? 'invalid', issue?.path.join('.'));
      }
      const { template, to, lang, data } = parsed.data;
      const [from, branding] = await Promise.all([fromOf(tenantId), brandingOf(tenantId, lang)]);
      const mail = renderMail(template, lang, data, branding);
      const id = newId();
      const now = clock.now().toISOString();
      await messagingStore.insertOutbox(db, {
        id,
        tenant_id: tenantId,
        created_at: now,
        from,
        to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        status: transport ? 'pending' : 'stored',
        template,
        lang: mail.lang,
        attempts: 0,
        next_attempt_at: transport ? now : null,
        last_attempt_at: null,
        last_error: null,
        sent_at: null,
        claimed_until: null,
      });
      if (!transport) {
        // Dev outbox only: the code in the log is how a newcomer signs up on a laptop.
        const code = data.code ? `, code ${data.code}` : '';
        log.info(
          { tenantId, messageId: id, to, subject: mail.subject, template },
          `dev outbox (no GATEHOUSE_SMTP_URL): email to ${to} stored, not sent${code}; read it at GET /api/v1/tenants/${tenantId}/outbox`,
        );
        return { id, delivery: 'outbox' };
      }
      log.info({ tenantId, messageId: id, to, subject: mail.subject, template }, 'email queued');
      // Not awaited: the caller goes on while the message is sent. When too many sends are
      // under way, the retry job picks this one up instead.
      if (!closed && inFlight.size < MAX_IN_FLIGHT) {
        void track(
          (async () => {
            const row = await claim(id);
            if (row) await attempt(row);
          })(),
        );
      }
      return { id, delivery: 'smtp' };
    },

    /**
     * Queues a message off the caller's path, for answers that must not tell whether a message
     * went out (a code to an address that may have no account): once `after` settles (the
     * page has answered), `compose` decides (it may look the recipient up) and returns the
     * message, or undefined to send none; then it is queued as by `enqueue`. The caller waits
     * for none of it, so its answer takes the same work whatever `compose` decides. A failure
     * is logged; `idle` and `close` wait for the work.
     */
    enqueueLater(
      tenantId: string,
      compose: () => Promise<MailRequest | undefined>,
      after: Promise<unknown> = Promise.resolve(),
    ): void {
      void track(
        (async () => {
          await after.catch(() => undefined);
          const message = await compose();
          // Through the object, like any caller: a wrapped `enqueue` sees these messages too.
          if (message) await mailer.enqueue(tenantId, message);
        })().catch((error: unknown) => log.error({ tenantId, err: error }, 'queueing an email failed')),
      );
    },

    /**
     * Sends the messages that are due: pending ones whose time has come, and ones whose
     * sender's claim lapsed. Safe to run on every node at once. Returns how many it attempted.
     */
    async deliverDue(): Promise<number> {
      if (!transport || closed) return 0;
      const ids = await messagingStore.dueIds(db, clock.now().toISOString(), BATCH);
      let attempted = 0;
      let next = 0;
      const worker = async () => {
        while (next < ids.length && !closed) {
          const id = ids[next++] as string;
          const row = await claim(id);
          if (!row) continue; // another node (or the immediate send) has it
          attempted++;
          await track(attempt(row));
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      return attempted;
    },

    /** Messages waiting for a first or further attempt (pending, or sending), all tenants. */
    queueDepth(): Promise<number> {
      return messagingStore.countWaiting(db);
    },

    /** Resolves when the background sends started so far have ended. */
    async idle(): Promise<void> {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },

    /** The outbox of a tenant, newest first; optionally only the messages of one status. */
    listOutbox(
      tenantId: string,
      page: { top: number; skipToken?: string; status?: OutboxStatus },
    ): Promise<Page<OutboxMessage>> {
      return messagingStore.listOutbox(
        db,
        tenantId,
        page.top,
        page.skipToken ? decodeCursor(page.skipToken) : undefined,
        page.status,
      );
    },

    async getSettings(tenantId: string): Promise<MessagingSettings> {
      return { fromAddress: await messagingStore.fromAddress(db, tenantId) };
    },

    async updateSettings(tenantId: string, input: UpdateMessagingSettingsInput): Promise<MessagingSettings> {
      const { fromAddress } = updateMessagingSettingsSchema.parse(input);
      await messagingStore.setFromAddress(db, tenantId, fromAddress, clock.now().toISOString());
      return { fromAddress };
    },

    /**
     * Stops sending: waits (at most `closeTimeoutMs`) for the sends under way, then closes
     * the SMTP connections. A message still unsent stays in the outbox; its claim lapses and
     * the next node or start sends it.
     */
    async close(): Promise<void> {
      closed = true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, closeTimeoutMs);
        timer.unref();
      });
      const drained = (async () => {
        while (inFlight.size) await Promise.allSettled([...inFlight]);
      })();
      await Promise.race([drained, timeout]);
      clearTimeout(timer);
      transport?.close();
    },
  };
  return mailer;
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 1000) || 'unknown error';
}

/**
 * A 5xx answer (mailbox unknown, message refused) will not change on retry. Authentication
 * failures are the exception: they are the server's configuration, which an operator fixes.
 */
function isPermanent(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && code !== 'EAUTH';
}
