import { z } from 'zod';
import { AppError } from '../../platform/index.js';

/** A phone number in E.164: `+`, a country code and up to 15 digits in all. */
export const e164Schema = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164, such as +14255550100');

/** One one-time code to text to a phone. */
export const smsCodeRequestSchema = z.strictObject({
  /** E.164, as `toE164` (src/mfa) returns it. */
  to: e164Schema,
  /** A BCP 47 tag such as `ar-EG`; unsupported languages fall back to `en`. */
  lang: z.string().max(256),
  code: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'must be 1–32 letters, digits or dashes'),
  minutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  /** Quoted, not validated: rendering cleans and shortens it. */
  appName: z.string().max(4096).optional(),
});
export type SmsCodeRequest = z.input<typeof smsCodeRequestSchema>;

export type SmsDelivery = 'gateway' | 'outbox';

/**
 * What `sendCode` did. `cap_reached`: a daily cap (per phone or per tenant) refused it, and
 * nothing was sent or stored. `delivery_failed`: the gateway refused it or did not answer; the
 * message is `failed` in the outbox.
 */
export type SendSmsResult =
  | { ok: true; id: string; delivery: SmsDelivery }
  | { ok: false; reason: 'cap_reached' }
  | { ok: false; reason: 'delivery_failed'; id: string };

export const SMS_STATUSES = ['stored', 'sent', 'failed'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/** One text message of the outbox, as the admin API shows it. */
export interface SmsMessage {
  id: string;
  createdDateTime: string;
  /** E.164. */
  to: string;
  language: string;
  /** The text; null once a message sent through a gateway is sent or failed. */
  text: string | null;
  delivery: SmsDelivery;
  /** `stored`: not sent (dev outbox, or a send under way); `sent`: accepted by the gateway; `failed`. */
  status: SmsStatus;
  lastError: string | null;
  sentDateTime: string | null;
}

export const smsErrors = {
  invalidMessage: (message: string, target?: string) =>
    new AppError('invalid_sms_message', 'invalid', `The text message is not valid: ${message}`, target),
};
