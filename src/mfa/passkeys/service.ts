import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import {
  type Clock,
  isGuid,
  type Logger,
  newId,
  randomToken,
  type SharedState,
} from '../../platform/index.js';
import { type Db, isUniqueViolation } from '../../storage/index.js';
import {
  amrOf,
  authenticationResponseSchema,
  CHALLENGE_TTL_MS,
  DEFAULT_DISPLAY_NAME,
  MAX_PASSKEYS_PER_USER,
  type Passkey,
  type PasskeyAmr,
  passkeyDisplayNameSchema,
  passkeyErrors,
  registrationResponseSchema,
} from './model.js';
import { type PasskeyRow, passkeyStore, toPasskey } from './store.js';

export interface PasskeyServiceDeps {
  db: Db;
  clock: Clock;
  /** Where challenges wait for their response: every node must see them. */
  state: SharedState;
  /** The name the authenticator shows for the relying party (the tenant's display name). */
  rpName: (tenantId: string) => Promise<string>;
  /** The RP ID: the hostname of GATEHOUSE_BASE_URL. */
  rpId: string;
  /** The origin of GATEHOUSE_BASE_URL: the only page origin a ceremony may come from. */
  origin: string;
  /** Refused assertions are logged here (a counter going backwards may be a cloned key). */
  logger?: Logger;
}

export type PasskeyAuthenticationResult =
  | { ok: true; userId: string; passkey: Passkey; amr: PasskeyAmr }
  | { ok: false; reason: 'unknown_credential' | 'verification_failed' | 'expired' };

export type PasskeyService = ReturnType<typeof createPasskeyService>;

/** What waits in shared state between the options and the response of one ceremony. */
interface PendingChallenge {
  purpose: 'registration' | 'authentication';
  challenge: string;
  /** Registration: the user registering. Authentication: the user of a second-factor check; absent when passwordless. */
  userId?: string;
}

const CHALLENGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const challengeKey = (tenantId: string, challengeId: string) =>
  `passkey-challenge:${tenantId}:${challengeId}`;

/** The WebAuthn user handle: the user's id as UTF-8 (a GUID, no personal data). */
const userHandleOf = (userId: string) => new TextEncoder().encode(userId);

function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Passkeys (WebAuthn) as a second factor and as a passwordless first factor. The ceremonies are
 * checked by @simplewebauthn/server (origin, RP ID, challenge, signature, flags); this service
 * keeps the challenges single-use and bound to their tenant (and user), and the signature
 * counter moving forward.
 */
export function createPasskeyService({ db, clock, state, rpName, rpId, origin, logger }: PasskeyServiceDeps) {
  const now = () => clock.now().toISOString();

  async function putChallenge(tenantId: string, pending: PendingChallenge): Promise<string> {
    const challengeId = randomToken(16);
    await state.put(challengeKey(tenantId, challengeId), JSON.stringify(pending), CHALLENGE_TTL_MS);
    return challengeId;
  }

  /** Takes the challenge whatever comes next: a response is checked against it once. */
  async function takeChallenge(tenantId: string, challengeId: string): Promise<PendingChallenge | undefined> {
    if (typeof challengeId !== 'string' || !CHALLENGE_ID.test(challengeId)) return undefined;
    const value = await state.take(challengeKey(tenantId, challengeId));
    return value === undefined ? undefined : (JSON.parse(value) as PendingChallenge);
  }

  return {
    async registrationOptions(
      tenantId: string,
      user: { id: string; name: string; displayName: string },
    ): Promise<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
      const existing = await passkeyStore.listByUser(db, tenantId, user.id);
      if (existing.length >= MAX_PASSKEYS_PER_USER) throw passkeyErrors.limitReached();
      const options = await generateRegistrationOptions({
        rpName: await rpName(tenantId),
        rpID: rpId,
        userName: user.name,
        userID: userHandleOf(user.id),
        userDisplayName: user.displayName,
        timeout: CHALLENGE_TTL_MS,
        attestationType: 'none',
        // The authenticator refuses to make a second credential for the same account.
        excludeCredentials: existing.map((row) => ({
          id: row.credential_id,
          transports: JSON.parse(row.transports),
        })),
        // Discoverable and user-verifying, so every passkey also works without a password.
        authenticatorSelection: {
          residentKey: 'required',
          requireResidentKey: true,
          userVerification: 'required',
        },
        supportedAlgorithmIDs: [-7, -8, -257],
      });
      const challengeId = await putChallenge(tenantId, {
        purpose: 'registration',
        challenge: options.challenge,
        userId: user.id,
      });
      return { challengeId, options };
    },

    async register(
      tenantId: string,
      userId: string,
      challengeId: string,
      response: RegistrationResponseJSON,
      displayName?: string,
    ): Promise<Passkey> {
      // Bad input is refused before the challenge is spent, so the user can correct it.
      let name = DEFAULT_DISPLAY_NAME;
      if (displayName !== undefined) {
        const parsed = passkeyDisplayNameSchema.safeParse(displayName);
        if (!parsed.success) throw passkeyErrors.invalidDisplayName();
        name = parsed.data;
      }
      const parsed = registrationResponseSchema.safeParse(response);
      if (!parsed.success) throw passkeyErrors.registrationFailed();

      const pending = await takeChallenge(tenantId, challengeId);
      if (pending?.purpose !== 'registration' || pending.userId !== userId)
        throw passkeyErrors.challengeExpired();

      let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
      try {
        verification = await verifyRegistrationResponse({
          response: parsed.data as RegistrationResponseJSON,
          expectedChallenge: pending.challenge,
          expectedOrigin: origin,
          expectedRPID: rpId,
          requireUserVerification: true,
        });
      } catch (error) {
        logger?.info({ tenantId, userId, reason: (error as Error).message }, 'passkey registration refused');
        throw passkeyErrors.registrationFailed();
      }
      if (!verification.verified) throw passkeyErrors.registrationFailed();
      const info = verification.registrationInfo;

      const row: PasskeyRow = {
        id: newId(),
        tenant_id: tenantId,
        user_id: userId,
        credential_id: info.credential.id,
        public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: JSON.stringify(info.credential.transports ?? []),
        device_type: info.credentialDeviceType,
        backed_up: info.credentialBackedUp ? 1 : 0,
        display_name: name,
        aaguid: info.aaguid,
        created_at: now(),
        last_used_at: null,
      };
      try {
        await db.transaction().execute(async (trx) => {
          if ((await passkeyStore.countByUser(trx, tenantId, userId)) >= MAX_PASSKEYS_PER_USER)
            throw passkeyErrors.limitReached();
          await passkeyStore.insert(trx, row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw passkeyErrors.alreadyRegistered();
        if (isForeignKeyViolation(error)) throw passkeyErrors.userNotFound(userId);
        throw error;
      }
      return toPasskey(row);
    },

    async authenticationOptions(
      tenantId: string,
      userId?: string,
    ): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
      let allowCredentials: { id: string; transports: AuthenticatorTransportFuture[] }[] | undefined;
      if (userId !== undefined) {
        const rows = await passkeyStore.listByUser(db, tenantId, userId);
        if (!rows.length) throw passkeyErrors.noPasskeys();
        allowCredentials = rows.map((row) => ({
          id: row.credential_id,
          transports: JSON.parse(row.transports),
        }));
      }
      const options = await generateAuthenticationOptions({
        rpID: rpId,
        allowCredentials,
        timeout: CHALLENGE_TTL_MS,
        // Passwordless: the passkey is the whole proof, so the user must be verified (PIN, biometric).
        userVerification: userId === undefined ? 'required' : 'preferred',
      });
      const challengeId = await putChallenge(tenantId, {
        purpose: 'authentication',
        challenge: options.challenge,
        ...(userId !== undefined ? { userId } : {}),
      });
      return { challengeId, options };
    },

    async authenticate(
      tenantId: string,
      challengeId: string,
      response: AuthenticationResponseJSON,
    ): Promise<PasskeyAuthenticationResult> {
      const pending = await takeChallenge(tenantId, challengeId);
      if (pending?.purpose !== 'authentication') return { ok: false, reason: 'expired' };
      const parsed = authenticationResponseSchema.safeParse(response);
      if (!parsed.success) return { ok: false, reason: 'verification_failed' };
      const assertion = parsed.data as AuthenticationResponseJSON;

      const row = await passkeyStore.byCredentialId(db, tenantId, assertion.id);
      // A second-factor check accepts only the user's own passkeys.
      if (!row || (pending.userId !== undefined && row.user_id !== pending.userId))
        return { ok: false, reason: 'unknown_credential' };
      const context = { tenantId, userId: row.user_id, passkeyId: row.id };
      const passwordless = pending.userId === undefined;
      // Passwordless: the authenticator must say whose passkey it is (WebAuthn §7.2 step 6).
      if (passwordless) {
        const handle = assertion.response.userHandle;
        if (!handle || handle !== Buffer.from(userHandleOf(row.user_id)).toString('base64url')) {
          logger?.info(context, 'passkey assertion refused: user handle does not match');
          return { ok: false, reason: 'verification_failed' };
        }
      }

      let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
      try {
        verification = await verifyAuthenticationResponse({
          response: assertion,
          expectedChallenge: pending.challenge,
          expectedOrigin: origin,
          expectedRPID: rpId,
          // Counter 0 here: the counter is checked below, after the signature, so only a
          // genuine assertion with an old counter is reported as a possible clone.
          credential: {
            id: row.credential_id,
            publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
            counter: 0,
            transports: JSON.parse(row.transports),
          },
          requireUserVerification: passwordless,
        });
      } catch (error) {
        logger?.info({ ...context, reason: (error as Error).message }, 'passkey assertion refused');
        return { ok: false, reason: 'verification_failed' };
      }
      if (!verification.verified) return { ok: false, reason: 'verification_failed' };
      const info = verification.authenticationInfo;

      // Counters only move forward; authenticators that keep none always send 0.
      if ((info.newCounter > 0 || row.counter > 0) && info.newCounter <= row.counter) {
        logger?.warn(
          { ...context, storedCounter: row.counter, receivedCounter: info.newCounter },
          'passkey signature counter did not increase: possible cloned authenticator',
        );
        return { ok: false, reason: 'verification_failed' };
      }
      const at = now();
      const recorded = await passkeyStore.recordUse(db, row, {
        counter: info.newCounter,
        backedUp: info.credentialBackedUp,
        at,
      });
      // Another use with the same counter got there first.
      if (!recorded) return { ok: false, reason: 'verification_failed' };

      const passkey = toPasskey({
        ...row,
        counter: info.newCounter,
        backed_up: info.credentialBackedUp ? 1 : 0,
        last_used_at: at,
      });
      return { ok: true, userId: row.user_id, passkey, amr: amrOf(passkey.deviceType) };
    },

    async list(tenantId: string, userId: string): Promise<Passkey[]> {
      return (await passkeyStore.listByUser(db, tenantId, userId)).map(toPasskey);
    },

    async rename(tenantId: string, userId: string, id: string, displayName: string): Promise<Passkey> {
      const parsed = passkeyDisplayNameSchema.safeParse(displayName);
      if (!parsed.success) throw passkeyErrors.invalidDisplayName();
      if (!isGuid(id)) throw passkeyErrors.notFound(id);
      return db.transaction().execute(async (trx) => {
        if (!(await passkeyStore.rename(trx, tenantId, userId, id, parsed.data)))
          throw passkeyErrors.notFound(id);
        const row = await passkeyStore.get(trx, tenantId, userId, id);
        if (!row) throw passkeyErrors.notFound(id);
        return toPasskey(row);
      });
    },

    async remove(tenantId: string, userId: string, id: string): Promise<void> {
      if (!isGuid(id) || !(await passkeyStore.delete(db, tenantId, userId, id)))
        throw passkeyErrors.notFound(id);
    },
  };
}
