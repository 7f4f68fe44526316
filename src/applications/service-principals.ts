import type { EventBus } from '../platform/index.js';
import { bumpConfigVersion, type Db, decodeCursor, type Page } from '../storage/index.js';
import { readDefinition, toAppRole } from './definition.js';
import {
  applicationErrors,
  type ServicePrincipal,
  type UpdateServicePrincipalInput,
  updateServicePrincipalSchema,
} from './model.js';
import { type ServicePrincipalJoinedRow, servicePrincipalStore } from './store.js';

export interface ServicePrincipalServiceDeps {
  db: Db;
  events: EventBus;
  /** Topic published when a tenant's registrations change, so protocol caches drop them. */
  changedTopic: string;
}

export type ServicePrincipalService = ReturnType<typeof createServicePrincipalService>;

/**
 * Service principals (Graph `servicePrincipal`): each app registration's instance in its
 * tenant, created and deleted with it. It shows the app's roles and scopes and holds what is
 * the tenant's own: whether users need an app role assignment to sign in.
 */
export function createServicePrincipalService({ db, events, changedTopic }: ServicePrincipalServiceDeps) {
  async function get(tenantId: string, id: string, trx: Db = db): Promise<ServicePrincipal> {
    const row = await servicePrincipalStore.find(trx, tenantId, id);
    if (!row) throw applicationErrors.servicePrincipalNotFound(id);
    return toServicePrincipal(row);
  }

  return {
    async list(
      tenantId: string,
      options: { top: number; skipToken?: string; appId?: string },
    ): Promise<Page<ServicePrincipal>> {
      const page = await servicePrincipalStore.list(
        db,
        tenantId,
        options.top,
        options.skipToken ? decodeCursor(options.skipToken) : undefined,
        options.appId,
      );
      return { items: page.items.map(toServicePrincipal), next: page.next };
    },

    get,

    /** The service principal with this object id, if the tenant has it. */
    async find(tenantId: string, id: string, trx: Db = db): Promise<ServicePrincipal | undefined> {
      const row = await servicePrincipalStore.find(trx, tenantId, id);
      return row && toServicePrincipal(row);
    },

    /** The service principal of the app whose appId (client id) this is. */
    async findByAppId(tenantId: string, appId: string, trx: Db = db): Promise<ServicePrincipal | undefined> {
      const row = await servicePrincipalStore.findByAppId(trx, tenantId, appId);
      return row && toServicePrincipal(row);
    },

    /** Graph PATCH: only appRoleAssignmentRequired may change. */
    async update(
      tenantId: string,
      id: string,
      input: UpdateServicePrincipalInput,
    ): Promise<ServicePrincipal> {
      const fields = updateServicePrincipalSchema.parse(input);
      await db.transaction().execute(async (trx) => {
        const updated = await servicePrincipalStore.update(trx, tenantId, id, {
          app_role_assignment_required: fields.appRoleAssignmentRequired ? 1 : 0,
        });
        if (!updated) throw applicationErrors.servicePrincipalNotFound(id);
        await bumpConfigVersion(trx, tenantId);
      });
      events.publish(changedTopic, { tenantId });
      return get(tenantId, id);
    },
  };
}

function toServicePrincipal(row: ServicePrincipalJoinedRow): ServicePrincipal {
  const definition = readDefinition(row.definition);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    appId: row.app_id,
    displayName: row.display_name,
    appDisplayName: row.display_name,
    accountEnabled: true,
    appRoleAssignmentRequired: Number(row.app_role_assignment_required) === 1,
    appRoles: definition.appRoles.map(toAppRole),
    oauth2PermissionScopes: definition.api.oauth2PermissionScopes,
    servicePrincipalNames: [row.app_id, ...definition.identifierUris],
    servicePrincipalType: 'Application',
    tags: [],
    createdDateTime: row.created_at,
  };
}
