import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { isSafeText } from '../directory/index.js';
import { AppError, inUseError } from '../platform/index.js';
import {
  APPLE_TYPE,
  HIDDEN_SECRET,
  IDENTITY_PROVIDER_TYPES,
  type IdentityProviderType,
  OIDC_TYPE,
  SAML_TYPE,
  SOCIAL_TYPE,
} from './model.js';

// ---------------------------------------------------------------------------------------------
// Errors

export const federationErrors = {
  identityProviderNotFound: (id: string) =>
    new AppError(
      'identity_provider_not_found',
      'notFound',
      `Identity provider '${id}' does not exist.`,
      'id',
    ),
  typeChange: () =>
    new AppError(
      'identity_provider_type_change',
      'invalid',
      "An identity provider's @odata.type cannot change; create a new identity provider instead.",
      '@odata.type',
    ),
  unknownField: (field: string, type: IdentityProviderType) =>
    new AppError(
      'unknown_field',
      'invalid',
      `'${field}' is not a field of a ${type.replace('#microsoft.graph.', '')}.`,
      field,
    ),
  inUse: (id: string, flows: { id: string; displayName: string }[]) =>
    inUseError('identity_provider_in_use', `Identity provider '${id}'`, flows, {
      one: 'the user flow',
      many: 'the user flows',
      detailCode: 'used_by_user_flow',
    }),
  /** The stored secrets no longer open: another master key, or a tampered row. */
  secretsUnreadable: (id: string) =>
    new AppError(
      'identity_provider_secrets_unreadable',
      'unavailable',
      `The secrets of identity provider '${id}' cannot be decrypted with this master key.`,
      'id',
    ),
};

// ---------------------------------------------------------------------------------------------
// Building blocks

/** SAML metadata documents can be large; the route's body limit follows. */
export const MAX_METADATA_XML_BYTES = 1024 * 1024;

const safeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine(isSafeText, { message: 'must not contain control characters' });

const displayNameSchema = safeText(256);
const clientIdSchema = safeText(256);

/** A write-only secret, given in full ('******' is what a read shows, not a value). */
const secretSchema = safeText(1024).refine((v) => v !== HIDDEN_SECRET, {
  message: `must be the secret itself, not '${HIDDEN_SECRET}'`,
});

/** https, or http to this machine (a local test provider). */
export function providerUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  if (url.protocol === 'https:') return undefined;
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && local) return undefined;
  return 'must be an https URL (http only for localhost or 127.0.0.1)';
}

const providerUrlSchema = z
  .string()
  .trim()
  .max(2048, { message: 'must be at most 2048 characters' })
  .superRefine((value, ctx) => {
    const problem = providerUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Apple team and key ids: ten upper-case letters or digits. */
const appleIdSchema = z
  .string()
  .regex(/^[A-Z0-9]{10}$/, { message: 'must be 10 upper-case letters or digits' });

/** True when the text is a PEM private key on the P-256 curve (Apple's .p8 keys). */
export function isP256PrivateKey(pem: string): boolean {
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const scopeSchema = z
  .string()
  .max(1024, { message: 'must be at most 1024 characters' })
  .transform((value) => [...new Set(value.split(' ').filter(Boolean))].join(' '))
  .superRefine((value, ctx) => {
    const tokens = value.split(' ');
    if (!tokens.every((t) => scopeToken.test(t)))
      ctx.addIssue({ code: 'custom', message: 'must be scope names separated by spaces' });
    else if (!tokens.includes('openid')) ctx.addIssue({ code: 'custom', message: "must include 'openid'" });
  });

const claimSchema = safeText(256);
const claimsMappingSchema = z.strictObject({
  userId: claimSchema.default('sub'),
  displayName: claimSchema.default('name'),
  givenName: claimSchema.default('given_name'),
  surname: claimSchema.default('family_name'),
  email: claimSchema.default('email'),
  emailVerified: claimSchema.nullable().default(null),
});

const metadataXmlSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_METADATA_XML_BYTES, { message: 'must be at most 1 MB' })
  .refine((v) => v.startsWith('<') && v.endsWith('>'), { message: 'must be XML text' });

// ---------------------------------------------------------------------------------------------
// Bodies

const socialSchema = z.strictObject({
  '@odata.type': z.literal(SOCIAL_TYPE),
  displayName: displayNameSchema,
  identityProviderType: z.enum(['Google', 'Facebook']),
  clientId: clientIdSchema,
  clientSecret: secretSchema,
});

const appleSchema = z.strictObject({
  '@odata.type': z.literal(APPLE_TYPE),
  displayName: displayNameSchema,
  developerId: appleIdSchema,
  serviceId: clientIdSchema,
  keyId: appleIdSchema,
  certificateData: z
    .string()
    .max(16 * 1024, { message: 'must be at most 16 KB' })
    .refine(isP256PrivateKey, { message: 'must be the .p8 private key: a PEM EC P-256 private key' }),
});

const oidcSchema = z
  .strictObject({
    '@odata.type': z.literal(OIDC_TYPE),
    displayName: displayNameSchema,
    clientId: clientIdSchema,
    clientSecret: secretSchema.nullish(),
    issuer: providerUrlSchema.nullish(),
    metadataUrl: providerUrlSchema,
    scope: scopeSchema.default('openid profile email'),
    responseType: z.literal('code').default('code'),
    clientAuthentication: z
      .strictObject({
        clientAuthenticationMethod: z.enum(['client_secret_post', 'client_secret_basic', 'private_key_jwt']),
      })
      .default({ clientAuthenticationMethod: 'client_secret_post' }),
    claimsMapping: claimsMappingSchema.default({
      userId: 'sub',
      displayName: 'name',
      givenName: 'given_name',
      surname: 'family_name',
      email: 'email',
      emailVerified: null,
    }),
    domainHint: safeText(256).nullish(),
    usePkce: z.boolean().default(true),
  })
  .superRefine((provider, ctx) => {
    const method = provider.clientAuthentication.clientAuthenticationMethod;
    if (method !== 'private_key_jwt' && !provider.clientSecret)
      ctx.addIssue({
        code: 'custom',
        path: ['clientSecret'],
        message: `is required with ${method} (or use private_key_jwt)`,
      });
  });

const samlSchema = z
  .strictObject({
    '@odata.type': z.literal(SAML_TYPE),
    displayName: displayNameSchema,
    metadataXml: metadataXmlSchema.nullish(),
    metadataUrl: providerUrlSchema.nullish(),
    preferredAuthenticationProtocol: z.literal('saml').default('saml'),
  })
  .superRefine((provider, ctx) => {
    if ((provider.metadataXml == null) === (provider.metadataUrl == null))
      ctx.addIssue({
        code: 'custom',
        path: ['metadataXml'],
        message: 'give exactly one of metadataXml and metadataUrl',
      });
  });

export const createIdentityProviderSchema = z.discriminatedUnion(
  '@odata.type',
  [socialSchema, appleSchema, oidcSchema, samlSchema],
  { error: `@odata.type must be '${IDENTITY_PROVIDER_TYPES.join("', '")}'` },
);
export type CreateIdentityProviderInput = z.input<typeof createIdentityProviderSchema>;
export type IdentityProviderFields = z.output<typeof createIdentityProviderSchema>;

/** The fields each type has beyond @odata.type and displayName. */
export const IDENTITY_PROVIDER_FIELDS: Record<IdentityProviderType, readonly string[]> = {
  [SOCIAL_TYPE]: ['identityProviderType', 'clientId', 'clientSecret'],
  [APPLE_TYPE]: ['developerId', 'serviceId', 'keyId', 'certificateData'],
  [OIDC_TYPE]: [
    'clientId',
    'clientSecret',
    'issuer',
    'metadataUrl',
    'scope',
    'responseType',
    'clientAuthentication',
    'claimsMapping',
    'domainHint',
    'usePkce',
  ],
  [SAML_TYPE]: ['metadataXml', 'metadataUrl', 'preferredAuthenticationProtocol'],
};

/**
 * PATCH: the given fields replace the stored ones (checked whole against the type's rules);
 * a secret left out, or given as '******', is kept.
 */
export const updateIdentityProviderSchema = z
  .strictObject({
    '@odata.type': z.enum(IDENTITY_PROVIDER_TYPES).optional(),
    displayName: z.unknown().optional(),
    identityProviderType: z.unknown().optional(),
    clientId: z.unknown().optional(),
    clientSecret: z.unknown().optional(),
    developerId: z.unknown().optional(),
    serviceId: z.unknown().optional(),
    keyId: z.unknown().optional(),
    certificateData: z.unknown().optional(),
    issuer: z.unknown().optional(),
    metadataUrl: z.unknown().optional(),
    scope: z.unknown().optional(),
    responseType: z.unknown().optional(),
    clientAuthentication: z.unknown().optional(),
    claimsMapping: z.unknown().optional(),
    domainHint: z.unknown().optional(),
    usePkce: z.unknown().optional(),
    metadataXml: z.unknown().optional(),
    preferredAuthenticationProtocol: z.unknown().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateIdentityProviderInput = z.input<typeof updateIdentityProviderSchema>;
