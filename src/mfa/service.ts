import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import type { Clock, SecretBox } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import {
  DEFAULT_METHOD_STATES,
  EMAIL_METHOD_ID,
  ENABLED_METHOD_OF,
  type EnabledMethod,
  METHOD_CONFIGURATION_IDS,
  type MethodConfigurationId,
  type MethodState,
  type MethodsPolicy,
  type MfaUserInfo,
  mfaErrors,
  PASSWORD_METHOD_ID,
  type TotpEnrollment,
  type UpdateMethodsPolicyInput,
  type UserMethod,
  updateMethodsPolicySchema,
} from './model.js';
import { toE164 } from './phone.js';
import {
  generateRecoveryCode,
  hashRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.js';
import { type MfaMethodRow, mfaStore } from './store.js';
import { base32Decode, base32Encode, generateTotpSecret, matchingSteps, otpauthUri } from './totp.js';

/** How long a started TOTP enrollment waits for its first code. */
const ENROLLMENT_TTL_MS = 10 * 60_000;

export interface MfaServiceDeps {
  db: Db;
  clock: Clock;
  /** Seals TOTP secrets at rest. */
  box: SecretBox;
  /** The key recovery codes are hashed under (derived from the master key). */
  key: Buffer;
  /** The issuer authenticator apps show; default: the tenant id. */
  issuerName?: (tenantId: string) => Promise<string>;
  /** The user's mail and password state, from the directory; undefined when there is no such user. */
  users: (tenantId: string, userId: string) => Promise<MfaUserInfo | undefined>;
}

/** The secret's associated data: a sealed secret cannot be moved to another row undetected. */
const sealedWith = (row: Pick<MfaMethodRow, 'tenant_id' | 'user_id' | 'id'>) =>
  `mfa-method:${row.tenant_id}:${row.user_id}:${row.id}`;

export function createMfaService(deps: MfaServiceDeps) {
  const { db, clock, box, key } = deps;
  const issuerName = deps.issuerName ?? (async (tenantId: string) => tenantId);
  const now = () => clock.now().toISOString();

  async function states(tenantId: string): Promise<Record<MethodConfigurationId, MethodState>> {
    const stored = await mfaStore.policy(db, tenantId);
    const parsed = stored ? (JSON.parse(stored) as Partial<Record<MethodConfigurationId, MethodState>>) : {};
    return { ...DEFAULT_METHOD_STATES, ...parsed };
  }

  async function requireEnabled(tenantId: string, id: MethodConfigurationId): Promise<void> {
    if ((await states(tenantId))[id] !== 'enabled') throw mfaErrors.methodDisabled(id);
  }

  async function requireUser(tenantId: string, userId: string): Promise<MfaUserInfo> {
    const user = await deps.users(tenantId, userId);
    if (!user) throw mfaErrors.userNotFound(userId);
    return user;
  }

  function openSecret(row: MfaMethodRow): Buffer | undefined {
    if (!row.secret_sealed) return undefined;
    try {
      return base32Decode(box.open(row.secret_sealed, sealedWith(row)));
    } catch {
      // A secret that does not open (moved row, other master key) never verifies.
      return undefined;
    }
  }

  function storedMethod(row: MfaMethodRow, remaining: Map<string, number>): UserMethod {
    const base = {
      id: row.id,
      label: row.display_name,
      createdDateTime: row.created_at,
      lastUsedDateTime: row.last_used_at,
    };
    switch (row.type) {
      case 'phone':
        return { ...base, type: 'phone', phoneNumber: row.phone_number ?? '' };
      case 'recoveryCodes':
        return { ...base, type: 'recoveryCodes', remaining: remaining.get(row.id) ?? 0 };
      case 'email':
        return { ...base, type: 'email' };
      default:
        return { ...base, type: 'totp' };
    }
  }

  async function storedMethods(tenantId: string, userId: string): Promise<UserMethod[]> {
    const rows = await mfaStore.confirmedMethods(db, tenantId, userId);
    const remaining = await mfaStore.remainingCodes(
      db,
      rows.filter((r) => r.type === 'recoveryCodes').map((r) => r.id),
    );
    return rows.map((row) => storedMethod(row, remaining));
  }

  async function enrollmentOf(
    tenantId: string,
    enrollmentId: string,
    secret: string,
    accountName: string,
  ): Promise<TotpEnrollment> {
    const uri = otpauthUri(secret, await issuerName(tenantId), accountName.slice(0, 256));
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { enrollmentId, secret, otpauthUri: uri, qrSvg };
  }

  const service = {
    async policy(tenantId: string): Promise<MethodsPolicy> {
      const current = await states(tenantId);
      return {
        authenticationMethodConfigurations: METHOD_CONFIGURATION_IDS.map((id) => ({
          id,
          state: current[id],
        })),
      };
    },

    /** Changes the states of the listed methods; the others keep theirs. */
    async updatePolicy(tenantId: string, input: UpdateMethodsPolicyInput): Promise<MethodsPolicy> {
      const { authenticationMethodConfigurations: changes } = updateMethodsPolicySchema.parse(input);
      await db.transaction().execute(async (trx) => {
        const stored = await mfaStore.policy(trx, tenantId);
        const next: Partial<Record<MethodConfigurationId, MethodState>> = stored ? JSON.parse(stored) : {};
        for (const { id, state } of changes) next[id] = state;
        await mfaStore.setPolicy(trx, tenantId, JSON.stringify(next), now());
      });
      return service.policy(tenantId);
    },

    async enabledMethods(tenantId: string): Promise<Set<EnabledMethod>> {
      const current = await states(tenantId);
      return new Set(
        METHOD_CONFIGURATION_IDS.filter((id) => current[id] === 'enabled').map((id) => ENABLED_METHOD_OF[id]),
      );
    },

    /**
     * Every method of the user, password first. The email method is the user's `mail` (not
     * stored: it changes with the mail); the others are the confirmed stored methods.
     */
    async methodsOf(tenantId: string, userId: string): Promise<UserMethod[]> {
      const user = await requireUser(tenantId, userId);
      const methods: UserMethod[] = [];
      if (user.hasPassword) {
        methods.push({
          id: PASSWORD_METHOD_ID,
          type: 'password',
          label: 'Password',
          createdDateTime: user.passwordChangedDateTime,
          lastUsedDateTime: null,
        });
      }
      if (user.mail) {
        methods.push({
          id: EMAIL_METHOD_ID,
          type: 'email',
          label: user.mail,
          createdDateTime: null,
          lastUsedDateTime: null,
          emailAddress: user.mail,
        });
      }
      methods.push(...(await storedMethods(tenantId, userId)));
      return methods;
    },

    /** Starts adding an authenticator app; any earlier unconfirmed enrollment of the user is dropped. */
    async startTotpEnrollment(
      tenantId: string,
      userId: string,
      accountName: string,
    ): Promise<TotpEnrollment> {
      await requireEnabled(tenantId, 'SoftwareOath');
      await requireUser(tenantId, userId);
      const secret = base32Encode(generateTotpSecret());
      const at = clock.now();
      const row: MfaMethodRow = {
        id: randomUUID(),
        tenant_id: tenantId,
        user_id: userId,
        type: 'totp',
        display_name: 'Authenticator app',
        secret_sealed: null,
        phone_number: null,
        confirmed: 0,
        expires_at: new Date(at.getTime() + ENROLLMENT_TTL_MS).toISOString(),
        created_at: at.toISOString(),
        last_used_at: null,
        last_totp_step: null,
      };
      row.secret_sealed = box.seal(secret, sealedWith(row));
      await db.transaction().execute(async (trx) => {
        await mfaStore.deleteOfType(trx, tenantId, userId, 'totp', 0);
        await mfaStore.insertMethod(trx, row);
      });
      return enrollmentOf(tenantId, row.id, secret, accountName);
    },

    /**
     * An enrollment started earlier and still waiting for its first code, shown again as it
     * was (same key, same QR code): a mistyped code must not invalidate the key just scanned.
     */
    async pendingTotpEnrollment(
      tenantId: string,
      userId: string,
      enrollmentId: string,
      accountName: string,
    ): Promise<TotpEnrollment | undefined> {
      if (enrollmentId.length > 64) return undefined;
      const row = await mfaStore.findMethod(db, tenantId, userId, enrollmentId);
      if (row?.type !== 'totp' || row.confirmed !== 0) return undefined;
      if (!row.expires_at || row.expires_at <= clock.now().toISOString()) return undefined;
      const secret = openSecret(row);
      return secret && enrollmentOf(tenantId, row.id, base32Encode(secret), accountName);
    },

    /** Finishes an enrollment with a code from the app; false for a wrong code or a lapsed enrollment. */
    async confirmTotpEnrollment(
      tenantId: string,
      userId: string,
      enrollmentId: string,
      code: string,
    ): Promise<boolean> {
      if (enrollmentId.length > 64) return false;
      const row = await mfaStore.findMethod(db, tenantId, userId, enrollmentId);
      const at = clock.now();
      if (row?.type !== 'totp' || row.confirmed !== 0) return false;
      if (!row.expires_at || row.expires_at <= at.toISOString()) return false;
      const secret = openSecret(row);
      const step = secret && matchingSteps(secret, code, at).at(-1);
      if (step === undefined) return false;
      return mfaStore.confirm(db, row.id, step, at.toISOString());
    },

    /**
     * Checks a code against the user's authenticator apps; each code works once. `reused`: the
     * code is right but its time step was already used (wait for the next code).
     */
    async checkTotp(
      tenantId: string,
      userId: string,
      code: string,
    ): Promise<'accepted' | 'wrong' | 'reused'> {
      if (code.length > 32 || (await states(tenantId)).SoftwareOath !== 'enabled') return 'wrong';
      const at = clock.now();
      const rows = (await mfaStore.confirmedMethods(db, tenantId, userId)).filter((r) => r.type === 'totp');
      let matched = false;
      for (const row of rows) {
        const secret = openSecret(row);
        if (!secret) continue;
        // Newest first: accepting a later step also shuts out the earlier ones.
        for (const step of matchingSteps(secret, code, at).reverse()) {
          matched = true;
          if (await mfaStore.acceptStep(db, row.id, step, at.toISOString())) return 'accepted';
        }
      }
      return matched ? 'reused' : 'wrong';
    },

    async verifyTotp(tenantId: string, userId: string, code: string): Promise<boolean> {
      return (await service.checkTotp(tenantId, userId, code)) === 'accepted';
    },

    /** A new set of recovery codes, shown once; the previous set stops working. */
    async generateRecoveryCodes(tenantId: string, userId: string): Promise<string[]> {
      await requireEnabled(tenantId, 'RecoveryCode');
      await requireUser(tenantId, userId);
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
      const hashes = new Set(
        codes.map((code) => hashRecoveryCode(key, normaliseRecoveryCode(code) as string)),
      );
      const at = now();
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await mfaStore.deleteOfType(trx, tenantId, userId, 'recoveryCodes');
        await mfaStore.insertMethod(trx, {
          id,
          tenant_id: tenantId,
          user_id: userId,
          type: 'recoveryCodes',
          display_name: 'Recovery codes',
          secret_sealed: null,
          phone_number: null,
          confirmed: 1,
          expires_at: null,
          created_at: at,
          last_used_at: null,
          last_totp_step: null,
        });
        await mfaStore.insertRecoveryCodes(trx, id, [...hashes]);
      });
      return codes;
    },

    /** Uses one recovery code (case, dashes and spaces ignored); each works once. */
    async redeemRecoveryCode(tenantId: string, userId: string, code: string): Promise<boolean> {
      const canonical = normaliseRecoveryCode(code);
      if (!canonical || (await states(tenantId)).RecoveryCode !== 'enabled') return false;
      const rows = await mfaStore.confirmedMethods(db, tenantId, userId);
      const set = rows.find((r) => r.type === 'recoveryCodes');
      if (!set) return false;
      const at = now();
      if (!(await mfaStore.useRecoveryCode(db, set.id, hashRecoveryCode(key, canonical), at))) return false;
      await mfaStore.touch(db, set.id, at);
      return true;
    },

    /**
     * Sets the user's mobile phone (the SMS target), replacing an earlier one. Throws
     * invalid_phone_number for a number that is not valid.
     */
    async addPhone(
      tenantId: string,
      userId: string,
      phone: string,
      defaultCountry?: string,
    ): Promise<UserMethod> {
      const e164 = toE164(phone, defaultCountry);
      if (!e164) throw mfaErrors.invalidPhoneNumber();
      await requireEnabled(tenantId, 'Sms');
      await requireUser(tenantId, userId);
      const row: MfaMethodRow = {
        id: randomUUID(),
        tenant_id: tenantId,
        user_id: userId,
        type: 'phone',
        display_name: e164,
        secret_sealed: null,
        phone_number: e164,
        confirmed: 1,
        expires_at: null,
        created_at: now(),
        last_used_at: null,
        last_totp_step: null,
      };
      await db.transaction().execute(async (trx) => {
        await mfaStore.deleteOfType(trx, tenantId, userId, 'phone');
        await mfaStore.insertMethod(trx, row);
      });
      return storedMethod(row, new Map());
    },

    /** Removes a stored method. The password and the email (the user's mail) are not removable here. */
    async removeMethod(tenantId: string, userId: string, methodId: string): Promise<void> {
      await requireUser(tenantId, userId);
      if (methodId === PASSWORD_METHOD_ID) throw mfaErrors.methodNotRemovable('password method');
      if (methodId === EMAIL_METHOD_ID)
        throw mfaErrors.methodNotRemovable("email method (it is the user's mail; change or clear the mail)");
      const removed =
        methodId.length <= 64 &&
        (await db.transaction().execute((trx) => mfaStore.deleteMethod(trx, tenantId, userId, methodId)));
      if (!removed) throw mfaErrors.methodNotFound(methodId);
    },

    /**
     * Whether the user can pass an MFA challenge now: a method the tenant has enabled and the
     * user holds (an authenticator app, a phone, unused recovery codes, or a mail for email codes).
     */
    async hasSecondFactor(tenantId: string, userId: string): Promise<boolean> {
      const enabled = await service.enabledMethods(tenantId);
      const user = await deps.users(tenantId, userId);
      if (!user) return false;
      if (enabled.has('email') && user.mail) return true;
      for (const method of await storedMethods(tenantId, userId)) {
        if (method.type === 'totp' && enabled.has('totp')) return true;
        if (method.type === 'phone' && enabled.has('sms')) return true;
        if (method.type === 'recoveryCodes' && enabled.has('recoveryCode') && (method.remaining ?? 0) > 0)
          return true;
      }
      return false;
    },
  };
  return service;
}

export type MfaService = ReturnType<typeof createMfaService>;
