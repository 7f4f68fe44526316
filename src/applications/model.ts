import { z } from 'zod';
import { AppError } from '../platform/index.js';
import { identifierUriProblem, type Platform, redirectUriProblem } from './uris.js';

const MAX_URIS = 256;

const redirectUris = (platform: Platform) =>
  z
    .array(
      z
        .string()
        .max(2048)
        .superRefine((value, ctx) => {
          const problem = redirectUriProblem(value, platform);
          if (problem) ctx.addIssue({ code: 'custom', message: `redirect URI ${problem}` });
        }),
    )
    .max(MAX_URIS)
    .refine((uris) => new Set(uris).size === uris.length, { message: 'redirect URIs must be unique' });

const guid = z.uuid();
/** Any GUID (ids others chose need not be RFC 4122 versions), kept lower-case as Graph's. */
const anyGuid = z.guid().transform((id) => id.toLowerCase());

/** What a token's `scp` or `roles` claim carries: a scope's or an app role's value. */
const entitlementValue = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be letters, digits and . _ : - without spaces');

export const permissionScopeSchema = z.strictObject({
  id: guid.optional(),
  value: entitlementValue,
  adminConsentDisplayName: z.string().trim().min(1).max(256),
  adminConsentDescription: z.string().max(1024).optional(),
  isEnabled: z.boolean().default(true),
  type: z.enum(['Admin', 'User']).default('User'),
});

export const keyCredentialInputSchema = z.strictObject({
  keyId: guid.optional(),
  displayName: z.string().max(256).optional(),
  type: z.literal('AsymmetricX509Cert'),
  /**
   * `Verify`: checks the app's client assertions (private_key_jwt). `Encrypt`: an RSA key others
   * encrypt to (a password submit extension's JWE, named by tokenEncryptionKeyId); never a credential.
   */
  usage: z.enum(['Verify', 'Encrypt']),
  /** A certificate or public key: PEM, or base64 of DER/PEM. */
  key: z.string().min(32).max(16_384),
  startDateTime: z.iso.datetime({ offset: true }).optional(),
  endDateTime: z.iso.datetime({ offset: true }).optional(),
});

const logoutUrl = (label: string) =>
  z
    .string()
    .max(2048)
    .nullable()
    .default(null)
    .superRefine((value, ctx) => {
      const problem = value === null ? undefined : redirectUriProblem(value, 'web');
      if (problem) ctx.addIssue({ code: 'custom', message: `${label} ${problem}` });
    });

const platforms = {
  web: z
    .strictObject({
      redirectUris: redirectUris('web').default([]),
      /** Front-channel logout: loaded in a hidden frame with `iss` and `sid` at sign-out. */
      logoutUrl: logoutUrl('logout URL'),
      /** Back-channel logout: receives a logout token (POST) at sign-out. Gatehouse's own field. */
      backchannelLogoutUrl: logoutUrl('back-channel logout URL'),
    })
    .optional(),
  spa: z.strictObject({ redirectUris: redirectUris('spa').default([]) }).optional(),
  publicClient: z.strictObject({ redirectUris: redirectUris('publicClient').default([]) }).optional(),
};

const identifierUris = z
  .array(
    z
      .string()
      .max(512)
      .superRefine((value, ctx) => {
        const problem = identifierUriProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: `identifier URI ${problem}` });
      }),
  )
  .max(50)
  .refine((uris) => new Set(uris).size === uris.length, { message: 'identifier URIs must be unique' });

const api = z
  .strictObject({
    oauth2PermissionScopes: z
      .array(permissionScopeSchema)
      .max(100)
      .refine((scopes) => new Set(scopes.map((s) => s.value)).size === scopes.length, {
        message: 'scope values must be unique',
      })
      .refine((scopes) => uniqueIds(scopes), { message: 'scope ids must be unique' }),
  })
  .optional();

/** Graph `appRole`: assignable to users and groups ('User'), to client apps ('Application'), or both. */
export const appRoleSchema = z.strictObject({
  id: anyGuid.optional(),
  allowedMemberTypes: z
    .array(z.enum(['User', 'Application']))
    .min(1)
    .max(2)
    .refine((types) => new Set(types).size === types.length, { message: 'member types must be unique' }),
  description: z.string().max(1024).nullable().default(null),
  displayName: z.string().trim().min(1).max(256),
  isEnabled: z.boolean().default(true),
  /** Read-only: accepted (and ignored) so a read object can be written back. */
  origin: z.literal('Application').optional(),
  value: entitlementValue,
});

const appRoles = z
  .array(appRoleSchema)
  .max(100)
  .refine((roles) => new Set(roles.map((r) => r.value)).size === roles.length, {
    message: 'app role values must be unique',
  })
  .refine((roles) => uniqueIds(roles), { message: 'app role ids must be unique' });

/** Graph `requiredResourceAccess`: the permissions an app declares it needs on one API. */
export const requiredResourceAccessSchema = z.strictObject({
  resourceAppId: anyGuid,
  resourceAccess: z
    .array(z.strictObject({ id: anyGuid, type: z.enum(['Scope', 'Role']) }))
    .max(100)
    .refine((access) => new Set(access.map((a) => `${a.type}:${a.id}`)).size === access.length, {
      message: 'each permission may be listed once',
    }),
});

const requiredResourceAccess = z
  .array(requiredResourceAccessSchema)
  .max(50)
  .refine((list) => new Set(list.map((r) => r.resourceAppId)).size === list.length, {
    message: 'each resourceAppId may be listed once',
  });

function uniqueIds(entries: { id?: string }[]): boolean {
  const ids = entries.flatMap((e) => (e.id === undefined ? [] : [e.id]));
  return new Set(ids).size === ids.length;
}

/** Graph `optionalClaim`: a claim an app asks for beyond the defaults. */
export const optionalClaimSchema = z.strictObject({
  /** A built-in attribute (city, country, postalCode, state, streetAddress, jobTitle) or a custom attribute's claimName. */
  name: z.string().min(1).max(128),
  /** Only null (the user object) is supported. */
  source: z.null({ message: 'only null (the user) is supported' }).default(null),
  essential: z.boolean().default(false),
  additionalProperties: z
    .array(z.string())
    .max(0, { message: 'no additional properties are supported' })
    .default([]),
});

const optionalClaimList = z
  .array(optionalClaimSchema)
  .max(50)
  .refine((claims) => new Set(claims.map((c) => c.name)).size === claims.length, {
    message: 'each claim may be listed once',
  })
  .default([]);

const optionalClaims = z
  .strictObject({ idToken: optionalClaimList, accessToken: optionalClaimList })
  .optional();

const applicationFields = {
  displayName: z.string().trim().min(1).max(256),
  /** Whether tokens carry the user's `groups` claim (Graph's values; "All" = every group type). */
  groupMembershipClaims: z.enum(['None', 'SecurityGroup', 'All']).optional(),
  /** Gatehouse's own: every sign-in to this app needs a second factor (acr urn:gatehouse:loa:2). */
  requireMfa: z.boolean().optional(),
  /** Graph's: the app may use the public client flows (the device authorization grant). */
  isFallbackPublicClient: z.boolean().optional(),
  ...platforms,
  identifierUris: identifierUris.optional(),
  api,
  keyCredentials: z.array(keyCredentialInputSchema).max(10).optional(),
  /** Graph's: the keyId of the app's `Encrypt` key that data for the app is encrypted to (null: none). */
  tokenEncryptionKeyId: guid.nullable().optional(),
  optionalClaims,
  appRoles: appRoles.optional(),
  requiredResourceAccess: requiredResourceAccess.optional(),
};

export const createApplicationSchema = z.strictObject(applicationFields);
export type CreateApplicationInput = z.input<typeof createApplicationSchema>;

export const updateApplicationSchema = z
  .strictObject({ ...applicationFields, displayName: applicationFields.displayName.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateApplicationInput = z.input<typeof updateApplicationSchema>;

export const addPasswordSchema = z.strictObject({
  passwordCredential: z
    .strictObject({
      displayName: z.string().trim().max(256).optional(),
      endDateTime: z.iso.datetime({ offset: true }).optional(),
    })
    .default({}),
});
export type AddPasswordInput = z.input<typeof addPasswordSchema>;

export const removePasswordSchema = z.strictObject({ keyId: guid });

export interface PermissionScope {
  id: string;
  value: string;
  adminConsentDisplayName: string;
  adminConsentDescription?: string;
  isEnabled: boolean;
  type: 'Admin' | 'User';
}

export interface AppRole {
  id: string;
  allowedMemberTypes: ('User' | 'Application')[];
  description: string | null;
  displayName: string;
  isEnabled: boolean;
  origin: 'Application';
  value: string;
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: { id: string; type: 'Scope' | 'Role' }[];
}

export interface KeyCredential {
  keyId: string;
  displayName: string | null;
  type: 'AsymmetricX509Cert';
  usage: 'Verify' | 'Encrypt';
  /** SHA-256 thumbprint of the public key (base64url), shown instead of the key. */
  customKeyIdentifier: string;
  startDateTime: string;
  endDateTime: string | null;
  /** The public key as a JWK (verifies client assertions, or is encrypted to); not shown by the API. */
  jwk: Record<string, unknown>;
}

const inForce = (now: Date, key: KeyCredential) =>
  new Date(key.startDateTime) <= now && (!key.endDateTime || new Date(key.endDateTime) > now);

/** The keys that may verify the app's client assertions: `Verify` keys in force, never `Encrypt` ones. */
export const verificationKeys = (app: Pick<ApplicationDefinition, 'keyCredentials'>, now: Date) =>
  app.keyCredentials.filter((key) => key.usage === 'Verify' && inForce(now, key));

/** The key data for the app is encrypted to: its `Encrypt` key that tokenEncryptionKeyId names, in force. */
export function tokenEncryptionKey(
  app: Pick<ApplicationDefinition, 'keyCredentials' | 'tokenEncryptionKeyId'>,
  now: Date,
): KeyCredential | undefined {
  const id = app.tokenEncryptionKeyId?.toLowerCase();
  return app.keyCredentials.find(
    (key) => key.usage === 'Encrypt' && key.keyId.toLowerCase() === id && inForce(now, key),
  );
}

export interface OptionalClaim {
  name: string;
  source: null;
  essential: boolean;
  additionalProperties: string[];
}

export interface OptionalClaims {
  idToken: OptionalClaim[];
  accessToken: OptionalClaim[];
}

export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
  secretText: null;
}

/** The stored definition: everything about an app registration but its identity and secrets. */
export interface ApplicationDefinition {
  groupMembershipClaims: 'None' | 'SecurityGroup' | 'All';
  requireMfa: boolean;
  /** Public client flows allowed: the device authorization grant (RFC 8628), as Entra's setting. */
  isFallbackPublicClient: boolean;
  /** `logoutUrl`: front-channel logout; `backchannelLogoutUrl`: back-channel logout. */
  web: { redirectUris: string[]; logoutUrl: string | null; backchannelLogoutUrl: string | null };
  spa: { redirectUris: string[] };
  publicClient: { redirectUris: string[] };
  identifierUris: string[];
  api: { oauth2PermissionScopes: PermissionScope[] };
  keyCredentials: KeyCredential[];
  /** The keyId of the `Encrypt` key data for the app is encrypted to (Graph's tokenEncryptionKeyId). */
  tokenEncryptionKeyId: string | null;
  /** Claims the app's ID tokens (and userinfo) and access tokens carry beyond the defaults. */
  optionalClaims: OptionalClaims;
  /** The roles the app (as an API or an app users sign in to) defines. */
  appRoles: AppRole[];
  /** What the app declares it needs on other APIs; what it gets is granted apart. */
  requiredResourceAccess: RequiredResourceAccess[];
}

export interface Application extends ApplicationDefinition {
  id: string;
  tenantId: string;
  appId: string;
  displayName: string;
  createdDateTime: string;
  passwordCredentials: PasswordCredential[];
}

/** A secret shown once, at creation. */
export interface NewPasswordCredential extends Omit<PasswordCredential, 'secretText'> {
  secretText: string;
}

export const applicationErrors = {
  notFound: (id: string) =>
    new AppError(
      'application_not_found',
      'notFound',
      `Application '${id}' does not exist in this tenant.`,
      'id',
    ),
  identifierUriTaken: (uri: string) =>
    new AppError(
      'identifier_uri_taken',
      'conflict',
      `Identifier URI '${uri}' is already used in this tenant.`,
      'identifierUris',
    ),
  identifierUriReserved: (uri: string) =>
    new AppError(
      'identifier_uri_reserved',
      'invalid',
      `Identifier URI '${uri}' is reserved by Gatehouse.`,
      'identifierUris',
    ),
  passwordNotFound: (keyId: string) =>
    new AppError('password_not_found', 'notFound', `No password credential with keyId '${keyId}'.`, 'keyId'),
  tooManyPasswords: (max: number) =>
    new AppError(
      'too_many_passwords',
      'conflict',
      `An application can hold at most ${max} active secrets.`,
      'passwordCredentials',
    ),
  invalidKey: () =>
    new AppError(
      'invalid_key_credential',
      'invalid',
      'The key is not a PEM or base64 certificate or RSA/EC public key.',
      'keyCredentials',
    ),
  encryptKeyNotRsa: (index: number) =>
    new AppError(
      'invalid_key_credential',
      'invalid',
      'An Encrypt key must be an RSA key (data is encrypted to it with RSA-OAEP-256).',
      `keyCredentials.${index}.key`,
    ),
  tokenEncryptionKeyNotFound: (keyId: string) =>
    new AppError(
      'invalid_token_encryption_key',
      'invalid',
      `tokenEncryptionKeyId '${keyId}' names no key of this application with usage Encrypt: add the key to keyCredentials (usage Encrypt, keyId ${keyId}) in the same or an earlier update.`,
      'tokenEncryptionKeyId',
    ),
  unknownOptionalClaim: (name: string, target: string) =>
    new AppError(
      'unknown_optional_claim',
      'invalid',
      `'${name}' is neither a built-in optional claim (city, country, postalCode, state, streetAddress, jobTitle) nor the claimName of a custom attribute of this tenant.`,
      target,
    ),
  invalidEndDate: () =>
    new AppError(
      'invalid_end_date',
      'invalid',
      'endDateTime must be in the future and within 2 years.',
      'endDateTime',
    ),
  /** Entra's CannotDeleteOrUpdateEnabledEntitlement: disable it first, remove it in a later update. */
  enabledEntitlementRemoved: (kind: 'app role' | 'scope', value: string, target: string) =>
    new AppError(
      'enabled_entitlement_removed',
      'invalid',
      `The ${kind} '${value}' is enabled: set isEnabled to false first, then remove or change it in a later update.`,
      target,
    ),
  duplicateEntitlementId: (id: string, target: string) =>
    new AppError('duplicate_entitlement_id', 'invalid', `The id '${id}' is used twice.`, target),
  servicePrincipalNotFound: (id: string, target = 'id') =>
    new AppError(
      'service_principal_not_found',
      'notFound',
      `Service principal '${id}' does not exist in this tenant.`,
      target,
    ),
};

export const updateServicePrincipalSchema = z.strictObject({
  /** Whether users must hold an app role assignment (or be in a group that does) to sign in to the app. */
  appRoleAssignmentRequired: z.boolean(),
});
export type UpdateServicePrincipalInput = z.input<typeof updateServicePrincipalSchema>;

/**
 * Graph `servicePrincipal`: the app's instance in its tenant, the object that is granted
 * permissions and assigned (or assigns) app roles. One per app registration, created with it.
 */
export interface ServicePrincipal {
  id: string;
  tenantId: string;
  appId: string;
  displayName: string;
  appDisplayName: string;
  accountEnabled: true;
  appRoleAssignmentRequired: boolean;
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  /** The appId and the app's identifier URIs. */
  servicePrincipalNames: string[];
  servicePrincipalType: 'Application';
  tags: string[];
  createdDateTime: string;
}
