import type { UserEventListener } from '../../directory/index.js';
import type { AuditTrailDeps, SignInRecorderDeps } from '../../insights/index.js';
import type { IdentityProtectionServiceDeps } from '../../protection/index.js';
import {
  auditWebhookEvent,
  type EnqueueWebhookEvents,
  riskWebhookEvent,
  signInWebhookEvent,
  userWebhookEvent,
  type WebhookEvent,
} from './events.js';

export {
  auditWebhookEvent,
  type EnqueueWebhookEvents,
  riskWebhookEvent,
  signInWebhookEvent,
  userWebhookEvent,
  type WebhookEvent,
} from './events.js';
export * from './model.js';
export {
  createWebhookService,
  GATEHOUSE_INITIATOR,
  WEBHOOKS_CHANGED,
  type WebhookService,
  type WebhookServiceDeps,
} from './service.js';

/**
 * The hooks each producing domain takes, writing its events to the webhook outbox inside the
 * domain's own transaction: users (directory), sign-ins (the sign-in log), risk detections
 * (Identity Protection) and audit entries (the audit trail).
 */
export function webhookProducers(enqueue: EnqueueWebhookEvents) {
  const onUserEvent: UserEventListener = (trx, event) =>
    enqueue(trx, event.tenantId, [userWebhookEvent(event)]);
  const onSignInsWritten: NonNullable<SignInRecorderDeps['onWritten']> = async (trx, written) => {
    const byTenant = new Map<string, WebhookEvent[]>();
    for (const entry of written) {
      const event = signInWebhookEvent(entry);
      if (!event) continue;
      const events = byTenant.get(entry.tenantId) ?? [];
      events.push(event);
      byTenant.set(entry.tenantId, events);
    }
    for (const [tenantId, events] of byTenant) await enqueue(trx, tenantId, events);
  };
  const onDetectionsWritten: NonNullable<IdentityProtectionServiceDeps['onDetectionsWritten']> = (
    trx,
    tenantId,
    detections,
  ) => enqueue(trx, tenantId, detections.map(riskWebhookEvent));
  const onAuditRecorded: NonNullable<AuditTrailDeps['onRecorded']> = (trx, tenantId, audit) =>
    enqueue(trx, tenantId, [auditWebhookEvent(audit)]);
  return { onUserEvent, onSignInsWritten, onDetectionsWritten, onAuditRecorded };
}
