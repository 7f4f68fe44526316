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

/** The messages Gatehouse sends; each has a template in every supported language. */
export const MAIL_TEMPLATES = ['verificationCode', 'signInCode', 'resetCode', 'passwordChanged'] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/** The templates that carry a one-time code. */
export const CODE_TEMPLATES: readonly MailTemplate[] = ['verificationCode', 'signInCode', 'resetCode'];

/** The languages of the email catalogs; any other language falls back to `en`. */
export const MAIL_LANGUAGES = ['en', 'es', 'fr', 'de', 'ja', 'ar'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** What a template is filled with. */
export const mailDataSchema = z.strictObject({
  /** The one-time code: letters, digits and dashes. */
  code: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,32}$/, 'must be 1–32 letters, digits or dashes')
    .optional(),
  /** How long the code is valid. */
  minutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  // Names are quoted, not validated: rendering strips line breaks and control characters
  // and shortens them, so a long or odd name never stops a code from going out.
  /** The application the user signs up or in to. */
  appName: z.string().max(4096).optional(),
  /** The user's name, for the greeting. */
  displayName: z.string().max(4096).optional(),
});
export type MailData = z.input<typeof mailDataSchema>;

/** One email to send: a template, its recipient, the user's language and the template's data. */
export const mailRequestSchema = z
  .strictObject({
    template: z.enum(MAIL_TEMPLATES),
    to: emailAddressSchema,
    /** A BCP 47 tag such as `ar-EG`; unsupported languages fall back to `en`. */
    lang: z.string().max(256),
    data: mailDataSchema,
  })
  .refine((m) => !CODE_TEMPLATES.includes(m.template) || m.data.code !== undefined, {
    message: 'this template needs data.code',
    path: ['data', 'code'],
  });
export type MailRequest = z.input<typeof mailRequestSchema>;

/** Where a message goes: to the SMTP server (queued, sent in the background) or the dev outbox. */
export interface EnqueueResult {
  id: string;
  delivery: 'smtp' | 'outbox';
}

/** A tenant's look in email, from its branding. Values that are not safe are ignored. */
export interface MailBranding {
  companyName: string | null;
  /** An absolute http(s) URL. */
  logoUrl: string | null;
  /** `#rgb` or `#rrggbb`. */
  accentColor: string | null;
}

export const OUTBOX_STATUSES = ['stored', 'pending', 'sending', 'sent', 'failed'] as const;
export type OutboxMessageStatus = (typeof OUTBOX_STATUSES)[number];

/** One message of the outbox, as the admin API shows it. */
export interface OutboxMessage {
  id: string;
  createdDateTime: string;
  template: string | null;
  language: string | null;
  from: string;
  to: string;
  subject: string;
  /** The bodies; null once cleared (a message sent, or given up on, through SMTP). */
  text: string | null;
  html: string | null;
  /**
   * `stored`: in the dev outbox, never sent. `pending`: waiting for its (next) attempt;
   * `sending`: an attempt is under way; `sent`: accepted by the mail server; `failed`: given up.
   */
  status: OutboxMessageStatus;
  attempts: number;
  lastAttemptDateTime: string | null;
  nextAttemptDateTime: string | null;
  lastError: string | null;
  sentDateTime: string | null;
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
  invalidMessage: (message: string, target?: string) =>
    new AppError('invalid_mail_message', 'invalid', `The email message is not valid: ${message}`, target),
};
