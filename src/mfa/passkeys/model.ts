import { z } from 'zod';
import { isSafeText } from '../../directory/index.js';
import { AppError } from '../../platform/index.js';

/**
 * Whether a passkey is bound to one device (`singleDevice`: not backup-eligible, e.g. a security
 * key or a TPM) or synced between devices (`multiDevice`: backup-eligible, e.g. iCloud Keychain or
 * Google Password Manager). Set once at registration: the backup-eligible flag never changes.
 */
export type PasskeyDeviceType = 'singleDevice' | 'multiDevice';

/**
 * The `amr` a passkey sign-in earns (RFC 8176). With attestation `none` nobody can prove where
 * the key lives, so Gatehouse goes by the backup-eligible flag: a device-bound key is `hwk`
 * (hardware-bound), a synced one `swk` (its private key leaves the device, in the sync provider).
 */
export type PasskeyAmr = 'hwk' | 'swk';

export const amrOf = (deviceType: PasskeyDeviceType): PasskeyAmr =>
  deviceType === 'singleDevice' ? 'hwk' : 'swk';

/** A registered passkey, as the account pages and the admin API show it (Graph fido2AuthenticationMethod-like). */
export interface Passkey {
  id: string;
  tenantId: string;
  userId: string;
  /** The WebAuthn credential id, base64url. */
  credentialId: string;
  displayName: string;
  deviceType: PasskeyDeviceType;
  /** Whether the synced key has been backed up by its provider (always false for device-bound keys). */
  backedUp: boolean;
  /** How the browser may reach the authenticator (`internal`, `hybrid`, `usb`, `nfc`, `ble`, …). */
  transports: string[];
  /** The authenticator model's id (all zeros when the authenticator does not say). */
  aaGuid: string;
  createdDateTime: string;
  lastUsedDateTime: string | null;
}

export const MAX_DISPLAY_NAME_LENGTH = 64;
/** More than anyone needs; keeps a runaway script from filling the table. */
export const MAX_PASSKEYS_PER_USER = 20;
/** How long a ceremony may take, from options to response. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const DEFAULT_DISPLAY_NAME = 'Passkey';

/** A name the user gives a passkey: trimmed, 1-64 characters, no control or bidi-override characters. */
export const passkeyDisplayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_DISPLAY_NAME_LENGTH)
  .refine(isSafeText, { message: 'must not contain control characters' });

// The browser's JSON, size-capped. Unknown fields are dropped (browsers add new ones over time);
// the library checks the contents.
const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
/** WebAuthn credential ids are at most 1,023 bytes. */
const credentialId = b64url(1400);
const transports = z.array(z.string().max(32)).max(10);
const clientExtensionResults = z.record(z.string(), z.unknown());

export const registrationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(64 * 1024),
    authenticatorData: b64url(16 * 1024).optional(),
    transports: transports.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(8192).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: clientExtensionResults.default({}),
});

export const authenticationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(16 * 1024),
    signature: b64url(1024),
    userHandle: b64url(128).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: clientExtensionResults.default({}),
});

export const passkeyErrors = {
  notFound: (id: string) =>
    new AppError('passkey_not_found', 'notFound', `Passkey '${id}' does not exist for this user.`, 'id'),
  noPasskeys: () => new AppError('no_passkeys', 'notFound', 'The user has no passkey registered.', 'userId'),
  userNotFound: (id: string) =>
    new AppError('user_not_found', 'notFound', `User '${id}' does not exist in this tenant.`, 'userId'),
  challengeExpired: () =>
    new AppError(
      'passkey_challenge_expired',
      'invalid',
      'The passkey request has expired or was already used. Start again.',
      'challengeId',
    ),
  registrationFailed: () =>
    new AppError(
      'passkey_registration_failed',
      'invalid',
      'The passkey could not be verified. Try again, or use another authenticator.',
      'response',
    ),
  alreadyRegistered: () =>
    new AppError('passkey_already_registered', 'conflict', 'This passkey is already registered.', 'response'),
  limitReached: () =>
    new AppError(
      'passkey_limit_reached',
      'conflict',
      `A user can have at most ${MAX_PASSKEYS_PER_USER} passkeys. Remove one first.`,
    ),
  invalidDisplayName: () =>
    new AppError(
      'invalid_display_name',
      'invalid',
      `The name must be 1-${MAX_DISPLAY_NAME_LENGTH} characters without control characters.`,
      'displayName',
    ),
};
