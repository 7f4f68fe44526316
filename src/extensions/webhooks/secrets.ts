import { randomBytes } from 'node:crypto';
import { Webhook as Signer } from 'standardwebhooks';
import type { SecretBox } from '../../platform/index.js';
import { webhookErrors } from './model.js';
import type { WebhookRow } from './store.js';

const PREFIX = 'whsec_';

/** A new signing secret as Standard Webhooks writes them: `whsec_` and base64 of 32 random bytes. */
export const newSecret = (): string => `${PREFIX}${randomBytes(32).toString('base64')}`;

/** What reads show of a secret: its prefix and first four characters. */
export const hintOf = (secret: string): string => secret.slice(0, PREFIX.length + 4);

/** The associated data of a webhook's sealed secrets: they cannot be moved to another row. */
export const sealedWith = (tenantId: string, id: string): string => `webhook:${tenantId}:${id}`;

/**
 * The secrets that sign a message now: the current one, and the previous one until its grace
 * period after a rotation ends (receivers still holding it keep verifying meanwhile).
 */
export function signingSecrets(box: SecretBox, row: WebhookRow, now: Date): string[] {
  const associated = sealedWith(row.tenant_id, row.id);
  try {
    const secrets = [box.open(row.secret_sealed, associated)];
    if (
      row.previous_secret_sealed &&
      row.previous_secret_expires_at &&
      row.previous_secret_expires_at > now.toISOString()
    )
      secrets.push(box.open(row.previous_secret_sealed, associated));
    return secrets;
  } catch {
    throw webhookErrors.secretUnreadable(row.id);
  }
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` per
 * secret, space-separated (Standard Webhooks; a verifier accepts any one that matches).
 */
export const signatureOf = (secrets: string[], messageId: string, at: Date, body: string): string =>
  secrets.map((secret) => new Signer(secret).sign(messageId, at, body)).join(' ');
