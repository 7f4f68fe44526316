import type { AuditEntry } from '../../insights/index.js';
import {
  CACHES_STALE,
  type Clock,
  type EventBus,
  type Logger,
  newId,
  type OutboundFetch,
  type SecretBox,
  staleTenantOf,
} from '../../platform/index.js';
import { bumpConfigVersion, type Db, decodeCursor, type Page } from '../../storage/index.js';
import { createWebhookDispatcher, sortableId } from './dispatcher.js';
import { type EnqueueWebhookEvents, payloadOf } from './events.js';
import {
  type CreateWebhookInput,
  createWebhookSchema,
  MAX_WEBHOOKS_PER_TENANT,
  PREVIOUS_SECRET_TTL_MS,
  TEST_EVENT_TYPE,
  type UpdateWebhookInput,
  updateWebhookSchema,
  type Webhook,
  type WebhookDelivery,
  type WebhookWithSecret,
  webhookErrors,
  webhookRetentionCutoff,
} from './model.js';
import { hintOf, newSecret, sealedWith } from './secrets.js';
import { type MessageRow, toWebhook, type WebhookRow, webhookStore } from './store.js';

/** Published with `{ tenantId }` when a tenant's webhooks change: every node drops what it cached. */
export const WEBHOOKS_CHANGED = 'webhooks.changed';

/** How Gatehouse names itself in the audit trail when it acts on its own (disabling a webhook). */
export const GATEHOUSE_INITIATOR = { app: { appId: 'gatehouse', displayName: 'Gatehouse' } } as const;

export interface WebhookServiceDeps {
  db: Db;
  clock: Clock;
  box: SecretBox;
  events: EventBus;
  logger: Logger;
  /** The outbound policy's fetch. */
  fetch: OutboundFetch;
  /** Writes an entry of the audit trail (the webhook Gatehouse disabled). */
  audit: (entry: AuditEntry) => Promise<unknown>;
  /** Another topic ({tenantId}) after which the cache of a tenant is dropped, e.g. a tenant deleted. */
  tenantChangedTopic?: string;
  /** How long one delivery attempt may take (default 10 s). */
  timeoutMs?: number;
}

export type WebhookService = ReturnType<typeof createWebhookService>;

/** What an enabled webhook of a tenant wants (the subscription cache). */
interface Subscription {
  webhookId: string;
  events: ReadonlySet<string>;
}

/** Tenants whose subscriptions are cached at most; past it, the cache starts afresh. */
const MAX_CACHED_TENANTS = 10_000;
/** Rows per INSERT of messages stays under both databases' bound-parameter limits. */
const MESSAGES_PER_INSERT = 1000;
/** Rows deleted per transaction by the retention purge. */
const PURGE_BATCH = 5000;

const newMessageId = (at: Date) => `msg_${sortableId(at)}`;

/**
 * A tenant's event webhooks: their configuration (secrets sealed at rest, shown once), the
 * outbox producers write to in their own transactions (`enqueue`), the dispatcher that
 * delivers it, the delivery log, and the test event.
 */
export function createWebhookService({
  db,
  clock,
  box,
  events,
  logger,
  fetch,
  audit,
  tenantChangedTopic,
  timeoutMs,
}: WebhookServiceDeps) {
  const nowIso = () => clock.now().toISOString();

  // --- the subscription cache: which enabled webhook of a tenant wants which types

  const cache = new Map<string, Promise<Subscription[]>>();
  /** Bumped on every drop, so a load that started before a change does not outlive it. */
  let generation = 0;
  const drop = (tenantId: string | undefined) => {
    generation++;
    if (tenantId === undefined) cache.clear();
    else cache.delete(tenantId);
  };
  events.subscribe(WEBHOOKS_CHANGED, (payload) => drop(String(payload.tenantId)));
  events.subscribe(CACHES_STALE, (payload) => drop(staleTenantOf(payload)));
  if (tenantChangedTopic) events.subscribe(tenantChangedTopic, (payload) => drop(String(payload.tenantId)));

  /** Read through the caller's transaction: on SQLite another connection would wait for it. */
  function subscriptionsOf(trx: Db, tenantId: string): Promise<Subscription[]> {
    const cached = cache.get(tenantId);
    if (cached) return cached;
    if (cache.size >= MAX_CACHED_TENANTS) cache.clear();
    const loadedIn = generation;
    const loading = webhookStore
      .subscriptions(trx, tenantId)
      .then((rows) =>
        rows.map((row) => ({ webhookId: row.id, events: new Set(JSON.parse(row.events) as string[]) })),
      );
    cache.set(tenantId, loading);
    const forget = () => {
      if (cache.get(tenantId) === loading) cache.delete(tenantId);
    };
    loading.then(() => {
      if (generation !== loadedIn) forget();
    }, forget);
    return loading;
  }

  /** Commits a change to a tenant's webhooks and tells every node (and a node that missed it, later). */
  async function change<T>(tenantId: string, work: (trx: Db) => Promise<T>): Promise<T> {
    const result = await db.transaction().execute(async (trx) => {
      const value = await work(trx);
      await bumpConfigVersion(trx, tenantId);
      return value;
    });
    events.publish(WEBHOOKS_CHANGED, { tenantId });
    return result;
  }

  async function load(tenantId: string, id: string, trx: Db = db): Promise<WebhookRow> {
    const row = await webhookStore.find(trx, tenantId, id);
    if (!row) throw webhookErrors.notFound(id);
    return row;
  }

  /** Gatehouse disables a webhook whose message failed every attempt, and says so in the audit trail. */
  async function disableAfterFailures(webhook: WebhookRow, message: MessageRow, error: string) {
    const at = nowIso();
    const reason =
      `Every delivery attempt of message ${message.id} (${message.event_type}) failed; the last: ${error}`.slice(
        0,
        1000,
      );
    const disabled = await change(webhook.tenant_id, async (trx) => {
      if (!(await webhookStore.disable(trx, webhook.id, reason, at))) return false;
      await webhookStore.abandon(trx, webhook.id, 'the webhook was disabled');
      return true;
    });
    if (!disabled) return;
    await audit({
      tenantId: webhook.tenant_id,
      category: 'Webhook',
      activityDisplayName: 'Disable webhook',
      operationType: 'Update',
      result: 'success',
      resultReason: reason,
      initiatedBy: GATEHOUSE_INITIATOR,
      targetResources: [
        {
          id: webhook.id,
          type: 'Webhook',
          displayName: webhook.display_name,
          modifiedProperties: [{ displayName: 'enabled', oldValue: 'true', newValue: 'false' }],
        },
      ],
      correlationId: newId(),
    });
  }

  const dispatcher = createWebhookDispatcher({
    db,
    clock,
    box,
    fetch,
    logger,
    timeoutMs,
    onGivenUp: disableAfterFailures,
  });

  const enqueue: EnqueueWebhookEvents = async (trx, tenantId, batch) => {
    if (batch.length === 0) return;
    const subscriptions = await subscriptionsOf(trx, tenantId);
    if (subscriptions.length === 0) return;
    const rows: MessageRow[] = [];
    for (const event of batch) {
      const targets = subscriptions.filter((s) => s.events.has(event.type));
      if (targets.length === 0) continue;
      const at = clock.now();
      const timestamp = at.toISOString();
      const payload = payloadOf(event.type, timestamp, tenantId, await event.data());
      for (const target of targets)
        rows.push({
          id: newMessageId(at),
          tenant_id: tenantId,
          webhook_id: target.webhookId,
          event_type: event.type,
          user_id: event.userId,
          payload,
          status: 'pending',
          attempts: 0,
          next_attempt_at: timestamp,
          claimed_until: null,
          last_error: null,
          created_at: timestamp,
          delivered_at: null,
        });
    }
    for (let start = 0; start < rows.length; start += MESSAGES_PER_INSERT)
      await webhookStore.insertMessages(trx, rows.slice(start, start + MESSAGES_PER_INSERT));
    dispatcher.expect(rows.map((row) => row.id));
  };

  return {
    /**
     * Writes the events' messages in the caller's transaction, one per enabled webhook of the
     * tenant that wants the type (none: nothing written, and `data` never built). They go out
     * once the transaction commits.
     */
    enqueue,

    async list(tenantId: string): Promise<Webhook[]> {
      return (await webhookStore.list(db, tenantId)).map(toWebhook);
    },

    async get(tenantId: string, id: string): Promise<Webhook> {
      return toWebhook(await load(tenantId, id));
    },

    /** Creates a webhook with a new secret, shown in this answer only. */
    async create(tenantId: string, input: CreateWebhookInput): Promise<WebhookWithSecret> {
      const fields = createWebhookSchema.parse(input);
      const id = newId();
      const secret = newSecret();
      const row: WebhookRow = {
        id,
        tenant_id: tenantId,
        display_name: fields.displayName,
        url: fields.url,
        events: JSON.stringify(fields.events),
        enabled: fields.enabled ? 1 : 0,
        secret_sealed: box.seal(secret, sealedWith(tenantId, id)),
        secret_hint: hintOf(secret),
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        disabled_reason: null,
        disabled_at: null,
        created_at: nowIso(),
        modified_at: null,
      };
      await change(tenantId, async (trx) => {
        if ((await webhookStore.count(trx, tenantId)) >= MAX_WEBHOOKS_PER_TENANT)
          throw webhookErrors.tooMany();
        await webhookStore.insert(trx, row);
      });
      return { ...toWebhook(row), secret };
    },

    /**
     * Changes the given properties. Enabling clears why Gatehouse had disabled it; disabling
     * gives up the messages not yet delivered (a disabled webhook gets nothing).
     */
    async update(
      tenantId: string,
      id: string,
      input: UpdateWebhookInput,
    ): Promise<{ before: Webhook; after: Webhook }> {
      const fields = updateWebhookSchema.parse(input);
      return change(tenantId, async (trx) => {
        const row = await load(tenantId, id, trx);
        const at = nowIso();
        const enabled = fields.enabled === undefined ? row.enabled === 1 : fields.enabled;
        const changes: Partial<WebhookRow> = {
          ...(fields.displayName !== undefined && { display_name: fields.displayName }),
          ...(fields.url !== undefined && { url: fields.url }),
          ...(fields.events !== undefined && { events: JSON.stringify(fields.events) }),
          enabled: enabled ? 1 : 0,
          ...(enabled && { disabled_reason: null, disabled_at: null }),
          ...(!enabled && row.enabled === 1 && { disabled_at: at }),
          modified_at: at,
        };
        await webhookStore.update(trx, tenantId, id, changes);
        if (!enabled && row.enabled === 1) await webhookStore.abandon(trx, id, 'the webhook was disabled');
        return { before: toWebhook(row), after: toWebhook({ ...row, ...changes }) };
      });
    },

    /** Deletes a webhook, its undelivered messages and its delivery log. */
    async delete(tenantId: string, id: string): Promise<Webhook> {
      return change(tenantId, async (trx) => {
        const row = await load(tenantId, id, trx);
        await webhookStore.delete(trx, tenantId, id);
        return toWebhook(row);
      });
    },

    /**
     * A new secret, shown in this answer only. The old one keeps signing beside it for 24 hours
     * (each message carries both signatures), so receivers can switch without losing messages.
     */
    async rotateSecret(tenantId: string, id: string): Promise<WebhookWithSecret> {
      const secret = newSecret();
      const row = await change(tenantId, async (trx) => {
        const current = await load(tenantId, id, trx);
        const at = clock.now();
        const changes: Partial<WebhookRow> = {
          secret_sealed: box.seal(secret, sealedWith(tenantId, id)),
          secret_hint: hintOf(secret),
          previous_secret_sealed: current.secret_sealed,
          previous_secret_expires_at: new Date(at.getTime() + PREVIOUS_SECRET_TTL_MS).toISOString(),
          modified_at: at.toISOString(),
        };
        await webhookStore.update(trx, tenantId, id, changes);
        return { ...current, ...changes };
      });
      return { ...toWebhook(row), secret };
    },

    /** The delivery log of a webhook, newest first. */
    async listDeliveries(
      tenantId: string,
      id: string,
      page: { top: number; skipToken?: string },
    ): Promise<Page<WebhookDelivery>> {
      await load(tenantId, id);
      const cursor = page.skipToken ? decodeCursor(page.skipToken) : undefined;
      return webhookStore.listDeliveries(db, tenantId, id, page.top, cursor);
    },

    /**
     * Sends a `webhook.test` event to the webhook now (enabled or not), once, and answers with
     * the attempt as the delivery log shows it. It is not retried and never disables the webhook.
     */
    async sendTest(tenantId: string, id: string): Promise<WebhookDelivery> {
      await load(tenantId, id);
      const at = clock.now();
      const timestamp = at.toISOString();
      const message: MessageRow = {
        id: newMessageId(at),
        tenant_id: tenantId,
        webhook_id: id,
        event_type: TEST_EVENT_TYPE,
        user_id: null,
        payload: payloadOf(TEST_EVENT_TYPE, timestamp, tenantId, {
          webhookId: id,
          message: 'A test event from Gatehouse.',
        }),
        // Claimed by this node from the start: the dispatcher never picks it up.
        status: 'sending',
        attempts: 1,
        next_attempt_at: null,
        claimed_until: new Date(at.getTime() + 60_000).toISOString(),
        last_error: null,
        created_at: timestamp,
        delivered_at: null,
      };
      await webhookStore.insertMessages(db, [message]);
      const delivery = await dispatcher.sendNow(message);
      if (!delivery) throw webhookErrors.notFound(id);
      return delivery;
    },

    /** Delivers what is due now (the periodic job; tests call it after moving the clock). */
    deliverDue: dispatcher.deliverDue,

    /**
     * Deletes delivered and given-up messages and delivery log entries past retention (30
     * days), in batches; returns how many rows went. Idempotent: every node may run it.
     */
    async purgeExpired(): Promise<number> {
      const before = webhookRetentionCutoff(clock.now()).toISOString();
      let total = 0;
      for (const purge of [webhookStore.deleteMessagesBefore, webhookStore.deleteDeliveriesBefore]) {
        for (;;) {
          const deleted = await purge(db, before, PURGE_BATCH);
          total += deleted;
          if (deleted < PURGE_BATCH) break;
        }
      }
      return total;
    },

    /** Resolves when the deliveries started so far have ended (tests). */
    idle: dispatcher.idle,

    /** Stops delivering; what is undelivered stays in the outbox for the next start. */
    close: dispatcher.close,
  };
}
