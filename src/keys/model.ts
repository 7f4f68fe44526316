import { z } from 'zod';
import { AppError } from '../platform/index.js';

export const signingAlgorithmSchema = z.enum(['RS256', 'ES256']);
export type SigningAlgorithm = z.infer<typeof signingAlgorithmSchema>;

export const rotateKeySchema = z.strictObject({
  alg: signingAlgorithmSchema.default('RS256'),
  /** When the new key starts signing: not sooner than the activation delay (the default), within a year. */
  activatesDateTime: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date and time' })
    .optional(),
});
export type RotateKeyInput = z.input<typeof rotateKeySchema>;

/**
 * pending: published in the JWKS, not yet signing (relying parties get time to fetch it).
 * active: signs every new token. retired: no longer signs, published until the last token it
 * signed has expired.
 */
export type SigningKeyStatus = 'pending' | 'active' | 'retired';

/** A signing key as the admin API shows it: never the private part. */
export interface SigningKeyView {
  kid: string;
  alg: SigningAlgorithm;
  use: 'sig';
  status: SigningKeyStatus;
  createdDateTime: string;
  activatesDateTime: string;
  retiredDateTime?: string;
  removalDateTime?: string;
}

export type Jwk = Record<string, unknown> & { kid: string; alg: string };

/** What the protocol layer needs to build a tenant's provider. */
export interface TenantKeySet {
  /** Private JWKs, the active key first (oidc-provider signs with the first match). */
  privateJwks: Jwk[];
  publicJwks: Jwk[];
  active: { kid: string; alg: SigningAlgorithm };
  /** When the key states next change (a pending key activates, a retired one is dropped). */
  validUntil: Date | undefined;
}

export const keyErrors = {
  masterKeyMismatch: () =>
    new AppError(
      'master_key_mismatch',
      'unavailable',
      'The master key (GATEHOUSE_MASTER_KEY or master.key in the data directory) does not open the stored signing keys.',
    ),
  activationOutOfRange: (delaySeconds: number) =>
    new AppError(
      'invalid_activation_date',
      'invalid',
      `The activation date must be at least ${describeDelay(delaySeconds)} from now (relying parties fetch the new key first) and within a year.`,
      'activatesDateTime',
    ),
  noActiveKey: (tenantId: string) =>
    new AppError('no_active_signing_key', 'unavailable', `Tenant '${tenantId}' has no active signing key.`),
};

/** A delay in words: "24 hours", "90 seconds". */
function describeDelay(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
