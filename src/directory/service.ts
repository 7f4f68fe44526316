import {
  type AppError,
  type Clock,
  type EventBus,
  hashSecret,
  newId,
  randomToken,
  verifySecret,
} from '../platform/index.js';
import { bumpConfigVersion, type Db, decodeCursor, isUniqueViolation, type Page } from '../storage/index.js';
import { EXPECTED, encodeValue } from './attribute-values.js';
import { isSafeText, isSafeToken, mailProblem, nameKey } from './identifiers.js';
import {
  BUILT_IN_ATTRIBUTES,
  BUILT_IN_OPTIONAL_CLAIMS,
  type BuiltInAttributeName,
  type CreateCustomAttributeInput,
  type CreateGroupInput,
  type CreateUserInput,
  type CustomAttribute,
  type CustomAttributeChange,
  createCustomAttributeSchema,
  createGroupSchema,
  createUserSchema,
  DEFAULT_PASSWORD_POLICY,
  type DirectoryUser,
  directoryErrors,
  type FederatedIdentityRef,
  type FederatedUserInput,
  type Group,
  type IdentityInput,
  isBuiltInAttribute,
  type MemberReferenceInput,
  memberReferenceSchema,
  type PasswordPolicy,
  referencedUserId,
  type SelfServiceUserInput,
  type SignUpAttributes,
  type UpdateCustomAttributeInput,
  type UpdateGroupInput,
  type UpdatePasswordPolicyInput,
  type UpdateUserInput,
  type UserListOptions,
  updateCustomAttributeSchema,
  updateGroupSchema,
  updatePasswordPolicySchema,
  updateUserSchema,
} from './model.js';
import { createZxcvbnEstimator, type PasswordStrengthEstimator } from './password-strength.js';
import { checkPassword, needsRehash, preparePassword, userInputsOf } from './passwords.js';
import {
  type CustomAttributeRow,
  customAttributeStore,
  type GroupRow,
  groupStore,
  type IdentityRow,
  identityStore,
  memberStore,
  policyStore,
  toCustomAttribute,
  toGroup,
  toUser,
  type UserFilter,
  type UserRow,
  userAttributeStore,
  userStore,
} from './store.js';

/**
 * Published with `{ tenantId, userId }` when a user is disabled, deleted or gets a new
 * password: whatever holds a session or token for that user must drop it.
 */
export const USER_CHANGED = 'directory.userChanged';

export interface DirectoryServiceDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  /** How guessable a password is; zxcvbn by default. */
  passwordStrength?: PasswordStrengthEstimator;
  /**
   * Published with `{ tenantId }` when a tenant's custom attributes change: the claims its
   * tokens may carry change with them (the protocol layer rebuilds).
   */
  changedTopic?: string;
  /**
   * Asked before a user is disabled or deleted; throws to refuse (the last Global
   * Administrator of the admin tenant stays enabled).
   */
  guardUserChange?: (
    tenantId: string,
    userId: string,
    change: 'disable' | 'delete',
  ) => Promise<((trx: Db) => Promise<void>) | undefined>;
}

/** Runs inside the transaction that deletes a user, so what refers to it goes in the same commit. */
export type UserDeletedListener = (trx: Db, tenantId: string, userId: string) => Promise<void>;

/**
 * A change to a user, told inside its transaction (the event webhooks' outbox): created (by an
 * admin, a sign-up or the bootstrap), signed up (self-service, with an email or through an
 * identity provider; `created` is told too), updated, password reset (self-service), deleted.
 * `user` reads the user as the transaction sees it (for `deleted`, as it was); call it only
 * when needed.
 */
export interface UserEvent {
  tenantId: string;
  userId: string;
  kind: 'created' | 'updated' | 'deleted' | 'signedUp' | 'passwordReset';
  user: () => Promise<DirectoryUser>;
}
export type UserEventListener = (trx: Db, event: UserEvent) => Promise<void>;

/** Runs inside the transaction that deletes a group (its app role assignments go with it). */
export type GroupDeletedListener = (trx: Db, tenantId: string, groupId: string) => Promise<void>;

/**
 * Runs inside the transaction that changes or deletes a custom attribute, so what refers to
 * it (user flows, optional claims of apps) follows in the same commit.
 */
export type CustomAttributeListener = (trx: Db, change: CustomAttributeChange) => Promise<void>;

export type PasswordAuthentication =
  | { ok: true; user: DirectoryUser }
  | { ok: false; reason: 'invalid_credentials' | 'account_disabled'; userId?: string };

/** What a password must not be built from, besides common passwords. */
export interface PasswordContext {
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  identities?: { issuerAssignedId: string }[];
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;

const localKey = (name: string): string => `local\n${nameKey(name)}`;
const federatedKey = (issuer: string, subject: string): string => `federated\n${issuer}\n${subject}`;
const displayNameKey = (value: string): string => value.normalize('NFKC').toLowerCase();
/** Longer than any email or username: such a login matches nobody. */
const MAX_LOGIN_LENGTH = 320;
/** Longer than any policy allows: such a password matches nothing (and is not hashed whole). */
const MAX_PASSWORD_LENGTH = 4096;
const MAX_CUSTOM_ATTRIBUTES = 100;

/** A custom attribute value to write (`value` null: clear it). */
interface ValueChange {
  attributeId: string;
  value: string | null;
}

/** What a self-service sign-up tells: a new user, who signed up. */
const SIGN_UP: UserEvent['kind'][] = ['created', 'signedUp'];

/** The user columns of the built-in attributes other than displayName. */
const BUILT_IN_COLUMNS = {
  givenName: 'given_name',
  surname: 'surname',
  city: 'city',
  country: 'country',
  postalCode: 'postal_code',
  state: 'state',
  streetAddress: 'street_address',
  jobTitle: 'job_title',
} as const satisfies Record<Exclude<BuiltInAttributeName, 'displayName'>, keyof UserRow>;
type BuiltInColumnName = keyof typeof BUILT_IN_COLUMNS;
const BUILT_IN_COLUMN_NAMES = Object.keys(BUILT_IN_COLUMNS) as BuiltInColumnName[];

/** The built-in attribute columns of a row, from the given fields (absent: null). */
function builtInColumns(fields: Partial<Record<BuiltInColumnName, string | null>>) {
  return Object.fromEntries(
    BUILT_IN_COLUMN_NAMES.map((name) => [BUILT_IN_COLUMNS[name], fields[name] ?? null]),
  ) as {
    [K in BuiltInColumnName as (typeof BUILT_IN_COLUMNS)[K]]: string | null;
  };
}

/** The store's filter for the list options (prefixes as the stored keys are normalised). */
function userFilterOf(options: Omit<UserListOptions, 'top' | 'skipToken'>): UserFilter {
  return {
    mailKeyPrefix: options.mailStartsWith === undefined ? undefined : nameKey(options.mailStartsWith),
    displayNameKeyPrefix:
      options.displayNameStartsWith === undefined ? undefined : displayNameKey(options.displayNameStartsWith),
    accountEnabled: options.accountEnabled,
    search:
      options.search === undefined
        ? undefined
        : {
            displayNameKeyPrefix: displayNameKey(options.search),
            nameKeyPrefix: nameKey(options.search),
            lookupKeyPrefix: localKey(options.search),
          },
  };
}

/**
 * The directory: users (Graph `user`) with their identities and passwords, security groups
 * and their members, and each tenant's password policy.
 */
export function createDirectoryService({
  db,
  clock,
  events,
  passwordStrength,
  changedTopic,
  guardUserChange,
}: DirectoryServiceDeps) {
  const estimator = passwordStrength ?? createZxcvbnEstimator();
  const nowIso = () => clock.now().toISOString();
  const userChanged = (tenantId: string, userId: string) =>
    events.publish(USER_CHANGED, { tenantId, userId });
  const attributesChanged = (tenantId: string) => {
    if (changedTopic) events.publish(changedTopic, { tenantId });
  };
  const attributeListeners: CustomAttributeListener[] = [];
  const deletionListeners: UserDeletedListener[] = [];
  const groupDeletionListeners: GroupDeletedListener[] = [];
  const userEventListeners: UserEventListener[] = [];

  // One argon2id hash of nothing anyone knows, made with today's parameters, verified when a
  // login matches no user so that an unknown login costs what a wrong password costs.
  let dummy: Promise<string> | undefined;
  const dummyHash = () => {
    dummy ??= hashSecret(randomToken(24));
    return dummy;
  };

  /** Runs `work` in a transaction, or in the caller's when it passed one. */
  const inTransaction = <T>(trx: Db, work: (trx: Db) => Promise<T>): Promise<T> =>
    trx.isTransaction ? work(trx) : trx.transaction().execute(work);

  /** Tells the user event listeners, in the transaction of the change. */
  async function userEvent(
    trx: Db,
    tenantId: string,
    userId: string,
    ...kinds: UserEvent['kind'][]
  ): Promise<void> {
    if (userEventListeners.length === 0) return;
    let loaded: Promise<DirectoryUser> | undefined;
    const user = () => {
      loaded ??= loadUser(tenantId, userId, trx).then(
        async (row) => (await withIdentities([row], tenantId, trx))[0] as DirectoryUser,
      );
      return loaded;
    };
    for (const kind of kinds)
      for (const listener of userEventListeners) await listener(trx, { tenantId, userId, kind, user });
  }

  /** Users with their identities and custom attribute values. */
  async function withIdentities(rows: UserRow[], tenantId: string, trx: Db = db): Promise<DirectoryUser[]> {
    const ids = rows.map((r) => r.id);
    const [identities, values] = await Promise.all([
      identityStore.ofUsers(trx, tenantId, ids),
      userAttributeStore.ofUsers(trx, tenantId, ids),
    ]);
    return rows.map((row) =>
      toUser(
        row,
        identities.filter((i) => i.user_id === row.id),
        values.filter((v) => v.user_id === row.id),
      ),
    );
  }

  /**
   * Checks custom attribute values against the tenant's definitions (names case-insensitive,
   * values by dataType); `target` names the field an error points at.
   */
  async function valueChanges(
    tenantId: string,
    input: Record<string, unknown> | undefined,
    target: (name: string) => string,
  ): Promise<ValueChange[]> {
    const entries = Object.entries(input ?? {});
    if (entries.length === 0) return [];
    const definitions = new Map(
      (await customAttributeStore.all(db, tenantId)).map((row) => [row.name_key, row]),
    );
    const seen = new Set<string>();
    return entries.map(([name, value]): ValueChange => {
      const definition = definitions.get(name.toLowerCase());
      if (!definition || seen.has(definition.id))
        throw directoryErrors.unknownCustomAttribute(name, target(name));
      seen.add(definition.id);
      if (value === null) return { attributeId: definition.id, value: null };
      const text = encodeValue(definition.data_type, value);
      if (text === undefined)
        throw directoryErrors.invalidAttributeValue(
          definition.name,
          EXPECTED[definition.data_type],
          target(name),
        );
      return { attributeId: definition.id, value: text };
    });
  }

  async function writeValues(
    trx: Db,
    tenantId: string,
    userId: string,
    changes: ValueChange[],
  ): Promise<void> {
    for (const change of changes) {
      if (change.value === null) await userAttributeStore.remove(trx, tenantId, userId, change.attributeId);
      else
        await userAttributeStore.put(trx, {
          tenant_id: tenantId,
          user_id: userId,
          attribute_id: change.attributeId,
          value: change.value,
        });
    }
  }

  async function loadAttribute(tenantId: string, id: string, trx: Db = db): Promise<CustomAttributeRow> {
    const row = await customAttributeStore.find(trx, tenantId, id);
    if (!row) throw directoryErrors.customAttributeNotFound(id);
    return row;
  }

  /** The conflict an attribute write would hit: the same name (any case) or claim name. */
  async function attributeConflict(trx: Db, row: CustomAttributeRow): Promise<AppError | undefined> {
    const others = (await customAttributeStore.all(trx, row.tenant_id)).filter((o) => o.id !== row.id);
    if (others.some((o) => o.name_key === row.name_key))
      return directoryErrors.customAttributeNameTaken(row.name);
    if (others.some((o) => o.claim_name === row.claim_name))
      return directoryErrors.claimNameTaken(row.claim_name);
    return undefined;
  }

  /** Writes an attribute after checking for conflicts; a concurrent write's unique violation reads as one. */
  async function writeAttribute(row: CustomAttributeRow, write: (trx: Db) => Promise<void>): Promise<void> {
    try {
      await db.transaction().execute(async (trx) => {
        const conflict = await attributeConflict(trx, row);
        if (conflict) throw conflict;
        await write(trx);
        // Custom attributes are part of the tenant's provider (its claims): other nodes rebuild it.
        await bumpConfigVersion(trx, row.tenant_id);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw (await attributeConflict(db, row)) ?? directoryErrors.customAttributeNameTaken(row.name);
    }
  }

  async function loadUser(tenantId: string, id: string, trx: Db = db): Promise<UserRow> {
    const row = await userStore.find(trx, tenantId, id);
    if (!row) throw directoryErrors.userNotFound(id);
    return row;
  }

  async function loadGroup(tenantId: string, id: string, trx: Db = db): Promise<GroupRow> {
    const row = await groupStore.find(trx, tenantId, id);
    if (!row) throw directoryErrors.groupNotFound(id);
    return row;
  }

  /** The stored form of identities; local ones belong to the tenant (their issuer). */
  function identityRows(tenantId: string, userId: string, inputs: IdentityInput[]): IdentityRow[] {
    const rows = inputs.map((identity, position): IdentityRow => {
      const local = identity.signInType !== 'federated';
      if (local && identity.issuer !== undefined && identity.issuer !== tenantId)
        throw directoryErrors.invalidIdentityIssuer(position, tenantId);
      const issuer = local ? tenantId : (identity.issuer as string);
      return {
        tenant_id: tenantId,
        lookup_key: local
          ? localKey(identity.issuerAssignedId)
          : federatedKey(issuer, identity.issuerAssignedId),
        user_id: userId,
        position,
        sign_in_type: identity.signInType,
        issuer,
        issuer_assigned_id: identity.issuerAssignedId,
      };
    });
    if (new Set(rows.map((r) => r.lookup_key)).size !== rows.length)
      throw directoryErrors.duplicateIdentity();
    return rows;
  }

  /** The conflict a write would hit: another user with this mail or one of these identities. */
  async function conflictOf(
    trx: Db,
    tenantId: string,
    userId: string,
    mailKeyValue: string | null | undefined,
    identities: IdentityRow[] | undefined,
  ): Promise<AppError | undefined> {
    if (mailKeyValue) {
      const holder = await userStore.findByMailKey(trx, tenantId, mailKeyValue);
      if (holder && holder.id !== userId) return directoryErrors.mailTaken();
    }
    if (identities?.length) {
      const taken = await identityStore.taken(
        trx,
        tenantId,
        identities.map((i) => i.lookup_key),
        userId,
      );
      const first = identities.find((i) => taken.includes(i.lookup_key));
      if (first) return directoryErrors.identityTaken(first.sign_in_type);
    }
    return undefined;
  }

  /**
   * Writes a user change in one transaction after checking for conflicts; a unique violation
   * from a concurrent write is reported as the conflict it was.
   */
  async function writeUser(
    trx: Db,
    tenantId: string,
    userId: string,
    mailKeyValue: string | null | undefined,
    identities: IdentityRow[] | undefined,
    write: (trx: Db) => Promise<void>,
  ): Promise<void> {
    try {
      await inTransaction(trx, async (t) => {
        const conflict = await conflictOf(t, tenantId, userId, mailKeyValue, identities);
        if (conflict) throw conflict;
        await write(t);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (trx.isTransaction) throw directoryErrors.mailTaken();
      throw (
        (await conflictOf(db, tenantId, userId, mailKeyValue, identities)) ??
        directoryErrors.identityTaken(identities?.[0]?.sign_in_type ?? 'emailAddress')
      );
    }
  }

  async function policyOf(tenantId: string, trx: Db = db): Promise<PasswordPolicy> {
    const row = await policyStore.find(trx, tenantId);
    return row
      ? { minLength: row.min_length, maxLength: row.max_length, minScore: row.min_score }
      : { ...DEFAULT_PASSWORD_POLICY };
  }

  /** Checks a new password against the tenant's policy and the user's own data; returns its hash. */
  async function newPasswordHash(tenantId: string, password: string, context: PasswordContext) {
    await checkPassword(
      await policyOf(tenantId),
      estimator,
      password,
      userInputsOf({ tenantId, ...context }),
    );
    return hashSecret(preparePassword(password));
  }

  async function findByLogin(tenantId: string, login: string): Promise<UserRow | undefined> {
    if (login.length > MAX_LOGIN_LENGTH || !isSafeToken(login.trim())) return undefined;
    return userStore.findByLookupKey(db, tenantId, localKey(login));
  }

  /** A sign-up's attribute values: built-in columns (checked text) and custom attribute values. */
  function splitAttributes(attributes: SignUpAttributes) {
    const builtIns: Partial<Record<BuiltInAttributeName, string>> = {};
    const custom: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      if (!isBuiltInAttribute(name)) {
        custom[name] = value;
        continue;
      }
      const { maxLength } = BUILT_IN_ATTRIBUTES[name];
      const text =
        typeof value === 'string'
          ? value.trim()
          : Array.isArray(value)
            ? value.map((v) => v.trim()).join(',')
            : undefined;
      if (!text || text.length > maxLength || !isSafeText(text))
        throw directoryErrors.invalidAttributeValue(
          name,
          `text of 1-${maxLength} characters without control characters`,
          name,
        );
      builtIns[name] = text;
    }
    return { builtIns, custom };
  }

  /** Gives a user exactly these identities (checked against everyone else's), in one transaction. */
  async function replaceIdentities(
    tenantId: string,
    userId: string,
    inputs: IdentityInput[],
  ): Promise<DirectoryUser> {
    const identities = identityRows(tenantId, userId, inputs);
    await writeUser(db, tenantId, userId, undefined, identities, async (trx) => {
      await identityStore.replace(trx, tenantId, userId, identities);
      await userStore.update(trx, tenantId, userId, { updated_at: nowIso() });
      await userEvent(trx, tenantId, userId, 'updated');
    });
    return service.get(tenantId, userId);
  }

  /** Writes a new user, its identities and attribute values in one transaction. */
  async function insertUser(
    tenantId: string,
    row: UserRow,
    identities: Parameters<typeof identityStore.replace>[3],
    values: Parameters<typeof writeValues>[3],
    kinds: UserEvent['kind'][] = ['created'],
  ): Promise<DirectoryUser> {
    await writeUser(db, tenantId, row.id, row.mail_key, identities, async (trx) => {
      await userStore.insert(trx, row);
      await identityStore.replace(trx, tenantId, row.id, identities);
      await writeValues(trx, tenantId, row.id, values);
      await userEvent(trx, tenantId, row.id, ...kinds);
    });
    return service.get(tenantId, row.id);
  }

  const service = {
    // -- users ---------------------------------------------------------------------------------

    async create(tenantId: string, input: CreateUserInput): Promise<DirectoryUser> {
      const fields = createUserSchema.parse(input);
      const values = await valueChanges(tenantId, fields.customAttributes, (n) => `customAttributes.${n}`);
      const id = newId();
      // Without identities, the mail becomes the user's email sign-in name.
      const identityInputs: IdentityInput[] =
        fields.identities ??
        (fields.mail
          ? [{ signInType: 'emailAddress', issuer: tenantId, issuerAssignedId: fields.mail }]
          : []);
      const identities = identityRows(tenantId, id, identityInputs);
      const passwordHash = fields.passwordProfile
        ? await newPasswordHash(tenantId, fields.passwordProfile.password, {
            ...fields,
            identities: identityInputs,
          })
        : null;
      const now = nowIso();
      const row: UserRow = {
        id,
        tenant_id: tenantId,
        display_name: fields.displayName,
        display_name_key: displayNameKey(fields.displayName),
        ...builtInColumns(fields),
        mail: fields.mail ?? null,
        mail_key: fields.mail ? nameKey(fields.mail) : null,
        mail_verified_at: null,
        password_hash: passwordHash,
        force_change_password: fields.passwordProfile?.forceChangePasswordNextSignIn ? 1 : 0,
        account_enabled: fields.accountEnabled ? 1 : 0,
        last_password_change_at: passwordHash ? now : null,
        last_sign_in_at: null,
        created_at: now,
        updated_at: now,
      };
      return insertUser(tenantId, row, identities, values);
    },

    /**
     * Creates the account of someone who signed up on a hosted page, in one transaction: an
     * emailAddress identity and a mail they proved they receive, the attributes the user flow
     * collected (built-in and custom, as `collectAttributes` returns them) and, unless the
     * account is passwordless, a password held to the tenant's policy. displayName defaults to
     * the mail's local part. Throws mail_taken when the address is in use.
     */
    async createSelfServiceUser(tenantId: string, input: SelfServiceUserInput): Promise<DirectoryUser> {
      const mail = input.mail.trim();
      const problem = mailProblem(mail);
      if (problem) throw directoryErrors.invalidMail(problem);
      const { builtIns, custom } = splitAttributes(input.attributes);
      const values = await valueChanges(tenantId, custom, (n) => n);
      const displayName = builtIns.displayName ?? mail.slice(0, mail.lastIndexOf('@'));
      const id = newId();
      const identityInputs: IdentityInput[] = [
        { signInType: 'emailAddress', issuer: tenantId, issuerAssignedId: mail },
      ];
      const identities = identityRows(tenantId, id, identityInputs);
      // Hashing takes a while; it happens before the transaction, not inside it.
      const passwordHash =
        input.password === undefined
          ? null
          : await newPasswordHash(tenantId, input.password, {
              ...builtIns,
              displayName,
              mail,
              identities: identityInputs,
            });
      const now = nowIso();
      const row: UserRow = {
        id,
        tenant_id: tenantId,
        display_name: displayName,
        display_name_key: displayNameKey(displayName),
        ...builtInColumns(builtIns),
        mail,
        mail_key: nameKey(mail),
        mail_verified_at: now,
        password_hash: passwordHash,
        force_change_password: 0,
        account_enabled: 1,
        last_password_change_at: passwordHash ? now : null,
        last_sign_in_at: null,
        created_at: now,
        updated_at: now,
      };
      return insertUser(tenantId, row, identities, values, SIGN_UP);
    },

    /**
     * Creates the account of someone who signed up through an identity provider, in one
     * transaction: the federated identity, the mail only when the provider verified it, and
     * the flow's attributes. No password: they sign in with the provider.
     */
    async createFederatedUser(tenantId: string, input: FederatedUserInput): Promise<DirectoryUser> {
      const mail = input.mail?.trim() || null;
      const problem = mail ? mailProblem(mail) : undefined;
      if (problem) throw directoryErrors.invalidMail(problem);
      const { builtIns, custom } = splitAttributes(input.attributes);
      const values = await valueChanges(tenantId, custom, (n) => n);
      const displayName = builtIns.displayName ?? mail?.slice(0, mail.lastIndexOf('@')) ?? 'unknown';
      const id = newId();
      const identities = identityRows(tenantId, id, [{ signInType: 'federated', ...input.identity }]);
      const now = nowIso();
      const row: UserRow = {
        id,
        tenant_id: tenantId,
        display_name: displayName,
        display_name_key: displayNameKey(displayName),
        ...builtInColumns(builtIns),
        mail,
        mail_key: mail ? nameKey(mail) : null,
        mail_verified_at: mail ? now : null,
        password_hash: null,
        force_change_password: 0,
        account_enabled: 1,
        last_password_change_at: null,
        last_sign_in_at: null,
        created_at: now,
        updated_at: now,
      };
      return insertUser(tenantId, row, identities, values, SIGN_UP);
    },

    /** Links a provider's identity to a user who proved the account; conflict when another user has it. */
    async linkFederatedIdentity(
      tenantId: string,
      userId: string,
      identity: FederatedIdentityRef,
    ): Promise<DirectoryUser> {
      const user = await service.get(tenantId, userId);
      if (
        user.identities.some(
          (i) => i.issuer === identity.issuer && i.issuerAssignedId === identity.issuerAssignedId,
        )
      )
        return user;
      return replaceIdentities(tenantId, userId, [
        ...user.identities,
        { signInType: 'federated', ...identity },
      ]);
    },

    /**
     * Unlinks a provider's identity, unless it is the user's last way to sign in: another
     * identity must remain (a local one signs in with a password or an emailed code).
     */
    async unlinkFederatedIdentity(
      tenantId: string,
      userId: string,
      identity: FederatedIdentityRef,
    ): Promise<DirectoryUser> {
      const user = await service.get(tenantId, userId);
      const matches = (i: { signInType: string; issuer: string; issuerAssignedId: string }) =>
        i.signInType === 'federated' &&
        i.issuer === identity.issuer &&
        i.issuerAssignedId === identity.issuerAssignedId;
      if (!user.identities.some(matches)) throw directoryErrors.identityNotFound();
      const remaining = user.identities.filter((i) => !matches(i));
      if (remaining.length === 0) throw directoryErrors.lastSignInMethod();
      return replaceIdentities(tenantId, userId, remaining);
    },

    /**
     * Creates a user from trusted input (the bootstrap's first administrator): the mail is
     * its email sign-in name, and the password is not held to the tenant's policy.
     */
    async createUser(
      input: { tenantId: string; displayName: string; mail: string; password?: string },
      trx: Db = db,
    ): Promise<DirectoryUser> {
      const { tenantId } = input;
      const id = newId();
      const identities = identityRows(tenantId, id, [
        { signInType: 'emailAddress', issuer: tenantId, issuerAssignedId: input.mail },
      ]);
      const now = nowIso();
      const row: UserRow = {
        id,
        tenant_id: tenantId,
        display_name: input.displayName,
        display_name_key: displayNameKey(input.displayName),
        ...builtInColumns({}),
        mail: input.mail,
        mail_key: nameKey(input.mail),
        mail_verified_at: null,
        password_hash: input.password ? await hashSecret(preparePassword(input.password)) : null,
        force_change_password: 0,
        account_enabled: 1,
        last_password_change_at: input.password ? now : null,
        last_sign_in_at: null,
        created_at: now,
        updated_at: now,
      };
      await writeUser(trx, tenantId, id, row.mail_key, identities, async (t) => {
        await userStore.insert(t, row);
        await identityStore.replace(t, tenantId, id, identities);
        await userEvent(t, tenantId, id, 'created');
      });
      return toUser(row, identities);
    },

    async get(tenantId: string, id: string): Promise<DirectoryUser> {
      return (await withIdentities([await loadUser(tenantId, id)], tenantId))[0] as DirectoryUser;
    },

    /** The Graph-shaped user, or undefined. */
    async findUser(tenantId: string, id: string): Promise<DirectoryUser | undefined> {
      const row = await userStore.find(db, tenantId, id);
      return row && (await withIdentities([row], tenantId))[0];
    },

    async findUserByMail(tenantId: string, mail: string): Promise<DirectoryUser | undefined> {
      const row = await userStore.findByMailKey(db, tenantId, nameKey(mail));
      return row && (await withIdentities([row], tenantId))[0];
    },

    /** The user whose email or username identity is `login` (normalised), or undefined. */
    async findUserByLogin(tenantId: string, login: string): Promise<DirectoryUser | undefined> {
      const row = await findByLogin(tenantId, login);
      return row && (await withIdentities([row], tenantId))[0];
    },

    /** The user with this federated identity (IdP issuer and subject), or undefined. */
    async findUserByFederatedIdentity(
      tenantId: string,
      issuer: string,
      subject: string,
    ): Promise<DirectoryUser | undefined> {
      const row = await userStore.findByLookupKey(db, tenantId, federatedKey(issuer, subject));
      return row && (await withIdentities([row], tenantId))[0];
    },

    async list(tenantId: string, options: UserListOptions): Promise<Page<DirectoryUser>> {
      const page = await userStore.list(
        db,
        tenantId,
        userFilterOf(options),
        options.top,
        options.skipToken ? decodeCursor(options.skipToken) : undefined,
      );
      return { items: await withIdentities(page.items, tenantId), next: page.next };
    },

    /** How many users each tenant's directory holds now (usage & insights' userCount). */
    countPerTenant(): Promise<Map<string, number>> {
      return userStore.countPerTenant(db);
    },

    /** How many users the list's filters match (its `$count`). */
    count(tenantId: string, options: Omit<UserListOptions, 'top' | 'skipToken'>): Promise<number> {
      return userStore.count(db, tenantId, userFilterOf(options));
    },

    /** Graph PATCH: each given property replaces the stored one (identities as a whole). */
    async update(tenantId: string, id: string, input: UpdateUserInput): Promise<DirectoryUser> {
      const fields = updateUserSchema.parse(input);
      const row = await loadUser(tenantId, id);
      // Asked now, and asked again in the write's transaction (a concurrent change may race it).
      const recheck =
        row.account_enabled === 1 && fields.accountEnabled === false
          ? await guardUserChange?.(tenantId, id, 'disable')
          : undefined;
      const values = await valueChanges(tenantId, fields.customAttributes, (n) => `customAttributes.${n}`);
      const identities = fields.identities && identityRows(tenantId, id, fields.identities);
      const password = fields.passwordProfile?.password;
      const passwordHash =
        password === undefined
          ? undefined
          : await newPasswordHash(tenantId, password, {
              displayName: fields.displayName ?? row.display_name,
              givenName: fields.givenName === undefined ? row.given_name : fields.givenName,
              surname: fields.surname === undefined ? row.surname : fields.surname,
              mail: fields.mail === undefined ? row.mail : fields.mail,
              identities:
                fields.identities ??
                (await identityStore.ofUsers(db, tenantId, [id])).map((i) => ({
                  issuerAssignedId: i.issuer_assigned_id,
                })),
            });
      const now = nowIso();
      const force = fields.passwordProfile?.forceChangePasswordNextSignIn;
      const changes: Partial<UserRow> = {
        ...(fields.displayName !== undefined && {
          display_name: fields.displayName,
          display_name_key: displayNameKey(fields.displayName),
        }),
        ...Object.fromEntries(
          BUILT_IN_COLUMN_NAMES.filter((name) => fields[name] !== undefined).map((name) => [
            BUILT_IN_COLUMNS[name],
            fields[name],
          ]),
        ),
        ...(fields.mail !== undefined && {
          mail: fields.mail,
          mail_key: fields.mail === null ? null : nameKey(fields.mail),
        }),
        // Verification was of the old address; another address is not verified.
        ...(fields.mail !== undefined &&
          (fields.mail === null ? null : nameKey(fields.mail)) !== row.mail_key && {
            mail_verified_at: null,
          }),
        ...(fields.accountEnabled !== undefined && { account_enabled: fields.accountEnabled ? 1 : 0 }),
        ...(passwordHash !== undefined && { password_hash: passwordHash, last_password_change_at: now }),
        ...(force !== undefined && { force_change_password: force ? 1 : 0 }),
        updated_at: now,
      };
      await writeUser(db, tenantId, id, changes.mail_key, identities, async (trx) => {
        await recheck?.(trx);
        if (!(await userStore.update(trx, tenantId, id, changes))) throw directoryErrors.userNotFound(id);
        if (identities) await identityStore.replace(trx, tenantId, id, identities);
        await writeValues(trx, tenantId, id, values);
        await userEvent(trx, tenantId, id, 'updated');
      });
      const disabled = row.account_enabled === 1 && fields.accountEnabled === false;
      if (disabled || passwordHash !== undefined) userChanged(tenantId, id);
      return service.get(tenantId, id);
    },

    /**
     * Deletes a user with their identities and group memberships; the deletion listeners (role
     * assignments…) run in the same transaction.
     */
    async delete(tenantId: string, id: string): Promise<void> {
      const recheck = await guardUserChange?.(tenantId, id, 'delete');
      await db.transaction().execute(async (trx) => {
        await recheck?.(trx);
        // Told before the row goes, so that the event carries the user as it was.
        await userEvent(trx, tenantId, id, 'deleted');
        if (!(await userStore.delete(trx, tenantId, id))) throw directoryErrors.userNotFound(id);
        for (const listener of deletionListeners) await listener(trx, tenantId, id);
      });
      userChanged(tenantId, id);
    },

    /** Which of these users are enabled, read in the caller's transaction. */
    async enabledUserIds(trx: Db, tenantId: string, userIds: string[]): Promise<ReadonlySet<string>> {
      if (userIds.length === 0) return new Set();
      return new Set(await userStore.enabledIds(trx, tenantId, userIds));
    },

    /** Work other domains do inside the transaction that deletes a user. */
    onUserDeleted(listener: UserDeletedListener): void {
      deletionListeners.push(listener);
    },

    /** Told of every user change inside its transaction (see UserEvent). */
    onUserEvent(listener: UserEventListener): void {
      userEventListeners.push(listener);
    },

    // -- sign-in ---------------------------------------------------------------------------

    /**
     * Checks a password for an email or username (normalised as everywhere in the directory).
     * An unknown login costs one argon2 verification like a wrong password does; a disabled
     * account is only reported once its password verified. A hash made with other parameters
     * than today's is replaced after a successful verification.
     */
    async authenticatePassword(
      tenantId: string,
      login: string,
      password: string,
    ): Promise<PasswordAuthentication> {
      const row = await findByLogin(tenantId, login);
      const usable = password.length <= MAX_PASSWORD_LENGTH;
      const prepared = usable ? preparePassword(password) : '';
      if (!row?.password_hash || !usable) {
        await verifySecret(await dummyHash(), prepared);
        return { ok: false, reason: 'invalid_credentials', ...(row && { userId: row.id }) };
      }
      if (!(await verifySecret(row.password_hash, prepared)))
        return { ok: false, reason: 'invalid_credentials', userId: row.id };
      if (row.account_enabled !== 1) return { ok: false, reason: 'account_disabled', userId: row.id };
      if (needsRehash(row.password_hash)) {
        await userStore.replaceHash(db, tenantId, row.id, row.password_hash, await hashSecret(prepared));
      }
      return { ok: true, user: (await withIdentities([row], tenantId))[0] as DirectoryUser };
    },

    /** Notes a sign-in (Graph `signInActivity.lastSignInDateTime`). */
    async recordSignIn(tenantId: string, userId: string, at: Date): Promise<void> {
      await db
        .transaction()
        .execute((trx) => userStore.update(trx, tenantId, userId, { last_sign_in_at: at.toISOString() }));
    },

    /**
     * Sets a user's password (self-service change or reset), held to the tenant's policy;
     * clears forceChangePasswordNextSignIn unless told otherwise. With `rejectCurrent`, the
     * password the user has now is refused (password_reused). Ends the user's sessions.
     * `reason: 'reset'` (a forgotten password, reset by the user) is told as passwordReset;
     * any other change as updated.
     */
    async setPassword(
      tenantId: string,
      userId: string,
      password: string,
      options: {
        forceChangePasswordNextSignIn?: boolean;
        rejectCurrent?: boolean;
        reason?: 'reset' | 'change';
      } = {},
    ): Promise<void> {
      const row = await loadUser(tenantId, userId);
      const user = (await withIdentities([row], tenantId))[0] as DirectoryUser;
      const passwordHash = await newPasswordHash(tenantId, password, user);
      if (
        options.rejectCurrent &&
        row.password_hash &&
        (await verifySecret(row.password_hash, preparePassword(password)))
      )
        throw directoryErrors.passwordReused();
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        const updated = await userStore.update(trx, tenantId, userId, {
          password_hash: passwordHash,
          last_password_change_at: now,
          force_change_password: options.forceChangePasswordNextSignIn ? 1 : 0,
          updated_at: now,
        });
        if (!updated) throw directoryErrors.userNotFound(userId);
        await userEvent(trx, tenantId, userId, options.reason === 'reset' ? 'passwordReset' : 'updated');
      });
      userChanged(tenantId, userId);
    },

    /**
     * Throws password_too_short, password_too_long or password_too_weak when `password` is not
     * acceptable in this tenant for someone with these details (sign-up checks before creating).
     */
    async validatePassword(tenantId: string, password: string, context: PasswordContext = {}): Promise<void> {
      await checkPassword(
        await policyOf(tenantId),
        estimator,
        password,
        userInputsOf({ tenantId, ...context }),
      );
    },

    /** A page of the groups the user is a direct member of (Graph `memberOf`). */
    async memberOf(
      tenantId: string,
      userId: string,
      options: { top: number; skipToken?: string },
    ): Promise<Page<Group>> {
      await loadUser(tenantId, userId);
      return memberStore.groupsOf(
        db,
        tenantId,
        userId,
        options.top,
        options.skipToken ? decodeCursor(options.skipToken) : undefined,
      );
    },

    /** The ids of the groups the user is a direct member of. */
    groupIdsOf: (tenantId: string, userId: string): Promise<string[]> =>
      memberStore.groupIdsOf(db, tenantId, userId),

    // -- password policy -------------------------------------------------------------------

    getPasswordPolicy: (tenantId: string): Promise<PasswordPolicy> => policyOf(tenantId),

    async updatePasswordPolicy(tenantId: string, input: UpdatePasswordPolicyInput): Promise<PasswordPolicy> {
      const changes = updatePasswordPolicySchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const policy = { ...(await policyOf(tenantId, trx)), ...changes };
        if (policy.minLength > policy.maxLength) throw directoryErrors.invalidPasswordPolicy();
        await policyStore.upsert(trx, {
          tenant_id: tenantId,
          min_length: policy.minLength,
          max_length: policy.maxLength,
          min_score: policy.minScore,
          updated_at: nowIso(),
        });
        return policy;
      });
    },

    // -- custom attributes -----------------------------------------------------------------

    async createCustomAttribute(
      tenantId: string,
      input: CreateCustomAttributeInput,
    ): Promise<CustomAttribute> {
      const fields = createCustomAttributeSchema.parse(input);
      const now = nowIso();
      const row: CustomAttributeRow = {
        id: newId(),
        tenant_id: tenantId,
        name: fields.name,
        name_key: fields.name.toLowerCase(),
        data_type: fields.dataType,
        description: fields.description ?? null,
        claim_name: fields.claimName ?? `extension_${fields.name}`,
        created_at: now,
        updated_at: now,
      };
      await writeAttribute(row, async (trx) => {
        if ((await customAttributeStore.count(trx, tenantId)) >= MAX_CUSTOM_ATTRIBUTES)
          throw directoryErrors.tooManyCustomAttributes(MAX_CUSTOM_ATTRIBUTES);
        await customAttributeStore.insert(trx, row);
      });
      attributesChanged(tenantId);
      return toCustomAttribute(row);
    },

    getCustomAttribute: async (tenantId: string, id: string): Promise<CustomAttribute> =>
      toCustomAttribute(await loadAttribute(tenantId, id)),

    listCustomAttributes(
      tenantId: string,
      options: { top: number; skipToken?: string },
    ): Promise<Page<CustomAttribute>> {
      return customAttributeStore.list(
        db,
        tenantId,
        options.top,
        options.skipToken ? decodeCursor(options.skipToken) : undefined,
      );
    },

    /** Every custom attribute of the tenant, oldest first. */
    async customAttributesOf(tenantId: string, trx: Db = db): Promise<CustomAttribute[]> {
      return (await customAttributeStore.all(trx, tenantId)).map(toCustomAttribute);
    },

    /** The claims an app of this tenant may ask for: the built-in ones and each custom attribute's. */
    async optionalClaimNames(tenantId: string): Promise<string[]> {
      const custom = await customAttributeStore.all(db, tenantId);
      return [...BUILT_IN_OPTIONAL_CLAIMS, ...custom.map((a) => a.claim_name)];
    },

    /** description and claimName may change (claimName null: back to `extension_{name}`). */
    async updateCustomAttribute(
      tenantId: string,
      id: string,
      input: UpdateCustomAttributeInput,
    ): Promise<CustomAttribute> {
      const fields = updateCustomAttributeSchema.parse(input);
      const row = await loadAttribute(tenantId, id);
      if (fields.name !== undefined && fields.name !== row.name)
        throw directoryErrors.immutableProperty('name');
      if (fields.dataType !== undefined && fields.dataType !== row.data_type)
        throw directoryErrors.immutableProperty('dataType');
      const updated: CustomAttributeRow = {
        ...row,
        ...(fields.description !== undefined && { description: fields.description }),
        ...(fields.claimName !== undefined && { claim_name: fields.claimName ?? `extension_${row.name}` }),
        updated_at: nowIso(),
      };
      await writeAttribute(updated, async (trx) => {
        await customAttributeStore.update(trx, tenantId, id, {
          description: updated.description,
          claim_name: updated.claim_name,
          updated_at: updated.updated_at,
        });
        if (updated.claim_name !== row.claim_name) {
          const change = { tenantId, before: toCustomAttribute(row), after: toCustomAttribute(updated) };
          for (const listener of attributeListeners) await listener(trx, change);
        }
      });
      attributesChanged(tenantId);
      return toCustomAttribute(updated);
    },

    /** Deletes a custom attribute with every user's value of it; listeners drop it from flows and apps. */
    async deleteCustomAttribute(tenantId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await loadAttribute(tenantId, id, trx);
        await customAttributeStore.delete(trx, tenantId, id);
        const change = { tenantId, before: toCustomAttribute(row), after: null };
        for (const listener of attributeListeners) await listener(trx, change);
        await bumpConfigVersion(trx, tenantId);
      });
      attributesChanged(tenantId);
    },

    /** Registers what must follow a custom attribute's claim rename or deletion, in its transaction. */
    onCustomAttributeChange(listener: CustomAttributeListener): void {
      attributeListeners.push(listener);
    },

    // -- groups ----------------------------------------------------------------------------

    async createGroup(tenantId: string, input: CreateGroupInput): Promise<Group> {
      const fields = createGroupSchema.parse(input);
      const now = nowIso();
      const row: GroupRow = {
        id: newId(),
        tenant_id: tenantId,
        display_name: fields.displayName,
        description: fields.description ?? null,
        mail_nickname: fields.mailNickname ?? null,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute((trx) => groupStore.insert(trx, row));
      return toGroup(row);
    },

    getGroup: async (tenantId: string, id: string): Promise<Group> => toGroup(await loadGroup(tenantId, id)),

    listGroups(tenantId: string, options: { top: number; skipToken?: string }): Promise<Page<Group>> {
      return groupStore.list(
        db,
        tenantId,
        options.top,
        options.skipToken ? decodeCursor(options.skipToken) : undefined,
      );
    },

    async updateGroup(tenantId: string, id: string, input: UpdateGroupInput): Promise<Group> {
      const fields = updateGroupSchema.parse(input);
      const changes: Partial<GroupRow> = {
        ...(fields.displayName !== undefined && { display_name: fields.displayName }),
        ...(fields.description !== undefined && { description: fields.description }),
        ...(fields.mailNickname !== undefined && { mail_nickname: fields.mailNickname }),
        updated_at: nowIso(),
      };
      await db.transaction().execute(async (trx) => {
        if (!(await groupStore.update(trx, tenantId, id, changes))) throw directoryErrors.groupNotFound(id);
      });
      return service.getGroup(tenantId, id);
    },

    /** Deletes a group; its memberships go with it, and the deletion listeners run in its transaction. */
    async deleteGroup(tenantId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await groupStore.delete(trx, tenantId, id))) throw directoryErrors.groupNotFound(id);
        for (const listener of groupDeletionListeners) await listener(trx, tenantId, id);
      });
    },

    /** Work other domains do inside the transaction that deletes a group. */
    onGroupDeleted(listener: GroupDeletedListener): void {
      groupDeletionListeners.push(listener);
    },

    async listMembers(
      tenantId: string,
      groupId: string,
      options: { top: number; skipToken?: string },
    ): Promise<Page<DirectoryUser>> {
      await loadGroup(tenantId, groupId);
      const page = await memberStore.members(
        db,
        tenantId,
        groupId,
        options.top,
        options.skipToken ? decodeCursor(options.skipToken) : undefined,
      );
      return { items: await withIdentities(page.items, tenantId), next: page.next };
    },

    /** Adds a user of the same tenant to a group; a user of another tenant is not found (404). */
    async addMember(tenantId: string, groupId: string, reference: MemberReferenceInput): Promise<void> {
      const userId = referencedUserId(memberReferenceSchema.parse(reference));
      if (!userId) throw directoryErrors.invalidReference();
      try {
        await db.transaction().execute(async (trx) => {
          await loadGroup(tenantId, groupId, trx);
          await loadUser(tenantId, userId, trx);
          if ((await memberStore.groupIdsOf(trx, tenantId, userId)).includes(groupId))
            throw directoryErrors.memberExists();
          await memberStore.insert(trx, {
            tenant_id: tenantId,
            group_id: groupId,
            user_id: userId,
            created_at: nowIso(),
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw directoryErrors.memberExists();
        throw error;
      }
    },

    async removeMember(tenantId: string, groupId: string, userId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await loadGroup(tenantId, groupId, trx);
        if (!(await memberStore.delete(trx, tenantId, groupId, userId)))
          throw directoryErrors.memberNotFound(userId);
      });
    },
  };
  return service;
}
