import { z } from 'zod';
import { AppError } from '../platform/index.js';

/** The methods a tenant turns on or off, by Graph's authenticationMethodConfiguration ids. */
export const METHOD_CONFIGURATION_IDS = ['Email', 'Sms', 'SoftwareOath', 'Fido2', 'RecoveryCode'] as const;
export type MethodConfigurationId = (typeof METHOD_CONFIGURATION_IDS)[number];
export type MethodState = 'enabled' | 'disabled';

/** SMS costs money per message, so a tenant turns it on deliberately. */
export const DEFAULT_METHOD_STATES: Record<MethodConfigurationId, MethodState> = {
  Email: 'enabled',
  Sms: 'disabled',
  SoftwareOath: 'enabled',
  Fido2: 'enabled',
  RecoveryCode: 'enabled',
};

/** Graph's authenticationMethodsPolicy, reduced to the methods' states. */
export interface MethodsPolicy {
  authenticationMethodConfigurations: { id: MethodConfigurationId; state: MethodState }[];
}

export const updateMethodsPolicySchema = z.strictObject({
  authenticationMethodConfigurations: z
    .array(
      z.strictObject({
        id: z.enum(METHOD_CONFIGURATION_IDS, {
          message: `must be one of ${METHOD_CONFIGURATION_IDS.join(', ')}`,
        }),
        state: z.enum(['enabled', 'disabled']),
      }),
    )
    .max(METHOD_CONFIGURATION_IDS.length)
    .refine((items) => new Set(items.map((i) => i.id)).size === items.length, {
      message: 'lists a method more than once',
    }),
});
export type UpdateMethodsPolicyInput = z.input<typeof updateMethodsPolicySchema>;

/** What a sign-in may use, in the words of the sign-in pipeline. */
export type EnabledMethod = 'email' | 'sms' | 'totp' | 'fido2' | 'recoveryCode';

export const ENABLED_METHOD_OF: Record<MethodConfigurationId, EnabledMethod> = {
  Email: 'email',
  Sms: 'sms',
  SoftwareOath: 'totp',
  Fido2: 'fido2',
  RecoveryCode: 'recoveryCode',
};

export type UserMethodType = 'email' | 'phone' | 'totp' | 'recoveryCodes' | 'password';

/** One authentication method of a user. Never carries a secret. */
export interface UserMethod {
  id: string;
  type: UserMethodType;
  /** What to show: the address, the number, the app's name. */
  label: string;
  /** Null when unknown (a password set before Gatehouse recorded when). */
  createdDateTime: string | null;
  lastUsedDateTime: string | null;
  /** The email method: the user's mail. */
  emailAddress?: string;
  /** The phone method: E.164. */
  phoneNumber?: string;
  /** The recovery-code set: how many codes are still unused. */
  remaining?: number;
}

/**
 * Fixed ids, as in Graph: the password method and the email method are one per user and are
 * not stored here (they come from the user's directory entry).
 */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';
export const EMAIL_METHOD_ID = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';

export interface TotpEnrollment {
  enrollmentId: string;
  /** Base32, for typing into an app by hand. */
  secret: string;
  otpauthUri: string;
  /** The otpauth URI as a QR code: an inline `<svg>` document. */
  qrSvg: string;
}

/** What the MFA domain needs to know of a user (from the directory). */
export interface MfaUserInfo {
  mail: string | null;
  /** When the password was last set; null when the user has no password. */
  passwordChangedDateTime: string | null;
  hasPassword: boolean;
}

export const mfaErrors = {
  userNotFound: (id: string) =>
    new AppError('user_not_found', 'notFound', `User '${id}' does not exist in this tenant.`, 'id'),
  methodNotFound: (id: string) =>
    new AppError(
      'authentication_method_not_found',
      'notFound',
      `Authentication method '${id}' does not exist for this user.`,
      'methodId',
    ),
  methodNotRemovable: (what: string) =>
    new AppError(
      'authentication_method_not_removable',
      'invalid',
      `The ${what} cannot be removed here.`,
      'methodId',
    ),
  methodDisabled: (id: MethodConfigurationId) =>
    new AppError(
      'authentication_method_disabled',
      'invalid',
      `The ${id} authentication method is disabled in this tenant's methods policy.`,
    ),
  invalidPhoneNumber: () =>
    new AppError(
      'invalid_phone_number',
      'invalid',
      'The phone number is not valid. Give it with its country code, such as +14255550100.',
      'phoneNumber',
    ),
};
