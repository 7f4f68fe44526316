import { randomUUID } from 'node:crypto';
import { CompactEncrypt, importJWK, UnsecuredJWT } from 'jose';
import type { DirectoryService, DirectoryUser } from '../directory/index.js';
import { isAppError, type Logger } from '../platform/index.js';
import type { ExtensionRunner, RunInput } from './runner.js';
import type { ExtensionService } from './service.js';

/** An RSA public key an extension's API app registered for encryption (its `Encrypt` key credential). */
export interface EncryptionKey {
  keyId: string;
  jwk: Record<string, unknown>;
}

export interface PasswordSubmitDeps {
  run: ExtensionRunner;
  extensions: Pick<ExtensionService, 'boundExtension' | 'hasListeners'>;
  /** The `Encrypt` key that the app's tokenEncryptionKeyId names, if it has one in force. */
  encryptionKeyOf(tenantId: string, appId: string): Promise<EncryptionKey | undefined>;
  users: Pick<DirectoryService, 'findUser' | 'customAttributesOf' | 'update'>;
  logger: Logger;
}

/** A password sign-in to an app, as the password first factor saw it. */
export interface PasswordSubmitInput
  extends Pick<RunInput, 'tenantId' | 'appId' | 'correlationId' | 'client'> {
  userId: string;
  /** The sign-in name as the user typed it (the JWE's `username`). */
  login: string;
  password: string;
}

/** What the legacy system (through the extension) said of a password Gatehouse could not verify. */
export type PasswordSubmitVerdict =
  /** No listener covers the app, or the user is not marked for migration: a wrong password. */
  | { kind: 'notApplicable' }
  /** MigratePassword: the password is now Gatehouse's own, the user is migrated. */
  | { kind: 'migrated'; user: DirectoryUser }
  /** UpdatePassword (or a migrated password Gatehouse's rules refuse): right, but must change. */
  | { kind: 'updatePassword'; user: DirectoryUser }
  /** Retry: a wrong password. */
  | { kind: 'retry' }
  /** Block: the sign-in ends on a page with the extension's words. */
  | { kind: 'blocked'; title?: string; message?: string }
  /** The extension could not be asked or did not answer usably: the password cannot be checked now. */
  | { kind: 'failed' };

/** What a migration property is matched against: a tenant's custom attribute. */
export interface MigrationAttributeCandidate {
  name: string;
  claimName: string;
  dataType: string;
}

/**
 * The boolean custom attribute a listener's migrationPropertyId names: by its name, its claim
 * name (`extension_{name}`), or Entra's directory extension name `extension_{appId}_{name}`, so
 * a configuration copied from Entra works.
 */
export function migrationAttributeNamed<A extends MigrationAttributeCandidate>(
  attributes: readonly A[],
  propertyId: string,
): A | undefined {
  const wanted = propertyId.toLowerCase();
  const entraName = /^extension_[0-9a-f]{32}_(.+)$/i.exec(propertyId)?.[1]?.toLowerCase();
  return attributes.find(
    (a) =>
      a.dataType === 'boolean' &&
      [a.name.toLowerCase(), a.claimName.toLowerCase()].some((n) => n === wanted || n === entraName),
  );
}

/** The password rules' refusals: a migrated password that breaks them must be changed (Entra's UpdatePassword). */
const POLICY_REFUSALS = new Set(['password_too_short', 'password_too_long', 'password_too_weak']);

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);

/**
 * Just-in-time password migration (the password submit event, Entra's `onPasswordSubmitListener`
 * with an `onPasswordMigrationCustomExtensionHandler`). A user whose boolean attribute named by
 * the listener's `migrationPropertyId` is true still has their password in a legacy system:
 * when the password typed does not verify here, the extension is asked, with the password only
 * inside a JWE encrypted to the key its API app registered and a nonce the answer must echo.
 * A password that verifies here (one an admin set) migrates the user silently, as in Entra.
 * Neither the password nor the JWE is logged or stored; only the call's outcome is recorded.
 */
export function createPasswordSubmit(deps: PasswordSubmitDeps) {
  /** The boolean custom attribute a migrationPropertyId names (its name, for the user's values). */
  async function migrationAttribute(tenantId: string, propertyId: string): Promise<string | undefined> {
    const found = migrationAttributeNamed(await deps.users.customAttributesOf(tenantId), propertyId);
    if (!found)
      deps.logger.warn(
        { tenantId, migrationPropertyId: propertyId },
        'password submit listener: its migrationPropertyId names no boolean custom attribute of the tenant; no user is migrated',
      );
    return found?.name;
  }

  /** The listener covering the app and the attribute it reads, when the user is marked for migration. */
  async function pending(tenantId: string, appId: string, user: DirectoryUser) {
    if (!Object.values(user.customAttributes).includes(true)) return undefined;
    if (!(await deps.extensions.hasListeners(tenantId, 'passwordSubmit'))) return undefined;
    const bound = await deps.extensions.boundExtension(tenantId, 'passwordSubmit', appId);
    const propertyId = bound?.listener.handler.migrationPropertyId;
    if (!bound || !propertyId) return undefined;
    const attribute = await migrationAttribute(tenantId, propertyId);
    if (!attribute || user.customAttributes[attribute] !== true) return undefined;
    return { bound, attribute };
  }

  /** The password and who typed it, for the extension's eyes only. */
  async function encryptedPasswordContext(key: EncryptionKey, input: PasswordSubmitInput, nonce: string) {
    // Entra's shape: an unsigned JWT inside an RSA-OAEP-256 / A256GCM JWE.
    const inner = new UnsecuredJWT({
      'user-password': input.password,
      username: input.login,
      nonce,
    }).encode();
    return new CompactEncrypt(new TextEncoder().encode(inner))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: key.keyId, cty: 'JWT' })
      .encrypt(await importJWK(key.jwk, 'RSA-OAEP-256'));
  }

  /** MigratePassword: the password becomes Gatehouse's own hash (held to its rules) and the mark goes. */
  async function migrate(input: PasswordSubmitInput, attribute: string, user: DirectoryUser) {
    try {
      const migrated = await deps.users.update(input.tenantId, input.userId, {
        passwordProfile: { password: input.password },
        customAttributes: { [attribute]: false },
      });
      return { kind: 'migrated' as const, user: migrated };
    } catch (error) {
      if (isAppError(error) && POLICY_REFUSALS.has(error.code))
        return { kind: 'updatePassword' as const, user };
      throw error;
    }
  }

  return {
    /** The password verified here: a user still marked for migration is marked migrated, silently. */
    async passwordVerified(tenantId: string, appId: string, user: DirectoryUser): Promise<void> {
      const found = await pending(tenantId, appId, user);
      if (found)
        await deps.users.update(tenantId, user.id, { customAttributes: { [found.attribute]: false } });
    },

    /** The password did not verify here: the legacy system's verdict, when the user is still to migrate. */
    async passwordRefused(input: PasswordSubmitInput): Promise<PasswordSubmitVerdict> {
      const user = await deps.users.findUser(input.tenantId, input.userId);
      if (!user?.accountEnabled) return { kind: 'notApplicable' };
      const found = await pending(input.tenantId, input.appId, user);
      if (!found) return { kind: 'notApplicable' };
      const { bound, attribute } = found;
      const key = await deps.encryptionKeyOf(input.tenantId, bound.resourceAppId);
      if (!key) {
        deps.logger.error(
          { tenantId: input.tenantId, extensionId: bound.extension.id, resourceAppId: bound.resourceAppId },
          "password submit extension not called: its API app has no Encrypt key in force named by tokenEncryptionKeyId, so the password cannot be encrypted to it; the user's password cannot be checked",
        );
        return { kind: 'failed' };
      }
      const nonce = randomUUID();
      const result = await deps.run('passwordSubmit', {
        tenantId: input.tenantId,
        appId: input.appId,
        // The call belongs to this attempt's own sign-in log entry.
        recordUnder: input.correlationId,
        correlationId: input.correlationId,
        client: input.client,
        user,
        eventData: { encryptedPasswordContext: await encryptedPasswordContext(key, input, nonce) },
        nonce,
      });
      if (result.kind === 'notConfigured') return { kind: 'notApplicable' };
      if (result.kind === 'failed') return { kind: 'failed' };
      const { name, fields } = result.action;
      switch (name) {
        case 'MigratePassword':
          return migrate(input, attribute, user);
        case 'UpdatePassword':
          return { kind: 'updatePassword', user };
        case 'Retry':
          return { kind: 'retry' };
        case 'Block':
          return { kind: 'blocked', title: text(fields.title), message: text(fields.message) };
      }
    },
  };
}

export type PasswordSubmit = ReturnType<typeof createPasswordSubmit>;
