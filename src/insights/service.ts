import { type Db, decodeCursor, type Page } from '../storage/index.js';
import { type SignIn, type SignInFilters, signInErrors, signInFiltersSchema } from './model.js';
import { signInStore, toSignIn } from './store.js';

export interface SignInLogServiceDeps {
  db: Db;
}

export type SignInLogService = ReturnType<typeof createSignInLogService>;

/** Reads the sign-in logs a tenant's sign-ins left (written by the recorder). */
export function createSignInLogService({ db }: SignInLogServiceDeps) {
  return {
    /** Newest first; filters combine with AND. */
    list(
      tenantId: string,
      filters: SignInFilters,
      page: { top: number; skipToken?: string },
    ): Promise<Page<SignIn>> {
      const query = signInFiltersSchema.parse(filters);
      return signInStore.list(
        db,
        tenantId,
        query,
        page.top,
        page.skipToken ? decodeCursor(page.skipToken) : undefined,
      );
    },

    async get(tenantId: string, id: string): Promise<SignIn> {
      const row = await signInStore.find(db, tenantId, id);
      if (!row) throw signInErrors.notFound(id);
      return toSignIn(row);
    },
  };
}
