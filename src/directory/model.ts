import { z } from 'zod';
import { AppError, type ErrorDetail } from '../platform/index.js';
import { isSafeText, isSafeToken, MAX_MAIL_LENGTH, mailProblem, usernameProblem } from './identifiers.js';

export { mailKey } from './identifiers.js';

// ---------------------------------------------------------------------------------------------
// Users (Microsoft Graph `user`)

export const signInTypeSchema = z.enum(['emailAddress', 'userName', 'federated']);
export type SignInType = z.infer<typeof signInTypeSchema>;

/** Graph `objectIdentity`: one way a user signs in. */
export interface ObjectIdentity {
  signInType: SignInType;
  /** The tenant id for local accounts (emailAddress, userName); the IdP for federated ones. */
  issuer: string;
  /** The email, username or federated subject. */
  issuerAssignedId: string;
}

export interface DirectoryUser {
  id: string;
  tenantId: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  city: string | null;
  country: string | null;
  postalCode: string | null;
  state: string | null;
  streetAddress: string | null;
  jobTitle: string | null;
  mail: string | null;
  /** When the user proved they receive mail at `mail` (self-service sign-up); null: not verified. */
  mailVerifiedDateTime: string | null;
  /** The user's values of the tenant's custom attributes, by attribute name, typed by dataType. */
  customAttributes: Record<string, CustomAttributeValue>;
  accountEnabled: boolean;
  identities: ObjectIdentity[];
  /** Write-only in Graph: the password itself is never returned. */
  passwordProfile: { password: null; forceChangePasswordNextSignIn: boolean };
  createdDateTime: string;
  lastPasswordChangeDateTime: string | null;
  signInActivity: { lastSignInDateTime: string | null };
}

/** Whether the user must set a new password before finishing their next sign-in. */
export const mustChangePassword = (user: DirectoryUser): boolean =>
  user.passwordProfile.forceChangePasswordNextSignIn;

/** Text people read: trimmed, length-capped, no control or bidi-override characters. */
const text = (max: number) =>
  z.string().trim().min(1).max(max).refine(isSafeText, { message: 'must not contain control characters' });

const token = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(isSafeToken, { message: 'must not contain spaces or invisible characters' });

export const mailSchema = z
  .string()
  .trim()
  .max(MAX_MAIL_LENGTH)
  .superRefine((value, ctx) => {
    const problem = mailProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const identityInputSchema = z
  .strictObject({
    signInType: signInTypeSchema,
    /** For local accounts it may be omitted (it is the tenant id); required for federated. */
    issuer: token(256).optional(),
    issuerAssignedId: token(256),
  })
  .superRefine((identity, ctx) => {
    const problem =
      identity.signInType === 'emailAddress'
        ? mailProblem(identity.issuerAssignedId)
        : identity.signInType === 'userName'
          ? usernameProblem(identity.issuerAssignedId)
          : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['issuerAssignedId'] });
    if (identity.signInType === 'federated' && identity.issuer === undefined)
      ctx.addIssue({ code: 'custom', message: 'a federated identity needs its issuer', path: ['issuer'] });
  });
export type IdentityInput = z.output<typeof identityInputSchema>;

/** Passwords are not trimmed; the policy (not the schema) decides their length. */
const passwordSchema = z.string().min(1).max(4096);

/**
 * Built-in user attributes a user flow may collect, with their longest value (Graph's limits).
 * All are strings.
 */
export const BUILT_IN_ATTRIBUTES = {
  displayName: { maxLength: 256 },
  givenName: { maxLength: 64 },
  surname: { maxLength: 64 },
  city: { maxLength: 128 },
  country: { maxLength: 128 },
  postalCode: { maxLength: 40 },
  state: { maxLength: 128 },
  streetAddress: { maxLength: 1024 },
  jobTitle: { maxLength: 128 },
} as const;
export type BuiltInAttributeName = keyof typeof BUILT_IN_ATTRIBUTES;
export const BUILT_IN_ATTRIBUTE_NAMES = Object.keys(BUILT_IN_ATTRIBUTES) as BuiltInAttributeName[];
export const isBuiltInAttribute = (name: string): name is BuiltInAttributeName =>
  Object.hasOwn(BUILT_IN_ATTRIBUTES, name);

/** Built-in attributes an app may ask for as optional claims; the claim is named as the attribute. */
export const BUILT_IN_OPTIONAL_CLAIMS = [
  'city',
  'country',
  'postalCode',
  'state',
  'streetAddress',
  'jobTitle',
] as const;

/** The longest value of a custom attribute of type string. */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

const builtIn = (name: BuiltInAttributeName) =>
  text(BUILT_IN_ATTRIBUTES[name].maxLength).nullable().optional();

/** `customAttributes` in the admin API: values by attribute name (null clears a value). */
const customAttributeValuesSchema = z
  .record(
    z.string().max(64),
    z.union([z.string().max(MAX_ATTRIBUTE_VALUE_LENGTH * 4), z.boolean(), z.number(), z.null()]),
  )
  .refine((v) => Object.keys(v).length <= 100, { message: 'at most 100 custom attributes' });
export type CustomAttributeValuesInput = z.output<typeof customAttributeValuesSchema>;

const userFields = {
  displayName: text(256),
  givenName: builtIn('givenName'),
  surname: builtIn('surname'),
  city: builtIn('city'),
  country: builtIn('country'),
  postalCode: builtIn('postalCode'),
  state: builtIn('state'),
  streetAddress: builtIn('streetAddress'),
  jobTitle: builtIn('jobTitle'),
  mail: mailSchema.nullable().optional(),
  accountEnabled: z.boolean().optional(),
  identities: z.array(identityInputSchema).max(20).optional(),
  customAttributes: customAttributeValuesSchema.optional(),
};

export const createUserSchema = z.strictObject({
  ...userFields,
  accountEnabled: z.boolean().default(true),
  passwordProfile: z
    .strictObject({
      password: passwordSchema,
      forceChangePasswordNextSignIn: z.boolean().default(false),
    })
    .optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    ...userFields,
    displayName: userFields.displayName.optional(),
    passwordProfile: z
      .strictObject({
        password: passwordSchema.optional(),
        forceChangePasswordNextSignIn: z.boolean().optional(),
      })
      .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' })
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export interface UserListOptions {
  top: number;
  skipToken?: string;
  /** Case-insensitive prefix of `mail`. */
  mailStartsWith?: string;
  /** Case-insensitive prefix of `displayName`. */
  displayNameStartsWith?: string;
  accountEnabled?: boolean;
  /** Case-insensitive prefix of `displayName`, `mail` or an email or username sign-in name. */
  search?: string;
}

/**
 * What self-service sign-up collected: built-in and custom attributes by name. A list (a
 * multi-select) is stored as its values joined by ','; null or an empty string means "not given".
 */
export type SignUpAttributes = Record<string, string | boolean | number | string[] | null>;

export interface SelfServiceUserInput {
  mail: string;
  /** Held to the tenant's password policy; omitted for a passwordless (email OTP) account. */
  password?: string;
  attributes: SignUpAttributes;
}

/** A federated identity: who an external provider says the user is. */
export interface FederatedIdentityRef {
  issuer: string;
  issuerAssignedId: string;
}

/** Someone signing up through an identity provider (created just in time). */
export interface FederatedUserInput {
  identity: FederatedIdentityRef;
  /** Only an address the provider verified; it is then the user's verified mail. */
  mail: string | null;
  /** The flow's attributes: what the provider gave, completed by the user. */
  attributes: SignUpAttributes;
}

// ---------------------------------------------------------------------------------------------
// Custom attributes (tenant-defined user attributes, emitted as claims)

export const customAttributeDataTypeSchema = z.enum(['string', 'boolean', 'int', 'dateTime']);
export type CustomAttributeDataType = z.infer<typeof customAttributeDataTypeSchema>;
export type CustomAttributeValue = string | boolean | number;

export interface CustomAttribute {
  id: string;
  tenantId: string;
  name: string;
  dataType: CustomAttributeDataType;
  description: string | null;
  /** The claim that carries the value in tokens; `extension_{name}` unless set. */
  claimName: string;
  createdDateTime: string;
}

/**
 * Names a custom attribute may not take, compared case-insensitively: the built-in
 * attributes, the other properties of a user, and the fields of the hosted sign-up form.
 */
export const RESERVED_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(
  [
    ...BUILT_IN_ATTRIBUTE_NAMES,
    'id',
    'tenantId',
    'mail',
    'email',
    'mailVerifiedDateTime',
    'accountEnabled',
    'identities',
    'passwordProfile',
    'password',
    'newPassword',
    'confirmPassword',
    'createdDateTime',
    'lastPasswordChangeDateTime',
    'signInActivity',
    'customAttributes',
    'login',
    'code',
    'otp',
    'csrf',
    'action',
  ].map((n) => n.toLowerCase()),
);

/**
 * Claims a custom attribute may not be emitted as (case-insensitively): the registered JWT
 * claims, the OIDC ID token and standard claims, the claims Gatehouse itself emits, and the
 * built-in optional claims.
 */
export const RESERVED_CLAIM_NAMES: ReadonlySet<string> = new Set(
  [
    // RFC 7519 and JOSE header names
    ...'iss sub aud exp nbf iat jti typ cty alg kid'.split(' '),
    // OpenID Connect ID token and standard claims
    ...'auth_time nonce acr amr azp at_hash c_hash s_hash sid events name given_name family_name'.split(' '),
    ...'middle_name nickname preferred_username profile picture website email email_verified'.split(' '),
    ...'gender birthdate zoneinfo locale phone_number phone_number_verified address updated_at'.split(' '),
    // OAuth and the claims Gatehouse (and Entra) emit
    ...'scope scp client_id cnf act may_act tid oid roles groups wids ver idp upn unique_name'.split(' '),
    ...BUILT_IN_OPTIONAL_CLAIMS,
  ].map((n) => n.toLowerCase()),
);

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const CLAIM_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

export const customAttributeNameSchema = z
  .string()
  .regex(ATTRIBUTE_NAME, 'must start with a letter and hold only letters, digits and _ (at most 64)')
  .refine((name) => !RESERVED_ATTRIBUTE_NAMES.has(name.toLowerCase()), {
    message: 'is the name of a built-in attribute or user property',
  });

export const claimNameSchema = z
  .string()
  .regex(CLAIM_NAME, 'must start with a letter and hold only letters, digits and _ . : - (at most 100)')
  .refine((name) => !RESERVED_CLAIM_NAMES.has(name.toLowerCase()), {
    message: 'is a reserved JWT, OpenID Connect or built-in claim',
  });

export const createCustomAttributeSchema = z.strictObject({
  name: customAttributeNameSchema,
  dataType: customAttributeDataTypeSchema,
  description: text(1024).nullable().optional(),
  claimName: claimNameSchema.nullable().optional(),
});
export type CreateCustomAttributeInput = z.input<typeof createCustomAttributeSchema>;

/** name and dataType are accepted only to say they cannot change (values and flows depend on them). */
export const updateCustomAttributeSchema = z
  .strictObject({
    name: z.string().max(256).optional(),
    dataType: z.string().max(64).optional(),
    description: text(1024).nullable().optional(),
    claimName: claimNameSchema.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateCustomAttributeInput = z.input<typeof updateCustomAttributeSchema>;

/** What changed about a custom attribute; `after` is null when it was deleted. */
export interface CustomAttributeChange {
  tenantId: string;
  before: CustomAttribute;
  after: CustomAttribute | null;
}

// ---------------------------------------------------------------------------------------------
// Groups (Microsoft Graph `group`; security groups only)

export interface Group {
  id: string;
  tenantId: string;
  displayName: string;
  description: string | null;
  mailNickname: string | null;
  groupTypes: string[];
  mailEnabled: false;
  securityEnabled: true;
  createdDateTime: string;
}

const groupFields = {
  displayName: text(256),
  description: text(1024).nullable().optional(),
  mailNickname: token(64).nullable().optional(),
  // Graph asks for these on create; only security groups exist here.
  mailEnabled: z
    .literal(false, { message: 'only security groups (mailEnabled false) are supported' })
    .optional(),
  securityEnabled: z
    .literal(true, { message: 'only security groups (securityEnabled true) are supported' })
    .optional(),
  groupTypes: z
    .array(z.string())
    .max(0, { message: 'only security groups (no groupTypes) are supported' })
    .optional(),
};

export const createGroupSchema = z.strictObject(groupFields);
export type CreateGroupInput = z.input<typeof createGroupSchema>;

export const updateGroupSchema = z
  .strictObject({ ...groupFields, displayName: groupFields.displayName.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateGroupInput = z.input<typeof updateGroupSchema>;

/** `POST /groups/{id}/members/$ref`: Graph's `{"@odata.id": ".../users/{id}"}`, or `{"id"}`. */
export const memberReferenceSchema = z
  .strictObject({
    '@odata.id': z.string().max(2048).optional(),
    id: z.string().max(64).optional(),
  })
  .refine((v) => (v['@odata.id'] === undefined) !== (v.id === undefined), {
    message: 'give either @odata.id or id',
  });
export type MemberReferenceInput = z.input<typeof memberReferenceSchema>;

const REFERENCE = /\/(?:users|directoryObjects)\/([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})\/?$/;
const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** The user id a member reference names, or undefined when it names no user. */
export function referencedUserId(reference: z.output<typeof memberReferenceSchema>): string | undefined {
  if (reference.id !== undefined) return GUID.test(reference.id) ? reference.id.toLowerCase() : undefined;
  const path = (reference['@odata.id'] ?? '').split(/[?#]/)[0] ?? '';
  return REFERENCE.exec(path)?.[1]?.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Password policy (per tenant)

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** The lowest zxcvbn score (0–4) a new password may have. */
  minScore: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, maxLength: 256, minScore: 3 };

export const updatePasswordPolicySchema = z
  .strictObject({
    minLength: z.number().int().min(8).max(256).optional(),
    maxLength: z.number().int().min(64).max(1024).optional(),
    minScore: z.number().int().min(0).max(4).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdatePasswordPolicyInput = z.input<typeof updatePasswordPolicySchema>;

// ---------------------------------------------------------------------------------------------
// Errors

const PASSWORD = 'passwordProfile.password';

export const directoryErrors = {
  userNotFound: (id: string) =>
    new AppError('user_not_found', 'notFound', `User '${id}' does not exist in this tenant.`, 'id'),
  groupNotFound: (id: string) =>
    new AppError('group_not_found', 'notFound', `Group '${id}' does not exist in this tenant.`, 'id'),
  mailTaken: () =>
    new AppError('mail_taken', 'conflict', 'Another user already has this email address.', 'mail'),
  identityTaken: (signInType: SignInType) =>
    new AppError(
      'identity_taken',
      'conflict',
      signInType === 'emailAddress'
        ? 'Another user already signs in with this email address.'
        : signInType === 'userName'
          ? 'Another user already signs in with this username.'
          : 'Another user already has this federated identity.',
      'identities',
    ),
  lastSignInMethod: () =>
    new AppError(
      'last_sign_in_method',
      'conflict',
      'This is the only way the user can sign in; add another before removing it.',
      'identities',
    ),
  identityNotFound: () =>
    new AppError('identity_not_found', 'notFound', 'The user has no such identity.', 'identities'),
  duplicateIdentity: () =>
    new AppError('duplicate_identity', 'invalid', 'The same identity is listed twice.', 'identities'),
  invalidIdentityIssuer: (index: number, tenantId: string) =>
    new AppError(
      'invalid_identity_issuer',
      'invalid',
      `The issuer of a local identity (emailAddress, userName) must be the tenant id '${tenantId}'.`,
      `identities.${index}.issuer`,
    ),
  passwordTooShort: (min: number) =>
    new AppError(
      'password_too_short',
      'invalid',
      `The password must be at least ${min} characters.`,
      PASSWORD,
    ),
  passwordTooLong: (max: number) =>
    new AppError('password_too_long', 'invalid', `The password must be at most ${max} characters.`, PASSWORD),
  passwordTooWeak: (warning: string | null, suggestions: string[]) =>
    new AppError(
      'password_too_weak',
      'invalid',
      `The password is too easy to guess${warning ? `: ${warning}` : '.'}${
        suggestions.length ? ` ${suggestions.join(' ')}` : ''
      }`,
      PASSWORD,
      suggestions.map((s): ErrorDetail => ({ code: 'suggestion', message: s, target: PASSWORD })),
    ),
  invalidPasswordPolicy: () =>
    new AppError(
      'invalid_password_policy',
      'invalid',
      'minLength must not be greater than maxLength.',
      'minLength',
    ),
  invalidReference: () =>
    new AppError(
      'invalid_reference',
      'invalid',
      'The reference must name a user, as {"@odata.id": "…/users/{id}"} or {"id": "{id}"}.',
      '@odata.id',
    ),
  memberExists: () =>
    new AppError('member_already_exists', 'conflict', 'The user is already a member of the group.', 'id'),
  memberNotFound: (userId: string) =>
    new AppError('member_not_found', 'notFound', `User '${userId}' is not a member of the group.`, 'userId'),
  passwordReused: () =>
    new AppError(
      'password_reused',
      'invalid',
      'The new password must be different from the current one.',
      'password',
    ),
  invalidMail: (problem: string) => new AppError('invalid_mail', 'invalid', `The email ${problem}.`, 'mail'),
  customAttributeNotFound: (id: string) =>
    new AppError(
      'custom_attribute_not_found',
      'notFound',
      `Custom attribute '${id}' does not exist in this tenant.`,
      'id',
    ),
  customAttributeNameTaken: (name: string) =>
    new AppError(
      'custom_attribute_name_taken',
      'conflict',
      `This tenant already has a custom attribute named '${name}' (names are compared case-insensitively).`,
      'name',
    ),
  claimNameTaken: (claimName: string) =>
    new AppError(
      'claim_name_taken',
      'conflict',
      `Another custom attribute is already emitted as claim '${claimName}'.`,
      'claimName',
    ),
  tooManyCustomAttributes: (max: number) =>
    new AppError(
      'too_many_custom_attributes',
      'conflict',
      `A tenant can define at most ${max} custom attributes.`,
      'name',
    ),
  immutableProperty: (property: 'name' | 'dataType') =>
    new AppError(
      'immutable_property',
      'invalid',
      `The ${property} of a custom attribute cannot change after creation; create another attribute instead.`,
      property,
    ),
  unknownCustomAttribute: (name: string, target: string) =>
    new AppError(
      'unknown_custom_attribute',
      'invalid',
      `This tenant has no custom attribute named '${name}'.`,
      target,
    ),
  invalidAttributeValue: (name: string, expected: string, target: string) =>
    new AppError('invalid_attribute_value', 'invalid', `The value of '${name}' must be ${expected}.`, target),
};
