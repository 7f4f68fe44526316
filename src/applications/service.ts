import { BUILT_IN_OPTIONAL_CLAIMS } from '../directory/index.js';
import {
  CACHES_STALE,
  type Clock,
  type EventBus,
  hashSecret,
  newId,
  randomToken,
  staleTenantOf,
  verifySecret,
} from '../platform/index.js';
import { bumpConfigVersion, type Db, decodeCursor, isUniqueViolation, type Page } from '../storage/index.js';
import { emptyDefinition, noOptionalClaims, readDefinition, toAppRole } from './definition.js';
import { reconcileEntitlements } from './entitlements.js';
import {
  type AddPasswordInput,
  type Application,
  type ApplicationDefinition,
  addPasswordSchema,
  applicationErrors,
  type CreateApplicationInput,
  createApplicationSchema,
  type KeyCredential,
  type NewPasswordCredential,
  type OptionalClaim,
  type OptionalClaims,
  type PasswordCredential,
  removePasswordSchema,
  type UpdateApplicationInput,
  updateApplicationSchema,
} from './model.js';
import { readPublicKey } from './public-keys.js';
import { createServicePrincipalService } from './service-principals.js';
import { type ApplicationRow, applicationStore, type PasswordRow, servicePrincipalStore } from './store.js';
import { VerifiedSecretCache } from './verified-secrets.js';

export interface ApplicationServiceDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  /** Topic published when a tenant's registrations change, so protocol caches drop them. */
  changedTopic: string;
  /** Identifier URIs no app may claim (the admin API's own resource). */
  reservedIdentifierUris: string[];
  /** At most this many secrets may be valid at once. */
  maxActivePasswords?: number;
  /**
   * The optional claims an app of the tenant may ask for (built-in attributes and custom
   * attributes' claim names); only the built-in ones when not given.
   */
  optionalClaimNames?: (tenantId: string) => Promise<string[]>;
}

const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;
const VERIFIED_SECRET_TTL_MS = 5 * 60 * 1000;
const CREDENTIALS_CHANGED = 'applications.credentialsChanged';

export type ApplicationService = ReturnType<typeof createApplicationService>;

/** Runs in the transaction that deletes an app, so what refers to it (user flows) follows. */
export type ApplicationDeletedListener = (trx: Db, tenantId: string, appId: string) => Promise<void>;

export function createApplicationService(deps: ApplicationServiceDeps) {
  const { db, clock, events } = deps;
  const maxActivePasswords = deps.maxActivePasswords ?? 5;
  const reserved = new Set(deps.reservedIdentifierUris);
  const verified = new VerifiedSecretCache(VERIFIED_SECRET_TTL_MS);
  const deletedListeners: ApplicationDeletedListener[] = [];
  const clientKey = (tenantId: string, appId: string) => `${tenantId}\n${appId}`;

  events.subscribe(CREDENTIALS_CHANGED, ({ tenantId, appId }) =>
    verified.forget(clientKey(String(tenantId), String(appId))),
  );
  // Events may have been missed (a Redis gap): the tenant's secrets are checked afresh.
  events.subscribe(CACHES_STALE, (payload) => {
    const tenantId = staleTenantOf(payload);
    if (tenantId === undefined) verified.clear();
    else verified.forgetPrefix(clientKey(tenantId, ''));
  });

  const changed = (tenantId: string, appId: string, credentials = false) => {
    if (credentials) events.publish(CREDENTIALS_CHANGED, { tenantId, appId });
    events.publish(deps.changedTopic, { tenantId });
  };

  async function load(tenantId: string, id: string): Promise<ApplicationRow> {
    const row = await applicationStore.find(db, tenantId, id);
    if (!row) throw applicationErrors.notFound(id);
    return row;
  }

  async function withPasswords(rows: ApplicationRow[]): Promise<Application[]> {
    const passwords = await applicationStore.passwordsOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((row) =>
      toApplication(
        row,
        passwords.filter((p) => p.application_id === row.id),
      ),
    );
  }

  function checkIdentifierUris(uris: string[]): void {
    const taken = uris.find((uri) => reserved.has(uri));
    if (taken) throw applicationErrors.identifierUriReserved(taken);
  }

  async function writeUris(trx: Db, row: ApplicationRow, uris: string[] | undefined): Promise<void> {
    if (uris === undefined) return;
    try {
      await applicationStore.replaceIdentifierUris(trx, row.tenant_id, row.id, uris);
    } catch (error) {
      if (isUniqueViolation(error)) throw applicationErrors.identifierUriTaken(uris.join(', '));
      throw error;
    }
  }

  const nowIso = () => clock.now().toISOString();

  /** Every app has its service principal, created in the app's transaction. */
  const insertServicePrincipal = (trx: Db, row: ApplicationRow) =>
    servicePrincipalStore.insert(trx, {
      id: newId(),
      tenant_id: row.tenant_id,
      application_id: row.id,
      app_role_assignment_required: 0,
      created_at: row.created_at,
    });

  async function checkOptionalClaims(tenantId: string, claims: OptionalClaims | undefined): Promise<void> {
    if (!claims || claims.idToken.length + claims.accessToken.length === 0) return;
    const known = new Set(
      deps.optionalClaimNames ? await deps.optionalClaimNames(tenantId) : BUILT_IN_OPTIONAL_CLAIMS,
    );
    for (const list of ['idToken', 'accessToken'] as const) {
      claims[list].forEach((claim, index) => {
        if (!known.has(claim.name))
          throw applicationErrors.unknownOptionalClaim(claim.name, `optionalClaims.${list}.${index}.name`);
      });
    }
  }

  return {
    /** The apps' service principals (Graph `servicePrincipal`). */
    servicePrincipals: createServicePrincipalService({ db, events, changedTopic: deps.changedTopic }),

    async create(tenantId: string, input: CreateApplicationInput): Promise<Application> {
      const fields = createApplicationSchema.parse(input);
      checkIdentifierUris(fields.identifierUris ?? []);
      await checkOptionalClaims(tenantId, fields.optionalClaims);
      const now = nowIso();
      const definition: ApplicationDefinition = {
        groupMembershipClaims: fields.groupMembershipClaims ?? 'None',
        requireMfa: fields.requireMfa ?? false,
        isFallbackPublicClient: fields.isFallbackPublicClient ?? false,
        web: fields.web ?? { redirectUris: [], logoutUrl: null, backchannelLogoutUrl: null },
        spa: fields.spa ?? { redirectUris: [] },
        publicClient: fields.publicClient ?? { redirectUris: [] },
        identifierUris: fields.identifierUris ?? [],
        api: {
          oauth2PermissionScopes: (fields.api?.oauth2PermissionScopes ?? []).map((s) => ({
            ...s,
            id: s.id ?? newId(),
          })),
        },
        keyCredentials: toKeyCredentials(fields.keyCredentials ?? [], now),
        tokenEncryptionKeyId: fields.tokenEncryptionKeyId ?? null,
        optionalClaims: fields.optionalClaims ?? noOptionalClaims(),
        appRoles: reconcileEntitlements(fields.appRoles ?? [], [], 'app role', 'appRoles').map(toAppRole),
        requiredResourceAccess: fields.requiredResourceAccess ?? [],
      };
      checkTokenEncryptionKey(definition);
      const row: ApplicationRow = {
        id: newId(),
        tenant_id: tenantId,
        app_id: newId(),
        display_name: fields.displayName,
        definition: JSON.stringify(definition),
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await applicationStore.insert(trx, row, []);
        await insertServicePrincipal(trx, row);
        await writeUris(trx, row, definition.identifierUris);
      });
      return toApplication(row, []);
    },

    /** Creates or keeps an application whose client id is fixed (bootstrap of built-in clients). */
    async ensureWithAppId(
      tenantId: string,
      appId: string,
      input: CreateApplicationInput,
      trx: Db = db,
    ): Promise<Application> {
      const existing = await applicationStore.findByAppId(trx, tenantId, appId);
      if (existing) return (await withPasswords([existing]))[0] as Application;
      const fields = createApplicationSchema.parse(input);
      const now = nowIso();
      const row: ApplicationRow = {
        id: newId(),
        tenant_id: tenantId,
        app_id: appId,
        display_name: fields.displayName,
        definition: JSON.stringify({
          ...emptyDefinition(),
          isFallbackPublicClient: fields.isFallbackPublicClient ?? false,
        }),
        created_at: now,
        updated_at: now,
      };
      // The app and its service principal commit together (in the caller's transaction if any).
      const insert = async (tx: Db) => {
        await applicationStore.insert(tx, row, []);
        await insertServicePrincipal(tx, row);
      };
      await (trx.isTransaction ? insert(trx) : trx.transaction().execute(insert));
      return toApplication(row, []);
    },

    /**
     * Gatehouse's own API in a tenant (the admin API): created or brought up to date at each
     * start with the identifier URI of the current public address (which no other app may
     * claim), its delegated scopes and its app roles. Admins grant it like any other API.
     */
    async ensureBuiltInApi(
      tenantId: string,
      appId: string,
      api: Pick<ApplicationDefinition, 'identifierUris' | 'api' | 'appRoles'> & { displayName: string },
    ): Promise<Application> {
      const app = await this.ensureWithAppId(tenantId, appId, { displayName: api.displayName });
      const row = await load(tenantId, app.id);
      const current = readDefinition(row.definition);
      const wanted = { identifierUris: api.identifierUris, api: api.api, appRoles: api.appRoles };
      const stored = { identifierUris: current.identifierUris, api: current.api, appRoles: current.appRoles };
      if (JSON.stringify(wanted) === JSON.stringify(stored)) return app;
      const updated: ApplicationRow = {
        ...row,
        definition: JSON.stringify({ ...current, ...wanted }),
        updated_at: nowIso(),
      };
      await db.transaction().execute(async (trx) => {
        await applicationStore.update(trx, updated);
        await writeUris(trx, updated, api.identifierUris);
        await bumpConfigVersion(trx, tenantId);
      });
      changed(tenantId, row.app_id);
      return this.get(tenantId, app.id);
    },

    async get(tenantId: string, id: string): Promise<Application> {
      return (await withPasswords([await load(tenantId, id)]))[0] as Application;
    },

    async findByAppId(tenantId: string, appId: string): Promise<Application | undefined> {
      const row = await applicationStore.findByAppId(db, tenantId, appId);
      return row && (await withPasswords([row]))[0];
    },

    async findByIdentifierUri(tenantId: string, uri: string): Promise<Application | undefined> {
      const row = await applicationStore.findByIdentifierUri(db, tenantId, uri);
      return row && (await withPasswords([row]))[0];
    },

    async list(tenantId: string, options: { top: number; skipToken?: string }): Promise<Page<Application>> {
      const page = await applicationStore.list(
        db,
        tenantId,
        options.top,
        options.skipToken ? decodeCursor(options.skipToken) : undefined,
      );
      return { items: await withPasswords(page.items), next: page.next };
    },

    /** How many applications the tenant has registered (the list's `$count`). */
    count: (tenantId: string): Promise<number> => applicationStore.count(db, tenantId),

    /** Graph PATCH semantics: each given property replaces the stored one whole. */
    async update(tenantId: string, id: string, input: UpdateApplicationInput): Promise<Application> {
      const fields = updateApplicationSchema.parse(input);
      if (fields.identifierUris) checkIdentifierUris(fields.identifierUris);
      await checkOptionalClaims(tenantId, fields.optionalClaims);
      const row = await load(tenantId, id);
      const current = readDefinition(row.definition);
      const now = nowIso();
      const definition: ApplicationDefinition = {
        groupMembershipClaims: fields.groupMembershipClaims ?? current.groupMembershipClaims,
        requireMfa: fields.requireMfa ?? current.requireMfa,
        isFallbackPublicClient: fields.isFallbackPublicClient ?? current.isFallbackPublicClient,
        web: fields.web ?? current.web,
        spa: fields.spa ?? current.spa,
        publicClient: fields.publicClient ?? current.publicClient,
        identifierUris: fields.identifierUris ?? current.identifierUris,
        api: fields.api
          ? {
              oauth2PermissionScopes: reconcileEntitlements(
                fields.api.oauth2PermissionScopes,
                current.api.oauth2PermissionScopes,
                'scope',
                'api.oauth2PermissionScopes',
              ),
            }
          : current.api,
        keyCredentials: fields.keyCredentials
          ? toKeyCredentials(fields.keyCredentials, now)
          : current.keyCredentials,
        tokenEncryptionKeyId:
          fields.tokenEncryptionKeyId === undefined
            ? current.tokenEncryptionKeyId
            : fields.tokenEncryptionKeyId,
        optionalClaims: fields.optionalClaims ?? current.optionalClaims,
        appRoles: fields.appRoles
          ? reconcileEntitlements(fields.appRoles, current.appRoles, 'app role', 'appRoles').map(toAppRole)
          : current.appRoles,
        requiredResourceAccess: fields.requiredResourceAccess ?? current.requiredResourceAccess,
      };
      checkTokenEncryptionKey(definition);
      const updated: ApplicationRow = {
        ...row,
        display_name: fields.displayName ?? row.display_name,
        definition: JSON.stringify(definition),
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await applicationStore.update(trx, updated);
        await writeUris(trx, updated, fields.identifierUris);
        await bumpConfigVersion(trx, tenantId);
      });
      changed(tenantId, row.app_id, fields.keyCredentials !== undefined);
      return this.get(tenantId, id);
    },

    /**
     * A custom attribute's claim was renamed (`to`) or its attribute deleted (`to` null): the
     * tenant's apps that ask for `from` follow, in the caller's transaction (which publishes
     * the change after it commits). Returns whether any app changed.
     */
    async renameOptionalClaim(trx: Db, tenantId: string, from: string, to: string | null): Promise<boolean> {
      const rows = await applicationStore.all(trx, tenantId);
      let touched = false;
      for (const row of rows) {
        const definition = JSON.parse(row.definition) as Partial<ApplicationDefinition>;
        const claims = definition.optionalClaims;
        if (!claims) continue;
        const follow = (list: OptionalClaim[]) =>
          list.flatMap((claim) =>
            claim.name !== from ? [claim] : to === null ? [] : [{ ...claim, name: to }],
          );
        const next = { idToken: follow(claims.idToken), accessToken: follow(claims.accessToken) };
        if (JSON.stringify(next) === JSON.stringify(claims)) continue;
        touched = true;
        await applicationStore.update(trx, {
          ...row,
          definition: JSON.stringify({ ...definition, optionalClaims: next }),
          updated_at: nowIso(),
        });
      }
      // The caller publishes the change once its transaction commits.
      return touched;
    },

    async delete(tenantId: string, id: string): Promise<void> {
      const row = await load(tenantId, id);
      await db.transaction().execute(async (trx) => {
        if (!(await applicationStore.delete(trx, tenantId, id))) throw applicationErrors.notFound(id);
        for (const listener of deletedListeners) await listener(trx, tenantId, row.app_id);
        await bumpConfigVersion(trx, tenantId);
      });
      changed(tenantId, row.app_id, true);
    },

    /** Registers what must follow an app's deletion, in its transaction. */
    onApplicationDeleted(listener: ApplicationDeletedListener): void {
      deletedListeners.push(listener);
    },

    /** Generates a secret, stores only its hash and returns it this once. */
    async addPassword(
      tenantId: string,
      id: string,
      input: AddPasswordInput = {},
      plain?: string,
    ): Promise<NewPasswordCredential> {
      const { passwordCredential } = addPasswordSchema.parse(input);
      const row = await load(tenantId, id);
      const now = clock.now();
      const end = passwordCredential.endDateTime
        ? new Date(passwordCredential.endDateTime)
        : new Date(now.getTime() + TWO_YEARS_MS);
      if (end <= now || end.getTime() > now.getTime() + TWO_YEARS_MS + 60_000)
        throw applicationErrors.invalidEndDate();
      const active = (await applicationStore.passwordsOf(db, [row.id])).filter(
        (p) => new Date(p.end_at) > now,
      );
      if (active.length >= maxActivePasswords) throw applicationErrors.tooManyPasswords(maxActivePasswords);
      const secretText = plain ?? generateSecret();
      const password: PasswordRow = {
        key_id: newId(),
        application_id: row.id,
        tenant_id: tenantId,
        display_name: passwordCredential.displayName ?? null,
        hint: secretText.slice(0, 3),
        secret_hash: await hashSecret(secretText),
        start_at: now.toISOString(),
        end_at: end.toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await applicationStore.insertPassword(trx, password);
        await bumpConfigVersion(trx, tenantId);
      });
      changed(tenantId, row.app_id);
      return { ...toPasswordCredential(password), secretText };
    },

    async removePassword(tenantId: string, id: string, input: unknown): Promise<void> {
      const { keyId } = removePasswordSchema.parse(input);
      const row = await load(tenantId, id);
      await db.transaction().execute(async (trx) => {
        if (!(await applicationStore.deletePassword(trx, row.id, keyId)))
          throw applicationErrors.passwordNotFound(keyId);
        await bumpConfigVersion(trx, tenantId);
      });
      changed(tenantId, row.app_id, true);
    },

    /**
     * True when `secret` matches one of the client's current secrets. A pair argon2id has
     * accepted is remembered for a few minutes (until a credential of the app changes).
     */
    async authenticateSecret(tenantId: string, appId: string, secret: string): Promise<boolean> {
      const now = clock.now();
      return verified.verify(clientKey(tenantId, appId), secret, now.getTime(), async () => {
        const app = await applicationStore.findByAppId(db, tenantId, appId);
        if (!app) return undefined;
        const current = (await applicationStore.passwordsOf(db, [app.id])).filter(
          (p) => new Date(p.start_at) <= now && new Date(p.end_at) > now,
        );
        for (const password of current) {
          if (await verifySecret(password.secret_hash, secret)) return new Date(password.end_at).getTime();
        }
        return undefined;
      });
    },
  };
}

/** 40 URL-safe characters (240 bits), in the spirit of Entra's client secrets. */
const generateSecret = (): string => randomToken(30);

function toKeyCredentials(
  inputs: NonNullable<CreateApplicationInput['keyCredentials']>,
  now: string,
): KeyCredential[] {
  return inputs.map((input, index) => {
    const parsed = readPublicKey(input.key);
    if (!parsed) throw applicationErrors.invalidKey();
    if (input.usage === 'Encrypt' && parsed.jwk.kty !== 'RSA')
      throw applicationErrors.encryptKeyNotRsa(index);
    const keyId = input.keyId ?? newId();
    return {
      keyId,
      displayName: input.displayName ?? null,
      type: input.type,
      usage: input.usage,
      customKeyIdentifier: parsed.thumbprint,
      startDateTime: input.startDateTime ?? now,
      endDateTime: input.endDateTime ?? null,
      jwk: { ...parsed.jwk, kid: keyId },
    };
  });
}

/** tokenEncryptionKeyId, when set, names one of the app's own `Encrypt` keys (as in Entra). */
function checkTokenEncryptionKey(definition: ApplicationDefinition): void {
  const id = definition.tokenEncryptionKeyId;
  if (
    id !== null &&
    !definition.keyCredentials.some(
      (k) => k.usage === 'Encrypt' && k.keyId.toLowerCase() === id.toLowerCase(),
    )
  )
    throw applicationErrors.tokenEncryptionKeyNotFound(id);
}

const toPasswordCredential = (row: PasswordRow): PasswordCredential => ({
  keyId: row.key_id,
  displayName: row.display_name,
  hint: row.hint,
  startDateTime: row.start_at,
  endDateTime: row.end_at,
  secretText: null,
});

function toApplication(row: ApplicationRow, passwords: PasswordRow[]): Application {
  const definition = readDefinition(row.definition);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    appId: row.app_id,
    displayName: row.display_name,
    createdDateTime: row.created_at,
    ...definition,
    passwordCredentials: passwords.map(toPasswordCredential),
  };
}
