import { z } from 'zod';
import { AppError, type ErrorDetail } from '../platform/index.js';
import { isSafeText, isSafeToken, MAX_MAIL_LENGTH, mailProblem, usernameProblem } from './identifiers.js';

export { mailKey } from './identifiers.js';

/** Built-in directory roles, with Entra's role template ids so tokens read the same (`wids`). */
export const DIRECTORY_ROLES = {
  globalAdministrator: { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' },
} as const;

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
  mail: string | null;
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

const userFields = {
  displayName: text(256),
  givenName: text(64).nullable().optional(),
  surname: text(64).nullable().optional(),
  mail: mailSchema.nullable().optional(),
  accountEnabled: z.boolean().optional(),
  identities: z.array(identityInputSchema).max(20).optional(),
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
};
