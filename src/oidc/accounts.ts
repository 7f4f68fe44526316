import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import type { Application } from '../applications/index.js';
import { BUILT_IN_OPTIONAL_CLAIMS, type DirectoryService, type DirectoryUser } from '../directory/index.js';
import type { RegistrationCache } from './registrations.js';
import type { UserAppRoles } from './token-claims.js';

/** A custom attribute as its claim: the attribute's `name` is emitted as `claimName`. */
export interface CustomClaim {
  name: string;
  claimName: string;
}

type BuiltInOptionalClaim = (typeof BUILT_IN_OPTIONAL_CLAIMS)[number];
const BUILT_IN = new Set<string>(BUILT_IN_OPTIONAL_CLAIMS);

/** The optional claims an app's registration asks for, with the user's values (unset ones left out). */
function optionalClaimsOf(
  user: DirectoryUser,
  app: Application | undefined,
  customClaims: ReadonlyMap<string, CustomClaim>,
): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const { name } of app?.optionalClaims?.idToken ?? []) {
    const custom = customClaims.get(name);
    const value = BUILT_IN.has(name)
      ? user[name as BuiltInOptionalClaim]
      : custom
        ? user.customAttributes[custom.name]
        : undefined;
    if (value !== null && value !== undefined) claims[name] = value;
  }
  return claims;
}

/**
 * The account oidc-provider asks for by `sub`. A disabled or deleted user has none, so their
 * sessions, codes and refresh tokens stop working at once. The `groups` claim goes only to
 * apps whose registration asks for it (groupMembershipClaims), and so do optional claims
 * (optionalClaims.idToken: built-in attributes and custom attributes, typed by their dataType),
 * in the ID token and at userinfo. `roles` holds the app roles of the app itself that the user
 * was assigned (directly or through a group), as in Entra.
 */
export function createAccountFinder(
  tenantId: string,
  directory: DirectoryService,
  registrations: RegistrationCache,
  customClaims: readonly CustomClaim[] = [],
  userAppRoles?: UserAppRoles,
) {
  const byClaimName = new Map(customClaims.map((c) => [c.claimName, c]));
  return async function findAccount(ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
    const user = await directory.findUser(tenantId, sub);
    if (!user?.accountEnabled) return undefined;
    const clientId = ctx.oidc?.client?.clientId;
    const app = clientId ? await registrations.byAppId(clientId) : undefined;
    const wantsGroups = app !== undefined && app.groupMembershipClaims !== 'None';
    const groups = wantsGroups ? await directory.groupIdsOf(tenantId, user.id) : undefined;
    const optional = optionalClaimsOf(user, app, byClaimName);
    return {
      accountId: user.id,
      // Only when claims are asked for (ID token, userinfo): not on every token request.
      claims: async () => {
        const roles = app && userAppRoles ? await userAppRoles(tenantId, user.id, app.appId) : [];
        return {
          sub: user.id,
          name: user.displayName,
          given_name: user.givenName ?? undefined,
          family_name: user.surname ?? undefined,
          email: user.mail ?? undefined,
          // Only a mail proved by a code counts as verified (sign-up, a code sign-in or reset).
          email_verified: user.mail ? user.mailVerifiedDateTime !== null : undefined,
          ...(groups && { groups }),
          ...(roles.length > 0 && { roles }),
          ...optional,
        };
      },
    };
  };
}
