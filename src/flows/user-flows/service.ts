import type { ApplicationService } from '../../applications/index.js';
import {
  BUILT_IN_ATTRIBUTES,
  type CustomAttribute,
  type DirectoryService,
  isBuiltInAttribute,
} from '../../directory/index.js';
import { AppError, type Clock, newId } from '../../platform/index.js';
import { type Db, decodeCursor, isUniqueViolation, type Page } from '../../storage/index.js';
import {
  type AttributeField,
  BUILT_IN_DEFAULT_FLOW,
  type CreateUserFlowInput,
  checkFlowAttribute,
  createUserFlowSchema,
  INPUT_TYPES_BY_DATA_TYPE,
  MAX_VALUE_LENGTH,
  type UpdateUserFlowInput,
  type UserFlow,
  type UserFlowAttributeInput,
  updateUserFlowSchema,
  userFlowErrors,
} from './model.js';
import { type FlowDefinition, toUserFlow, type UserFlowRow, userFlowStore } from './store.js';

export interface UserFlowServiceDeps {
  db: Db;
  clock: Clock;
  directory: Pick<DirectoryService, 'customAttributesOf' | 'onCustomAttributeChange'>;
  applications: Pick<ApplicationService, 'findByAppId' | 'onApplicationDeleted'>;
  /** Whether an identity provider is registered in the tenant (a flow may offer only those). */
  identityProviderExists?: (tenantId: string, id: string) => Promise<boolean>;
  /** The tenant's type: workforce tenants never offer self-service sign-up. */
  tenantTypeOf: (tenantId: string) => Promise<'customer' | 'workforce' | undefined>;
}

export type UserFlowService = ReturnType<typeof createUserFlowService>;

const concurrentChange = () =>
  new AppError(
    'concurrent_change',
    'conflict',
    "Another change to this tenant's user flows happened at the same time; try again.",
  );

/**
 * User flows: which sign-in methods an app offers, whether it lets people sign up and which
 * attributes it collects then. An app uses the flow that lists it, else the tenant's default
 * flow, else the built-in default.
 */
export function createUserFlowService({
  db,
  clock,
  directory,
  applications,
  identityProviderExists,
  tenantTypeOf,
}: UserFlowServiceDeps) {
  const nowIso = () => clock.now().toISOString();

  // A deleted custom attribute is no longer collected; a deleted app no longer listed.
  directory.onCustomAttributeChange(async (trx, change) => {
    if (change.after !== null) return;
    const name = change.before.name.toLowerCase();
    for (const row of await userFlowStore.all(trx, change.tenantId)) {
      const definition = JSON.parse(row.definition) as FlowDefinition;
      const attributes = definition.attributes.filter((a) => a.attribute.toLowerCase() !== name);
      if (attributes.length === definition.attributes.length) continue;
      await userFlowStore.update(trx, change.tenantId, row.id, {
        definition: JSON.stringify({ ...definition, attributes }),
        updated_at: nowIso(),
      });
    }
  });
  applications.onApplicationDeleted((trx, tenantId, appId) => userFlowStore.removeApp(trx, tenantId, appId));

  async function withApps(rows: UserFlowRow[], tenantId: string, trx: Db = db): Promise<UserFlow[]> {
    const apps = await userFlowStore.appsOf(
      trx,
      tenantId,
      rows.map((r) => r.id),
    );
    const flows = rows.map((row) => toUserFlow(row, apps));
    // What applies, as the admin API shows it too: a flow stored in a workforce tenant (or one
    // whose tenant is gone) takes no sign-ups, whatever it once said.
    if (flows.some((f) => f.isSignUpAllowed) && (await tenantTypeOf(tenantId)) !== 'customer')
      for (const flow of flows) flow.isSignUpAllowed = false;
    return flows;
  }

  async function load(tenantId: string, id: string, trx: Db = db): Promise<UserFlowRow> {
    const row = await userFlowStore.find(trx, tenantId, id);
    if (!row) throw userFlowErrors.notFound(id);
    return row;
  }

  async function checkAttributes(tenantId: string, inputs: UserFlowAttributeInput[]) {
    const custom = inputs.some((a) => !isBuiltInAttribute(a.attribute))
      ? await directory.customAttributesOf(tenantId)
      : [];
    const byName = new Map(custom.map((a) => [a.name.toLowerCase(), a]));
    return inputs.map((input, index) => checkFlowAttribute(input, index, byName));
  }

  async function checkApplications(tenantId: string, appIds: string[]): Promise<void> {
    for (const [index, appId] of appIds.entries()) {
      if (!(await applications.findByAppId(tenantId, appId)))
        throw userFlowErrors.unknownApplication(appId, index);
    }
  }

  async function checkIdentityProviders(tenantId: string, ids: readonly string[]): Promise<void> {
    for (const [index, id] of ids.entries()) {
      if (!identityProviderExists || !(await identityProviderExists(tenantId, id)))
        throw userFlowErrors.unknownIdentityProvider(id, index);
    }
  }

  /** Sign-up as asked, never in a workforce tenant (customers sign up; staff are created by admins). */
  async function signUpAllowed(tenantId: string, asked: boolean | undefined, current = true) {
    const workforce = (await tenantTypeOf(tenantId)) !== 'customer';
    if (workforce && asked === true) throw userFlowErrors.signUpNotAvailable();
    return !workforce && (asked ?? current);
  }

  /** Runs a write in a transaction; a unique violation means a concurrent write won. */
  async function write(work: (trx: Db) => Promise<void>): Promise<void> {
    try {
      await db.transaction().execute(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw concurrentChange();
      throw error;
    }
  }

  const service = {
    /** The flows that offer an identity provider (a provider in use cannot be deleted). */
    async flowsOfferingProvider(
      tenantId: string,
      providerId: string,
    ): Promise<{ id: string; displayName: string }[]> {
      const rows = await userFlowStore.listingIdentityProvider(db, tenantId, providerId);
      return rows.map((row) => ({ id: row.id, displayName: row.display_name }));
    },

    async create(tenantId: string, input: CreateUserFlowInput): Promise<UserFlow> {
      const fields = createUserFlowSchema.parse(input);
      const attributes = await checkAttributes(tenantId, fields.attributes ?? []);
      const apps = fields.applications ?? [];
      await checkApplications(tenantId, apps);
      await checkIdentityProviders(tenantId, fields.identityProviders ?? []);
      const now = nowIso();
      const definition: FlowDefinition = {
        isSignUpAllowed: await signUpAllowed(tenantId, fields.isSignUpAllowed),
        signInMethods: fields.signInMethods ?? ['emailPassword'],
        identityProviders: fields.identityProviders ?? [],
        attributes,
      };
      const row: UserFlowRow = {
        id: newId(),
        tenant_id: tenantId,
        display_name: fields.displayName,
        is_default: fields.isDefault ? 1 : 0,
        definition: JSON.stringify(definition),
        created_at: now,
        updated_at: now,
      };
      await write(async (trx) => {
        if (fields.isDefault) await userFlowStore.clearDefault(trx, tenantId, row.id);
        await userFlowStore.insert(trx, row);
        await userFlowStore.replaceApps(trx, tenantId, row.id, apps);
      });
      return service.get(tenantId, row.id);
    },

    async get(tenantId: string, id: string): Promise<UserFlow> {
      return (await withApps([await load(tenantId, id)], tenantId))[0] as UserFlow;
    },

    async list(tenantId: string, options: { top: number; skipToken?: string }): Promise<Page<UserFlow>> {
      const page = await userFlowStore.list(
        db,
        tenantId,
        options.top,
        options.skipToken ? decodeCursor(options.skipToken) : undefined,
      );
      return { items: await withApps(page.items, tenantId), next: page.next };
    },

    /** PATCH: each given property replaces the stored one whole. */
    async update(tenantId: string, id: string, input: UpdateUserFlowInput): Promise<UserFlow> {
      const fields = updateUserFlowSchema.parse(input);
      const row = await load(tenantId, id);
      const attributes = fields.attributes && (await checkAttributes(tenantId, fields.attributes));
      if (fields.applications) await checkApplications(tenantId, fields.applications);
      if (fields.identityProviders) await checkIdentityProviders(tenantId, fields.identityProviders);
      const current = JSON.parse(row.definition) as FlowDefinition;
      const definition: FlowDefinition = {
        isSignUpAllowed: await signUpAllowed(tenantId, fields.isSignUpAllowed, current.isSignUpAllowed),
        signInMethods: fields.signInMethods ?? current.signInMethods,
        identityProviders: fields.identityProviders ?? current.identityProviders,
        attributes: attributes ?? current.attributes,
      };
      await write(async (trx) => {
        if (fields.isDefault) await userFlowStore.clearDefault(trx, tenantId, id);
        const updated = await userFlowStore.update(trx, tenantId, id, {
          ...(fields.displayName !== undefined && { display_name: fields.displayName }),
          ...(fields.isDefault !== undefined && { is_default: fields.isDefault ? 1 : 0 }),
          definition: JSON.stringify(definition),
          updated_at: nowIso(),
        });
        if (!updated) throw userFlowErrors.notFound(id);
        if (fields.applications) await userFlowStore.replaceApps(trx, tenantId, id, fields.applications);
      });
      return service.get(tenantId, id);
    },

    /** Deletes a flow; its apps fall back to the tenant's default flow. */
    async delete(tenantId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await userFlowStore.delete(trx, tenantId, id))) throw userFlowErrors.notFound(id);
      });
    },

    /**
     * The flow an app uses: the one listing it, else the tenant's default, else
     * BUILT_IN_DEFAULT_FLOW (sign-in only). Every sign-up page, provider and client (the
     * account pages' too) asks here, so sign-up is off wherever no flow of a customer tenant
     * turned it on.
     */
    async forApplication(tenantId: string, appId: string): Promise<UserFlow> {
      const row =
        (await userFlowStore.findByApp(db, tenantId, appId)) ??
        (await userFlowStore.findDefault(db, tenantId));
      return row
        ? ((await withApps([row], tenantId))[0] as UserFlow)
        : (structuredClone(BUILT_IN_DEFAULT_FLOW) as UserFlow);
    },

    /**
     * What a sign-up form renders for the flow's attributes, in order. A custom attribute
     * that no longer exists (or no longer fits its input) is left out; text inputs carry the
     * attribute's own length limit as maxLength.
     */
    async attributeFields(tenantId: string, flow: UserFlow): Promise<AttributeField[]> {
      const custom = flow.attributes.some((a) => !isBuiltInAttribute(a.attribute))
        ? await directory.customAttributesOf(tenantId)
        : [];
      const byName = new Map<string, CustomAttribute>(custom.map((a) => [a.name.toLowerCase(), a]));
      return flow.attributes.flatMap((attribute): AttributeField[] => {
        const builtIn = isBuiltInAttribute(attribute.attribute);
        const definition = builtIn ? undefined : byName.get(attribute.attribute.toLowerCase());
        if (!builtIn && !definition) return [];
        const dataType = definition?.dataType ?? 'string';
        if (!INPUT_TYPES_BY_DATA_TYPE[dataType].includes(attribute.inputType)) return [];
        const name = definition?.name ?? attribute.attribute;
        const validation = { ...attribute.validation };
        if (dataType === 'string' && attribute.inputType === 'text') {
          const cap = builtIn
            ? BUILT_IN_ATTRIBUTES[name as keyof typeof BUILT_IN_ATTRIBUTES].maxLength
            : MAX_VALUE_LENGTH;
          validation.maxLength = Math.min(validation.maxLength ?? cap, cap);
        }
        return [
          {
            name,
            builtIn,
            label: attribute.label ?? (definition ? definition.name : null),
            inputType: attribute.inputType,
            dataType,
            required: attribute.required,
            options: attribute.options ?? [],
            validation,
          },
        ];
      });
    },
  };
  return service;
}
