import type { Db } from '../storage/index.js';
import { EVENTS, eventOfExtensionType, eventOfListenerType } from './events.js';
import type {
  ClaimsMappingPolicy,
  CustomExtension,
  ExtensionSettings,
  Listener,
  ListenerHandler,
} from './model.js';

/** The queries of the extensions domain: the only code that touches its tables. */

type ExtensionRow = {
  id: string;
  tenant_id: string;
  kind: string;
  display_name: string;
  description: string | null;
  settings: string;
};

const toExtension = (row: ExtensionRow): CustomExtension => ({
  id: row.id,
  tenantId: row.tenant_id,
  event: eventOfExtensionType(row.kind) ?? 'tokenIssuanceStart',
  displayName: row.display_name,
  description: row.description,
  settings: JSON.parse(row.settings) as ExtensionSettings,
});

type ListenerRow = {
  id: string;
  tenant_id: string;
  kind: string;
  priority: number;
  extension_id: string;
  include_applications: string;
  handler: string;
  created_at: string;
};

const toListener = (row: ListenerRow): Listener => {
  const stored = JSON.parse(row.handler) as Omit<ListenerHandler, 'extensionId'> & {
    displayName?: string | null;
    includeAllApplications?: boolean;
  };
  const { displayName = null, includeAllApplications = false, ...handler } = stored;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    event: eventOfListenerType(row.kind) ?? 'tokenIssuanceStart',
    displayName,
    priority: Number(row.priority),
    includeAllApplications,
    includeApplications: JSON.parse(row.include_applications) as string[],
    handler: { ...handler, extensionId: row.extension_id },
    createdAt: row.created_at,
  };
};

export const extensionStore = {
  async insert(db: Db, extension: CustomExtension, now: string): Promise<void> {
    await db
      .insertInto('extensions_custom')
      .values({
        id: extension.id,
        tenant_id: extension.tenantId,
        kind: EVENTS[extension.event].extensionType,
        display_name: extension.displayName,
        description: extension.description,
        settings: JSON.stringify(extension.settings),
        created_at: now,
        updated_at: now,
      })
      .execute();
  },
  async update(db: Db, extension: CustomExtension, now: string): Promise<void> {
    await db
      .updateTable('extensions_custom')
      .set({
        display_name: extension.displayName,
        description: extension.description,
        settings: JSON.stringify(extension.settings),
        updated_at: now,
      })
      .where('tenant_id', '=', extension.tenantId)
      .where('id', '=', extension.id)
      .execute();
  },
  async find(db: Db, tenantId: string, id: string): Promise<CustomExtension | undefined> {
    const row = await db
      .selectFrom('extensions_custom')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toExtension(row);
  },
  async list(db: Db, tenantId: string): Promise<CustomExtension[]> {
    const rows = await db
      .selectFrom('extensions_custom')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toExtension);
  },
  async count(db: Db, tenantId: string): Promise<number> {
    const row = await db
      .selectFrom('extensions_custom')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async delete(db: Db, tenantId: string, id: string): Promise<void> {
    await db.deleteFrom('extensions_custom').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  },
};

export const listenerStore = {
  async insert(db: Db, listener: Listener): Promise<void> {
    const { extensionId, ...handler } = listener.handler;
    await db
      .insertInto('extensions_listeners')
      .values({
        id: listener.id,
        tenant_id: listener.tenantId,
        kind: EVENTS[listener.event].listenerType,
        priority: listener.priority,
        extension_id: extensionId,
        include_applications: JSON.stringify(listener.includeApplications),
        handler: JSON.stringify({
          ...handler,
          displayName: listener.displayName,
          includeAllApplications: listener.includeAllApplications,
        }),
        created_at: listener.createdAt,
      })
      .execute();
  },
  async replace(db: Db, listener: Listener): Promise<void> {
    await db
      .deleteFrom('extensions_listeners')
      .where('tenant_id', '=', listener.tenantId)
      .where('id', '=', listener.id)
      .execute();
    await listenerStore.insert(db, listener);
  },
  async find(db: Db, tenantId: string, id: string): Promise<Listener | undefined> {
    const row = await db
      .selectFrom('extensions_listeners')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toListener(row);
  },
  async list(db: Db, tenantId: string): Promise<Listener[]> {
    const rows = await db
      .selectFrom('extensions_listeners')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toListener);
  },
  async delete(db: Db, tenantId: string, id: string): Promise<void> {
    await db
      .deleteFrom('extensions_listeners')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  },
};

type PolicyRow = { id: string; tenant_id: string; display_name: string; definition: string };

export const claimsMappingStore = {
  async insert(db: Db, policy: Omit<ClaimsMappingPolicy, 'claims'>, now: string): Promise<void> {
    await db
      .insertInto('extensions_claims_mapping_policies')
      .values({
        id: policy.id,
        tenant_id: policy.tenantId,
        display_name: policy.displayName,
        definition: policy.definition,
        created_at: now,
      })
      .execute();
  },
  async update(db: Db, policy: Omit<ClaimsMappingPolicy, 'claims'>): Promise<void> {
    await db
      .updateTable('extensions_claims_mapping_policies')
      .set({ display_name: policy.displayName, definition: policy.definition })
      .where('tenant_id', '=', policy.tenantId)
      .where('id', '=', policy.id)
      .execute();
  },
  async find(db: Db, tenantId: string, id: string): Promise<PolicyRow | undefined> {
    return db
      .selectFrom('extensions_claims_mapping_policies')
      .select(['id', 'tenant_id', 'display_name', 'definition'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async list(db: Db, tenantId: string): Promise<PolicyRow[]> {
    return db
      .selectFrom('extensions_claims_mapping_policies')
      .select(['id', 'tenant_id', 'display_name', 'definition'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },
  async delete(db: Db, tenantId: string, id: string): Promise<void> {
    await db
      .deleteFrom('extensions_claims_mapping_assignments')
      .where('tenant_id', '=', tenantId)
      .where('policy_id', '=', id)
      .execute();
    await db
      .deleteFrom('extensions_claims_mapping_policies')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  },
  async assign(db: Db, tenantId: string, servicePrincipalId: string, policyId: string): Promise<void> {
    await db
      .insertInto('extensions_claims_mapping_assignments')
      .values({ tenant_id: tenantId, service_principal_id: servicePrincipalId, policy_id: policyId })
      .execute();
  },
  async unassign(db: Db, tenantId: string, servicePrincipalId: string, policyId: string): Promise<number> {
    const result = await db
      .deleteFrom('extensions_claims_mapping_assignments')
      .where('tenant_id', '=', tenantId)
      .where('service_principal_id', '=', servicePrincipalId)
      .where('policy_id', '=', policyId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  /** Each assignment: which service principal has which policy. */
  async assignments(
    db: Db,
    tenantId: string,
  ): Promise<{ service_principal_id: string; policy_id: string }[]> {
    return db
      .selectFrom('extensions_claims_mapping_assignments')
      .select(['service_principal_id', 'policy_id'])
      .where('tenant_id', '=', tenantId)
      .execute();
  },
};

export const callStore = {
  async insert(
    db: Db,
    row: { id: string; tenantId: string; correlationId: string; createdAt: string; call: unknown },
  ): Promise<void> {
    await db
      .insertInto('extensions_calls')
      .values({
        id: row.id,
        tenant_id: row.tenantId,
        correlation_id: row.correlationId,
        created_at: row.createdAt,
        call: JSON.stringify(row.call),
      })
      .execute();
  },
  async ofSignIns(db: Db, tenantId: string, correlationIds: string[]) {
    if (correlationIds.length === 0) return [];
    return db
      .selectFrom('extensions_calls')
      .select(['correlation_id', 'call', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('correlation_id', 'in', correlationIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },
  async purgeBefore(db: Db, before: string): Promise<number> {
    const result = await db
      .deleteFrom('extensions_calls')
      .where('created_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
