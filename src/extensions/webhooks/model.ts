import { z } from 'zod';
import { isSafeText } from '../../directory/index.js';
import { providerUrlProblem } from '../../federation/index.js';
import { AppError } from '../../platform/index.js';

/**
 * The events a webhook may subscribe to: dot-separated, stable names (they are part of the
 * contract with every receiver; add new ones, never rename). `webhook.test` is sent only by
 * the "send test event" action, to the one webhook it names.
 */
export const WEBHOOK_EVENT_TYPES = [
  'signIn.succeeded',
  'signIn.failed',
  'user.signedUp',
  'user.passwordReset',
  'user.created',
  'user.updated',
  'user.deleted',
  'risk.detected',
  'directoryAudit.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const TEST_EVENT_TYPE = 'webhook.test';

/** How many webhooks a tenant may have: bounds the fan-out of every event. */
export const MAX_WEBHOOKS_PER_TENANT = 20;

/**
 * The wait before each retry of a failed message (Standard Webhooks' reference schedule):
 * attempt 1 at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. When the last attempt
 * fails too (about 28 hours after the first), the message is given up and the webhook disabled.
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 60 * 60_000,
  5 * 60 * 60_000,
  10 * 60 * 60_000,
  10 * 60 * 60_000,
] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** How long one attempt may take (connection, answer) before it counts as failed. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** After a rotation, the old secret keeps signing (beside the new one) this long. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60_000;

/** How long delivered and given-up messages, and the delivery log, are kept. */
export const WEBHOOK_RETENTION_DAYS = 30;
export const webhookRetentionCutoff = (now: Date): Date =>
  new Date(now.getTime() - WEBHOOK_RETENTION_DAYS * 24 * 60 * 60_000);

/** A webhook as the admin API shows it: the secret never, only its first characters. */
export interface Webhook {
  id: string;
  displayName: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  /** Why Gatehouse disabled it (its deliveries kept failing); null when enabled or an admin disabled it. */
  disabledReason: string | null;
  disabledDateTime: string | null;
  /** The secret's first characters, to tell secrets apart. */
  secretHint: string;
  createdDateTime: string;
  modifiedDateTime: string | null;
}

/** The answer of create and rotateSecret: the only time the secret is shown. */
export type WebhookWithSecret = Webhook & { secret: string };

/** One attempt to deliver one message. */
export interface WebhookDelivery {
  id: string;
  /** The message (`webhook-id` header); each retry of a message carries the same one. */
  messageId: string;
  eventType: string;
  /** 1 for the first attempt of the message. */
  attempt: number;
  /** When the attempt was made. */
  createdDateTime: string;
  /** The receiver's HTTP status; null when no answer came (the error says why). */
  statusCode: number | null;
  error: string | null;
  durationInMilliseconds: number;
  /** delivered: a 2xx answer. failed: anything else. */
  outcome: 'delivered' | 'failed';
  /** When the message is tried again; null when it was delivered or given up. */
  nextAttemptDateTime: string | null;
}

// ---------------------------------------------------------------------------------------------
// Errors

export const webhookErrors = {
  notFound: (id: string) =>
    new AppError('webhook_not_found', 'notFound', `Webhook '${id}' does not exist.`, 'id'),
  tooMany: () =>
    new AppError(
      'webhook_limit_reached',
      'conflict',
      `A tenant has at most ${MAX_WEBHOOKS_PER_TENANT} webhooks; delete one first.`,
    ),
  /** The stored secret no longer opens: another master key, or a tampered row. */
  secretUnreadable: (id: string) =>
    new AppError(
      'webhook_secret_unreadable',
      'unavailable',
      `The secret of webhook '${id}' cannot be decrypted with this master key; rotate it.`,
      'id',
    ),
};

// ---------------------------------------------------------------------------------------------
// Schemas (the admin API's bodies)

const displayNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(256, { message: 'must be at most 256 characters' })
  .refine(isSafeText, { message: 'must not contain control characters' });

/** https, or http to this machine (a local receiver while developing). */
const urlSchema = z
  .string()
  .trim()
  .max(2048, { message: 'must be at most 2048 characters' })
  .superRefine((value, ctx) => {
    const problem = providerUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const eventsSchema = z
  .array(
    z.enum(WEBHOOK_EVENT_TYPES, {
      message: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    }),
  )
  .min(1, { message: 'must name at least one event type' })
  .max(WEBHOOK_EVENT_TYPES.length * 2, { message: 'has too many entries' })
  .transform((events) => WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type)));

export const createWebhookSchema = z.strictObject({
  displayName: displayNameSchema,
  url: urlSchema,
  events: eventsSchema,
  enabled: z.boolean().default(true),
});
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

export const updateWebhookSchema = z.strictObject({
  displayName: displayNameSchema.optional(),
  url: urlSchema.optional(),
  events: eventsSchema.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.input<typeof updateWebhookSchema>;
