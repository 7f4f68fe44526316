import { type Clock, createRateLimiter, type Logger, newId, type SharedState } from '../../platform/index.js';
import { type Db, decodeCursor, type Page } from '../../storage/index.js';
import type { SmsGateway } from './gateway.js';
import {
  type SendSmsResult,
  type SmsCodeRequest,
  type SmsMessage,
  type SmsStatus,
  smsCodeRequestSchema,
  smsErrors,
} from './model.js';
import { smsStore } from './store.js';
import { renderSmsCode } from './templates.js';

export interface SmsSenderDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Where the daily caps are counted, so they hold across every node. */
  state: SharedState;
  /** Without one, messages go to the dev outbox. */
  gateway?: SmsGateway;
  /** Texts one phone number may get from one tenant per 24 hours. */
  dailyCapPerPhone?: number;
  /** Texts one tenant may send per 24 hours. */
  dailyCapPerTenant?: number;
  /** Told of each text the gateway did not take (never retried): operator metrics. */
  onDeliveryFailure?: () => void;
}

export type SmsSender = ReturnType<typeof createSmsSender>;

const DAY_MS = 24 * 60 * 60_000;

/** `+14255550100` → `+14•••••••00`: enough to tell numbers apart in a log, not to dial one. */
const mask = (e164: string) =>
  `${e164.slice(0, 3)}${'•'.repeat(Math.max(0, e164.length - 5))}${e164.slice(-2)}`;

/**
 * One-time codes by text message. Every message is counted against two daily caps first
 * (against toll fraud: someone pumping texts to premium numbers through a sign-up page), then
 * stored as a row of `messaging_sms_outbox`. With a gateway, it is sent at once and the row
 * marked `sent` or `failed` (there are no retries: a code is worth resending only while the user
 * waits, and they can ask again); the text is then cleared and never logged. Without one, the
 * row stays `stored` in the dev outbox and the log shows the code.
 */
export function createSmsSender({
  db,
  clock,
  logger,
  state,
  gateway,
  dailyCapPerPhone = 10,
  dailyCapPerTenant = 1000,
  onDeliveryFailure,
}: SmsSenderDeps) {
  const log = logger.child({ component: 'sms' });
  // Fixed 24-hour windows, opened by each subject's first text.
  const perPhone = createRateLimiter(state, { name: 'sms-phone', limit: dailyCapPerPhone, windowMs: DAY_MS });
  const perTenant = createRateLimiter(state, {
    name: 'sms-tenant',
    limit: dailyCapPerTenant,
    windowMs: DAY_MS,
  });

  return {
    /** Where messages go: `gateway` with one configured, `outbox` without. */
    delivery: (gateway ? 'gateway' : 'outbox') as 'gateway' | 'outbox',

    /**
     * Texts a one-time code in the user's language. Refused (and nothing stored) when a daily
     * cap is reached. With a gateway, resolves after the gateway answered (at most its timeout).
     */
    async sendCode(tenantId: string, request: SmsCodeRequest): Promise<SendSmsResult> {
      const parsed = smsCodeRequestSchema.safeParse(request);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw smsErrors.invalidMessage(issue?.message ?? 'invalid', issue?.path.join('.'));
      }
      const { to, lang, code, minutes, appName } = parsed.data;
      const context = { tenantId, to: mask(to) };

      // The phone's cap first: a refused number does not eat into the tenant's allowance.
      const phone = await perPhone.consume(`${tenantId}:${to}`);
      if (!phone.allowed) {
        log.warn({ ...context, cap: dailyCapPerPhone }, 'SMS refused: daily cap per phone number reached');
        return { ok: false, reason: 'cap_reached' };
      }
      const tenant = await perTenant.consume(tenantId);
      if (!tenant.allowed) {
        log.warn({ ...context, cap: dailyCapPerTenant }, 'SMS refused: daily cap of the tenant reached');
        return { ok: false, reason: 'cap_reached' };
      }

      const sms = renderSmsCode(lang, { code, minutes, appName });
      const id = newId();
      await smsStore.insert(db, {
        id,
        tenant_id: tenantId,
        created_at: clock.now().toISOString(),
        to,
        text: sms.text,
        lang: sms.lang,
        delivery: gateway ? 'gateway' : 'outbox',
        status: 'stored',
        last_error: null,
        sent_at: null,
      });

      if (!gateway) {
        // Dev outbox only: the code in the log is how a newcomer signs in on a laptop.
        log.info(
          { ...context, messageId: id },
          `dev outbox (no GATEHOUSE_SMS_GATEWAY_URL): SMS to ${to} stored, not sent, code ${code}; read it at GET /api/v1/tenants/${tenantId}/smsOutbox`,
        );
        return { ok: true, id, delivery: 'outbox' };
      }

      try {
        await gateway.send({ to, text: sms.text, tenantId, messageId: id });
      } catch (error) {
        const message = errorText(error);
        onDeliveryFailure?.();
        await smsStore.settle(db, id, { status: 'failed', error: message });
        log.error({ ...context, messageId: id, err: { message } }, 'SMS delivery failed');
        return { ok: false, reason: 'delivery_failed', id };
      }
      await smsStore.settle(db, id, { status: 'sent', at: clock.now().toISOString() });
      log.info({ ...context, messageId: id }, 'SMS sent');
      return { ok: true, id, delivery: 'gateway' };
    },

    /** The text messages of a tenant, newest first; optionally only those of one status. */
    listOutbox(
      tenantId: string,
      page: { top: number; skipToken?: string; status?: SmsStatus },
    ): Promise<Page<SmsMessage>> {
      return smsStore.list(
        db,
        tenantId,
        page.top,
        page.skipToken ? decodeCursor(page.skipToken) : undefined,
        page.status,
      );
    },
  };
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 1000) || 'unknown error';
}
