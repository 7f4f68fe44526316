import { type Clock, hashSecret, newId } from '../platform/index.js';
import { type Db, isUniqueViolation } from '../storage/index.js';
import { type DirectoryUser, directoryErrors, mailKey } from './model.js';
import { roleAssignmentStore, toUser, userStore } from './store.js';

export interface DirectoryServiceDeps {
  db: Db;
  clock: Clock;
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;

/**
 * Users and directory role assignments. This first cut holds what the foundation needs (the
 * first administrator); the user API arrives with the directory issue.
 */
export function createDirectoryService({ db, clock }: DirectoryServiceDeps) {
  return {
    async createUser(
      input: { tenantId: string; displayName: string; mail: string; password?: string },
      trx: Db = db,
    ): Promise<DirectoryUser> {
      const now = clock.now().toISOString();
      const row = {
        id: newId(),
        tenant_id: input.tenantId,
        display_name: input.displayName,
        mail: input.mail,
        mail_key: mailKey(input.mail),
        password_hash: input.password ? await hashSecret(input.password) : null,
        account_enabled: 1,
        created_at: now,
        updated_at: now,
      };
      try {
        await userStore.insert(trx, row);
      } catch (error) {
        if (isUniqueViolation(error)) throw directoryErrors.mailTaken();
        throw error;
      }
      return toUser(row);
    },

    async findUser(tenantId: string, id: string): Promise<DirectoryUser | undefined> {
      const row = await userStore.find(db, tenantId, id);
      return row && toUser(row);
    },

    async findUserByMail(tenantId: string, mail: string): Promise<DirectoryUser | undefined> {
      const row = await userStore.findByMailKey(db, tenantId, mailKey(mail));
      return row && toUser(row);
    },

    async assignRole(
      tenantId: string,
      principalId: string,
      roleDefinitionId: string,
      trx: Db = db,
    ): Promise<void> {
      await roleAssignmentStore.insert(trx, {
        id: newId(),
        tenant_id: tenantId,
        principal_id: principalId,
        role_definition_id: roleDefinitionId,
        created_at: clock.now().toISOString(),
      });
    },

    /** Role template ids held by a user or an application (by its object id). */
    rolesOf: (tenantId: string, principalId: string): Promise<string[]> =>
      roleAssignmentStore.roleIds(db, tenantId, principalId),
  };
}
