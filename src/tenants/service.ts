import { type Clock, type EventBus, newId } from '../platform/index.js';
import { bumpConfigVersion, type Db, decodeCursor, isUniqueViolation, type Page } from '../storage/index.js';
import {
  ADMIN_TENANT_ID,
  type CreateTenantInput,
  createTenantSchema,
  type Tenant,
  tenantErrors,
  type UpdateTenantInput,
  updateTenantSchema,
} from './model.js';
import { tenantStore } from './store.js';

/**
 * Published after any change that a cached per-tenant object (the OIDC provider) depends on.
 * Whoever publishes it bumps the tenant's configuration version in the change's transaction
 * (`bumpConfigVersion`), so that a node that misses the event still learns of the change.
 */
export const TENANT_CHANGED = 'tenant.changed';

/** Work other domains do inside the transaction that creates a tenant (its first signing key…). */
export type TenantInitializer = (trx: Db, tenant: Tenant) => Promise<void>;

export interface TenantServiceDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  initializers: TenantInitializer[];
}

export type TenantService = ReturnType<typeof createTenantService>;

export function createTenantService({ db, clock, events, initializers }: TenantServiceDeps) {
  const changed = (tenantId: string) => events.publish(TENANT_CHANGED, { tenantId });

  return {
    async create(input: CreateTenantInput): Promise<Tenant> {
      const fields = createTenantSchema.parse(input);
      const tenant: Tenant = {
        id: fields.id ?? generateTenantId(),
        displayName: fields.displayName,
        type: fields.type,
        defaultLanguage: fields.defaultLanguage,
        createdDateTime: clock.now().toISOString(),
      };
      try {
        await db.transaction().execute(async (trx) => {
          await tenantStore.insert(trx, tenant);
          for (const initialize of initializers) await initialize(trx, tenant);
          await bumpConfigVersion(trx, tenant.id);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw tenantErrors.exists(tenant.id);
        throw error;
      }
      changed(tenant.id);
      return tenant;
    },

    async get(id: string): Promise<Tenant> {
      const tenant = await tenantStore.find(db, id);
      if (!tenant) throw tenantErrors.notFound(id);
      return tenant;
    },

    find: (id: string): Promise<Tenant | undefined> => tenantStore.find(db, id),

    /** A page of tenants; with `ids`, only those (an admin scoped to some tenants sees them). */
    list(options: { top: number; skipToken?: string; ids?: string[] }): Promise<Page<Tenant>> {
      return tenantStore.list(
        db,
        options.top,
        options.skipToken ? decodeCursor(options.skipToken) : undefined,
        options.ids,
      );
    },

    async update(id: string, input: UpdateTenantInput): Promise<Tenant> {
      const changes = updateTenantSchema.parse(input);
      await db.transaction().execute(async (trx) => {
        if (!(await tenantStore.update(trx, id, changes, clock.now().toISOString())))
          throw tenantErrors.notFound(id);
        await bumpConfigVersion(trx, id);
      });
      changed(id);
      return this.get(id);
    },

    async delete(id: string): Promise<void> {
      if (id === ADMIN_TENANT_ID) throw tenantErrors.protected();
      // Everything the tenant owns goes with it (foreign keys cascade).
      await db.transaction().execute(async (trx) => {
        if (!(await tenantStore.delete(trx, id))) throw tenantErrors.notFound(id);
        await bumpConfigVersion(trx, id);
      });
      changed(id);
    },
  };
}

/** A short, readable, URL-safe id such as `t-3f9a1c2b7d4e`. */
function generateTenantId(): string {
  return `t-${newId().replaceAll('-', '').slice(0, 12)}`;
}
