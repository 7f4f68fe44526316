import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import type { DirectoryService } from '../directory/index.js';
import type { RegistrationCache } from './registrations.js';

/**
 * The account oidc-provider asks for by `sub`. A disabled or deleted user has none, so their
 * sessions, codes and refresh tokens stop working at once. The `groups` claim goes only to
 * apps whose registration asks for it (groupMembershipClaims).
 */
export function createAccountFinder(
  tenantId: string,
  directory: DirectoryService,
  registrations: RegistrationCache,
) {
  return async function findAccount(ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
    const user = await directory.findUser(tenantId, sub);
    if (!user?.accountEnabled) return undefined;
    const clientId = ctx.oidc?.client?.clientId;
    const app = clientId ? await registrations.byAppId(clientId) : undefined;
    const wantsGroups = app !== undefined && app.groupMembershipClaims !== 'None';
    const groups = wantsGroups ? await directory.groupIdsOf(tenantId, user.id) : undefined;
    return {
      accountId: user.id,
      claims: () => ({
        sub: user.id,
        name: user.displayName,
        given_name: user.givenName ?? undefined,
        family_name: user.surname ?? undefined,
        email: user.mail ?? undefined,
        ...(groups && { groups }),
      }),
    };
  };
}
