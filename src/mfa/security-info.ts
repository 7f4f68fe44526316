import type { EnabledMethod, UserMethod } from './model.js';

/**
 * The one rule for second factors and for changing a user's security info, shared by the
 * hosted MFA step, the account pages and (later) the admin console:
 *
 * - A second factor must be a different proof from the first: the mailbox that proved the
 *   first factor of a sign-in (an emailed code, a reset by emailed code) cannot prove the
 *   second. Email codes are a second factor only after a password or a provider, as in Entra.
 * - Changing security info (add or remove a method, new recovery codes, link or unlink a
 *   provider, change the password, export the data, delete the account) needs a sign-in that
 *   proved MFA recently; a user with no second factor at all needs a recent first factor, so
 *   they may register their first method right after signing in.
 */

/** How recent the proof behind a change of security info must be. */
export const SECURITY_INFO_PROOF_SECONDS = 600;

export type SecondFactorKind = 'email' | 'phone' | 'totp' | 'recoveryCode' | 'passkey';

export interface SecondFactorHolder {
  /** The user's stored methods and their mail and password (MfaService.methodsOf). */
  methods: readonly UserMethod[];
  /** How many passkeys the user has registered. */
  passkeys: number;
  /** Whether the user can sign in with an identity provider (then email can be a second factor). */
  federated: boolean;
}

/**
 * The second factors a user holds that the tenant allows, whatever the sign-in. Email counts
 * only for a user who signs in some other way (password or provider): for a user whose only
 * way in is their mailbox, the mailbox is the first factor and never the second.
 */
export function secondFactorsOf(holder: SecondFactorHolder, enabled: ReadonlySet<EnabledMethod>) {
  const has = (type: UserMethod['type']) => holder.methods.some((m) => m.type === type);
  const factors: { kind: SecondFactorKind; email?: string; phone?: string }[] = [];
  const email = holder.methods.find((m) => m.type === 'email')?.emailAddress;
  if (enabled.has('email') && email && (has('password') || holder.federated))
    factors.push({ kind: 'email', email });
  const phone = holder.methods.find((m) => m.type === 'phone')?.phoneNumber;
  if (enabled.has('sms') && phone) factors.push({ kind: 'phone', phone });
  if (enabled.has('totp') && has('totp')) factors.push({ kind: 'totp' });
  const recovery = holder.methods.find((m) => m.type === 'recoveryCodes');
  if (enabled.has('recoveryCode') && (recovery?.remaining ?? 0) > 0) factors.push({ kind: 'recoveryCode' });
  if (enabled.has('fido2') && holder.passkeys > 0) factors.push({ kind: 'passkey' });
  return factors;
}

/**
 * Whether the first factor of a sign-in (its RFC 8176 `amr`, without `mfa`) was proved by the
 * user's mailbox alone: an emailed code or a reset by emailed code, with no password or
 * provider beside it.
 */
export const mailboxProvedFirstFactor = (firstFactorAmr: readonly string[]): boolean =>
  firstFactorAmr.includes('otp') && !firstFactorAmr.includes('pwd') && !firstFactorAmr.includes('fed');

/** The channels that may prove the second factor of a sign-in whose first factor proved `firstFactorAmr`. */
export function secondFactorsFor<F extends { kind: SecondFactorKind }>(
  factors: readonly F[],
  firstFactorAmr: readonly string[],
): F[] {
  const mailbox = mailboxProvedFirstFactor(firstFactorAmr);
  // A texted code is never a first factor here; should one become one, exclude `phone` the same way.
  return factors.filter((f) => !(mailbox && f.kind === 'email'));
}

/** What a session proved, and when (epoch seconds of its last authentication). */
export interface SessionProof {
  amr: readonly string[];
  authTime: number;
}

export type SecurityInfoVerdict =
  | { allowed: true }
  /**
   * `mfa`: prove a second factor now (the first is recent); `signInWithMfa`: both factors
   * again; `signIn`: the first factor again (for a user with no second factor).
   */
  | { allowed: false; stepUp: 'mfa' | 'signInWithMfa' | 'signIn' };

/** May a session change the user's security info now? */
export function judgeSecurityInfoChange(input: {
  hasSecondFactor: boolean;
  proof: SessionProof;
  now: number;
}): SecurityInfoVerdict {
  const recent = input.now - input.proof.authTime <= SECURITY_INFO_PROOF_SECONDS;
  if (!input.hasSecondFactor) return recent ? { allowed: true } : { allowed: false, stepUp: 'signIn' };
  if (!recent) return { allowed: false, stepUp: 'signInWithMfa' };
  return input.proof.amr.includes('mfa') ? { allowed: true } : { allowed: false, stepUp: 'mfa' };
}

/** Where a user's second factors are read from (the mfa, passkey and directory services). */
export interface SecondFactorSources {
  enabledMethods(tenantId: string): Promise<ReadonlySet<EnabledMethod>>;
  methodsOf(tenantId: string, userId: string): Promise<UserMethod[]>;
  passkeyCount(tenantId: string, userId: string): Promise<number>;
  /** Whether the user can sign in with an identity provider. */
  isFederated(tenantId: string, userId: string): Promise<boolean>;
}

/**
 * The one place a user's second factors are gathered, for every caller of the rule: the
 * hosted MFA step, password reset and provider linking in the sign-in pipeline, and the
 * account pages.
 */
export function createSecondFactorLookup(sources: SecondFactorSources) {
  async function held(tenantId: string, userId: string) {
    const [enabled, methods, passkeys, federated] = await Promise.all([
      sources.enabledMethods(tenantId),
      sources.methodsOf(tenantId, userId),
      sources.passkeyCount(tenantId, userId),
      sources.isFederated(tenantId, userId),
    ]);
    return secondFactorsOf({ methods, passkeys, federated }, enabled);
  }
  return {
    held,
    /** The factors the user holds that can prove the second factor of a sign-in whose first proved `firstFactorAmr`. */
    async provableAfter(tenantId: string, userId: string, firstFactorAmr: readonly string[]) {
      return secondFactorsFor(await held(tenantId, userId), firstFactorAmr);
    },
  };
}

export type SecondFactorLookup = ReturnType<typeof createSecondFactorLookup>;
