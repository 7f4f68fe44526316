/**
 * Sign-in names (emails and usernames): how they are checked and how they compare.
 *
 * Two names are the same when their keys are equal: Unicode NFKC, trimmed, lower-cased. NFKC
 * folds compatibility forms (full-width `ａ`, ligatures `ﬁ`, superscripts) onto their plain
 * letters, so those cannot make a second account; it does not fold one script onto another,
 * so a Cyrillic `а` in `аlice@example.com` stays a different name from the Latin `alice`.
 */

export const MAX_MAIL_LENGTH = 254;
export const MAX_USERNAME_LENGTH = 64;

/** The comparison key of an email address or a username. */
export const nameKey = (value: string): string => value.normalize('NFKC').trim().toLowerCase();

/** Kept for the callers of the first directory cut: an email's comparison key. */
export const mailKey = nameKey;

// Controls (C0, C1, DEL), format characters (zero-width, bidi overrides, soft hyphen…) and
// every kind of space: none belongs in a sign-in name.
const INVISIBLE_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}\s]/u;
// RFC 5322 atext, widened to letters, marks and digits of any script (RFC 6531).
const ATOM = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u;
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
const USERNAME = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]*$/u;

/** Why `value` is not an acceptable email address, or undefined when it is. */
export function mailProblem(value: string): string | undefined {
  const mail = value.normalize('NFKC');
  if (INVISIBLE_OR_SPACE.test(mail)) return 'must not contain spaces or invisible characters';
  if (mail.length > MAX_MAIL_LENGTH) return `must be at most ${MAX_MAIL_LENGTH} characters`;
  const at = mail.lastIndexOf('@');
  const local = mail.slice(0, at);
  const domain = mail.slice(at + 1);
  const shape = 'must be an email address such as alice@example.com';
  if (at <= 0 || local.includes('@') || domain.length === 0) return shape;
  if (local.length > 64) return 'must have at most 64 characters before the @';
  if (!local.split('.').every((atom) => ATOM.test(atom))) return shape;
  if (domain.length > 253) return shape;
  const labels = domain.split('.');
  if (!labels.every((label) => label.length <= 63 && LABEL.test(label))) return shape;
  // A single label is only accepted for localhost (development installs use admin@localhost).
  if (labels.length < 2 && domain.toLowerCase() !== 'localhost') return shape;
  if (/^[0-9]+$/.test(labels.at(-1) ?? '')) return shape;
  return undefined;
}

/** Why `value` is not an acceptable username, or undefined when it is. */
export function usernameProblem(value: string): string | undefined {
  const name = value.normalize('NFKC');
  if (INVISIBLE_OR_SPACE.test(name)) return 'must not contain spaces or invisible characters';
  if (name.length === 0 || name.length > MAX_USERNAME_LENGTH)
    return `must be 1-${MAX_USERNAME_LENGTH} characters`;
  if (!USERNAME.test(name))
    return 'must start with a letter or digit and hold only letters, digits, marks, ".", "_" or "-"';
  return undefined;
}

// Text shown to people (names, descriptions): anything printable. Control characters and
// the bidi embedding/override/isolate controls (which can make text display in another
// order than it is stored) are refused.
const UNSAFE_TEXT = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
export const isSafeText = (value: string): boolean => !UNSAFE_TEXT.test(value);

// An issuer or a federated subject: printable, no spaces.
export const isSafeToken = (value: string): boolean => !INVISIBLE_OR_SPACE.test(value);

export { escapeLike } from '../storage/index.js';
