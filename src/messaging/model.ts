import { z } from 'zod';
import { AppError } from '../platform/index.js';

/** No CR or LF: header values must not be able to add headers of their own. */
const singleLine = (value: string) => !/[\r\n]/.test(value);

const ADDRESS = /^[^@\s<>()[\]\\,;:"]+@[^@\s<>()[\]\\,;:"]+$/;

/** One email address, such as `ada@example.com`. */
export const emailAddressSchema = z
  .string()
  .trim()
  .max(254)
  .regex(ADDRESS, 'must be an email address such as ada@example.com');

/** Whether `value` is a mailbox: `addr@domain` or `Display Name <addr@domain>`. */
export function isMailbox(value: string): boolean {
  if (value.length > 320 || !singleLine(value)) return false;
  const named = /^([^<>"]*|"[^"]*")\s*<([^<>]+)>$/.exec(value.trim());
  return ADDRESS.test(named ? (named[2] ?? '') : value.trim());
}

/** A from-address: `addr@domain` or `Display Name <addr@domain>`. */
export const mailboxSchema = z.string().trim().min(3).max(320).refine(isMailbox, {
  message: 'must be an address such as no-reply@example.com or Name <no-reply@example.com>',
});

/** One email message a tenant sends (a verification code, a password reset link…). */
export const emailMessageSchema = z.strictObject({
  to: emailAddressSchema,
  subject: z.string().min(1).max(998).refine(singleLine, { message: 'must be one line' }),
  text: z.string().max(100_000),
  html: z.string().max(500_000).optional(),
  /** Overrides the tenant's from-address. */
  from: mailboxSchema.optional(),
});
export type EmailMessage = z.input<typeof emailMessageSchema>;

/** Where a message went: sent through SMTP, or stored in the dev outbox. */
export interface SendResult {
  id: string;
  delivery: 'smtp' | 'outbox';
}

/** One message of the dev outbox, as the admin API shows it. */
export interface OutboxMessage {
  id: string;
  createdDateTime: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface MessagingSettings {
  /** The tenant's from-address; null when it uses the server default. */
  fromAddress: string | null;
}

export const updateMessagingSettingsSchema = z.strictObject({
  fromAddress: mailboxSchema.nullable(),
});
export type UpdateMessagingSettingsInput = z.input<typeof updateMessagingSettingsSchema>;

export const messagingErrors = {
  deliveryFailed: () =>
    new AppError('mail_delivery_failed', 'unavailable', 'The email could not be handed to the mail server.'),
};
