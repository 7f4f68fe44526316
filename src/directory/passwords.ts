import { ARGON2_PARAMS } from '../platform/index.js';
import { directoryErrors, type PasswordPolicy } from './model.js';
import type { PasswordStrengthEstimator } from './password-strength.js';

const ARGON2ID_PREFIX = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/;
const ARGON2_VERSION = 19;

/**
 * Whether a stored password hash was made with other parameters than today's (another
 * algorithm, version, memory, time or parallelism): sign-in then stores a fresh hash.
 */
export function needsRehash(hash: string): boolean {
  const match = ARGON2ID_PREFIX.exec(hash);
  if (!match) return true;
  const [, version, memory, time, parallelism] = match.map(Number);
  return (
    version !== ARGON2_VERSION ||
    memory !== ARGON2_PARAMS.memoryCost ||
    time !== ARGON2_PARAMS.timeCost ||
    parallelism !== ARGON2_PARAMS.parallelism
  );
}

/**
 * The form of a password that is hashed and verified: NFKC, as NIST SP 800-63B asks, so the
 * same password typed on two keyboards (composed or decomposed accents) is the same.
 */
export const preparePassword = (password: string): string => password.normalize('NFKC');

/** Length in characters (code points), as a person counts them. */
const lengthOf = (password: string): number => [...password].length;

const SEPARATORS = /[\s@._+-]+/g;

/** The user's own data, which a password must not be built from. */
export function userInputsOf(fields: {
  tenantId: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  identities?: { issuerAssignedId: string }[];
}): string[] {
  const values = [
    fields.tenantId,
    fields.displayName,
    fields.givenName,
    fields.surname,
    fields.mail,
    ...(fields.identities ?? []).map((i) => i.issuerAssignedId),
  ].filter((v): v is string => typeof v === 'string' && v.length > 0);
  // Whole values, their parts and their parts run together: "Alice Smith" and
  // alice.smith@example.com → alice, smith, alicesmith, alice.smith, example…
  const parts = values.flatMap((v) => {
    const local = v.split('@')[0] ?? v;
    return [...v.split(SEPARATORS), local, v.replace(SEPARATORS, ''), local.replace(SEPARATORS, '')];
  });
  const all = [...values, ...parts].filter((p) => p.length >= 3);
  return [...new Set(all.map((v) => v.normalize('NFKC').toLowerCase()))];
}

/** Throws password_too_short, password_too_long or password_too_weak; resolves when acceptable. */
export async function checkPassword(
  policy: PasswordPolicy,
  estimator: PasswordStrengthEstimator,
  password: string,
  userInputs: string[],
): Promise<void> {
  const prepared = preparePassword(password);
  const length = lengthOf(prepared);
  if (length < policy.minLength) throw directoryErrors.passwordTooShort(policy.minLength);
  if (length > policy.maxLength) throw directoryErrors.passwordTooLong(policy.maxLength);
  if (policy.minScore === 0) return;
  const strength = await estimator.estimate(prepared, userInputs);
  if (strength.score < policy.minScore)
    throw directoryErrors.passwordTooWeak(strength.warning, strength.suggestions);
}
