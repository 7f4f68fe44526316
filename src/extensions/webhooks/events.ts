import type { DirectoryUser, UserEvent } from '../../directory/index.js';
import { type DirectoryAudit, INTERRUPTION_ERROR_CODES, type WrittenSignIn } from '../../insights/index.js';
import type { RiskDetection } from '../../protection/index.js';
import type { Db } from '../../storage/index.js';
import type { WebhookEventType } from './model.js';

/**
 * One event as a producer hands it over. `data` is built only when a webhook of the tenant
 * wants the type, so an event nobody subscribed to costs a cache lookup and nothing more.
 */
export interface WebhookEvent {
  type: WebhookEventType;
  /** The user the event is about: a webhook receives one user's events in order. */
  userId: string | null;
  /** The event's `data`, without `tenantId` (added for every event). */
  data: () => Promise<Record<string, unknown>> | Record<string, unknown>;
}

/**
 * The port the producing domains write to, in the transaction of their own write (a durable
 * outbox): nothing is written when no enabled webhook of the tenant wants the type.
 */
export type EnqueueWebhookEvents = (trx: Db, tenantId: string, events: WebhookEvent[]) => Promise<void>;

/** The Standard Webhooks body: `{type, timestamp, data}`, data carrying the tenant first. */
export const payloadOf = (type: string, timestamp: string, tenantId: string, data: Record<string, unknown>) =>
  JSON.stringify({ type, timestamp, data: { tenantId, ...data } });

/** The user as the admin API shows it (the tenant is in `data` already). Never a secret. */
function userView(user: DirectoryUser): Omit<DirectoryUser, 'tenantId'> {
  const { tenantId: _tenant, ...rest } = user;
  return rest;
}

const USER_TYPES: Record<UserEvent['kind'], WebhookEventType> = {
  created: 'user.created',
  updated: 'user.updated',
  deleted: 'user.deleted',
  signedUp: 'user.signedUp',
  passwordReset: 'user.passwordReset',
};

/** user.*: `{userId, user}` (for user.deleted, the user as it was). */
export function userWebhookEvent(event: UserEvent): WebhookEvent {
  return {
    type: USER_TYPES[event.kind],
    userId: event.userId,
    data: async () => ({ userId: event.userId, user: userView(await event.user()) }),
  };
}

/**
 * signIn.succeeded / signIn.failed: `{signInId, userId, appId, signIn}` (the Graph signIn).
 * The log's interruptions (MFA required, password change required) are not failures: the
 * sign-in goes on, and its outcome is the event.
 */
export function signInWebhookEvent(written: WrittenSignIn): WebhookEvent | undefined {
  if (INTERRUPTION_ERROR_CODES.has(written.errorCode)) return undefined;
  return {
    type: written.errorCode === 0 ? 'signIn.succeeded' : 'signIn.failed',
    userId: written.userId,
    data: () => {
      const signIn = written.signIn();
      return { signInId: signIn.id, userId: signIn.userId, appId: signIn.appId, signIn };
    },
  };
}

/** risk.detected: `{riskDetectionId, userId, riskDetection}` (Graph riskDetection). */
export function riskWebhookEvent(detection: RiskDetection): WebhookEvent {
  return {
    type: 'risk.detected',
    userId: detection.userId,
    data: () => ({ riskDetectionId: detection.id, userId: detection.userId, riskDetection: detection }),
  };
}

/** directoryAudit.created: `{directoryAuditId, directoryAudit}` (Graph directoryAudit). */
export function auditWebhookEvent(audit: DirectoryAudit): WebhookEvent {
  return {
    type: 'directoryAudit.created',
    userId: null,
    data: () => ({ directoryAuditId: audit.id, directoryAudit: audit }),
  };
}
