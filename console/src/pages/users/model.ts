/** The JSON shapes of the admin API's users routes (Microsoft Graph's). */

export type SignInType = 'emailAddress' | 'userName' | 'federated';

/** Graph `objectIdentity`: one way a user signs in. */
export interface ObjectIdentity {
  signInType: SignInType;
  issuer: string;
  issuerAssignedId: string;
}

/** Graph `user` as the admin API shows it (the password is never returned). */
export interface User {
  id: string;
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
  mailVerifiedDateTime: string | null;
  customAttributes: Record<string, string | boolean | number>;
  accountEnabled: boolean;
  identities: ObjectIdentity[];
  passwordProfile: { password: null; forceChangePasswordNextSignIn: boolean };
  createdDateTime: string;
  lastPasswordChangeDateTime: string | null;
  signInActivity: { lastSignInDateTime: string | null };
}

/** The profile properties an admin edits (all strings, Graph's built-in attributes). */
export const PROFILE_FIELDS = [
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'streetAddress',
  'city',
  'state',
  'postalCode',
  'country',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Graph `group` (security groups only). */
export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string | null;
  groupTypes: string[];
  mailEnabled: false;
  securityEnabled: true;
  createdDateTime: string;
}

/** Graph `appRoleAssignment`. */
export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  createdDateTime: string;
  deletedDateTime: null;
  principalDisplayName: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  resourceDisplayName: string;
  resourceId: string;
}

/** Graph authentication methods as `/users/{id}/authentication/methods` lists them. */
export type AuthenticationMethod =
  | {
      '@odata.type': '#microsoft.graph.passwordAuthenticationMethod';
      id: string;
      createdDateTime: string | null;
    }
  | { '@odata.type': '#microsoft.graph.emailAuthenticationMethod'; id: string; emailAddress: string }
  | {
      '@odata.type': '#microsoft.graph.phoneAuthenticationMethod';
      id: string;
      phoneNumber: string;
      phoneType: 'mobile';
    }
  | {
      '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod';
      id: string;
      createdDateTime: string | null;
      lastUsedDateTime: string | null;
    }
  | {
      '@odata.type': '#gatehouse.recoveryCodesAuthenticationMethod';
      id: string;
      remaining: number;
      createdDateTime: string | null;
      lastUsedDateTime: string | null;
    };

/** Methods an admin cannot remove: the password (reset it instead) and the mail (edit it). */
export const isRemovable = (method: AuthenticationMethod): boolean =>
  method['@odata.type'] !== '#microsoft.graph.passwordAuthenticationMethod' &&
  method['@odata.type'] !== '#microsoft.graph.emailAuthenticationMethod';

/** The part of Graph's `signIn` the user page shows. */
export interface SignIn {
  id: string;
  createdDateTime: string;
  appDisplayName: string;
  ipAddress: string;
  clientAppUsed: string;
  status: { errorCode: number; failureReason: string | null };
  location: { city: string | null; countryOrRegion: string | null };
  riskLevelDuringSignIn: RiskLevel;
  conditionalAccessStatus: string;
}

export type RiskLevel = 'low' | 'medium' | 'high' | 'none' | 'hidden';
export type RiskState =
  | 'none'
  | 'confirmedSafe'
  | 'remediated'
  | 'dismissed'
  | 'atRisk'
  | 'confirmedCompromised';

/** Graph `riskyUser`. */
export interface RiskyUser {
  id: string;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  riskLevel: RiskLevel;
  riskState: RiskState;
  riskDetail: string;
  riskLastUpdatedDateTime: string;
  isDeleted: boolean;
  isProcessing: boolean;
}

/** How a user signs in locally: their username, else their email (for lists and titles). */
export function signInName(user: Pick<User, 'identities' | 'mail'>): string | null {
  const local = user.identities.find((i) => i.signInType === 'userName' || i.signInType === 'emailAddress');
  return local?.issuerAssignedId ?? user.mail;
}
