import { isAllowedUrl } from '../extensions/model';

/** The JSON shapes of the webhook routes (src/extensions/webhooks/model.ts). */

/** The events a webhook may subscribe to, in the API's order (stable names: the receivers' contract). */
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

/** A webhook as the API shows it: the secret never, only its first characters. */
export interface Webhook {
  id: string;
  displayName: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  /** Why Gatehouse disabled it (its deliveries kept failing); null otherwise. */
  disabledReason: string | null;
  disabledDateTime: string | null;
  secretHint: string;
  createdDateTime: string;
  modifiedDateTime: string | null;
}

/** The answer of create and rotateSecret: the only time the secret is shown. */
export type WebhookWithSecret = Webhook & { secret: string };

/** One attempt to deliver one message. */
export interface WebhookDelivery {
  id: string;
  messageId: string;
  eventType: string;
  attempt: number;
  createdDateTime: string;
  statusCode: number | null;
  error: string | null;
  durationInMilliseconds: number;
  outcome: 'delivered' | 'failed';
  nextAttemptDateTime: string | null;
}

export type WebhookState = 'active' | 'off' | 'failing';

/** Active, turned off by an admin, or turned off by Gatehouse after its deliveries kept failing. */
export const stateOf = (webhook: Webhook): WebhookState =>
  webhook.enabled ? 'active' : webhook.disabledReason ? 'failing' : 'off';

/** What the create and edit forms hold. */
export interface WebhookDraft {
  displayName: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
}

export const draftOf = (webhook?: Webhook): WebhookDraft => ({
  displayName: webhook?.displayName ?? '',
  url: webhook?.url ?? '',
  events: webhook?.events ?? [],
  enabled: webhook?.enabled ?? true,
});

export type DraftProblem = 'displayName' | 'url' | 'events';

export function draftProblems(draft: WebhookDraft): Set<DraftProblem> {
  const problems = new Set<DraftProblem>();
  if (!draft.displayName.trim()) problems.add('displayName');
  if (!isAllowedUrl(draft.url.trim())) problems.add('url');
  if (draft.events.length === 0) problems.add('events');
  return problems;
}
