import { type Db, decodeCursor, type Page } from '../storage/index.js';
import { type SignIn, type SignInFilters, signInErrors, signInFiltersSchema } from './model.js';
import { signInStore, toSignIn } from './store.js';

export interface SignInLogServiceDeps {
  db: Db;
}

export type SignInLogService = ReturnType<typeof createSignInLogService>;

/** How long sign-in log entries are kept. */
export const SIGN_IN_RETENTION_DAYS = 90;

/** Entries written before this instant are past retention. */
export const signInRetentionCutoff = (now: Date): Date =>
  new Date(now.getTime() - SIGN_IN_RETENTION_DAYS * 24 * 60 * 60_000);

/** Rows deleted per transaction by the purge. */
const PURGE_BATCH = 5000;

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

    /** How many sign-ins match the filters (the list's `$count`). */
    count(tenantId: string, filters: SignInFilters): Promise<number> {
      return signInStore.count(db, tenantId, signInFiltersSchema.parse(filters));
    },

    /** Sign-ins whose riskLevelDuringSignIn is not none, newest first (Identity Protection). */
    listRisky(
      tenantId: string,
      filters: SignInFilters,
      page: { top: number; skipToken?: string },
    ): Promise<Page<SignIn>> {
      const query = { ...signInFiltersSchema.parse(filters), riskyOnly: true };
      const cursor = page.skipToken ? decodeCursor(page.skipToken) : undefined;
      return signInStore.list(db, tenantId, query, page.top, cursor);
    },

    /** Every entry at or after `from`, newest first, read a page at a time (for analyses). */
    async *entriesSince(tenantId: string, from: Date, pageSize = 1000): AsyncGenerator<SignIn> {
      const query = signInFiltersSchema.parse({ from: from.toISOString() });
      let cursor: string | undefined;
      do {
        const page = await signInStore.list(
          db,
          tenantId,
          query,
          pageSize,
          cursor ? decodeCursor(cursor) : undefined,
        );
        yield* page.items;
        cursor = page.next;
      } while (cursor);
    },

    /** Wrong passwords of every tenant since `from`, newest first, at most `limit`, with their tenant. */
    async failedPasswordsSince(
      from: Date,
      limit: number,
    ): Promise<Array<{ tenantId: string; signIn: SignIn }>> {
      const rows = await signInStore.failedPasswordsSince(db, from.toISOString(), limit);
      return rows.map((row) => ({ tenantId: row.tenant_id, signIn: toSignIn(row) }));
    },

    /** A tenant's successful user sign-ins from one address since `from`, oldest first. */
    async userSuccessesFromIp(
      tenantId: string,
      ipAddress: string,
      from: Date,
      limit: number,
    ): Promise<SignIn[]> {
      const rows = await signInStore.userSuccessesFromIp(db, tenantId, ipAddress, from.toISOString(), limit);
      return rows.map(toSignIn);
    },

    /**
     * Deletes the entries of every tenant written before `date`, in batches; returns how many
     * went. Idempotent, so every node of a cluster may run it.
     */
    async purgeSignInsBefore(date: Date): Promise<number> {
      const before = date.toISOString();
      let total = 0;
      for (;;) {
        const deleted = await signInStore.deleteBefore(db, before, PURGE_BATCH);
        total += deleted;
        if (deleted < PURGE_BATCH) return total;
      }
    },

    async get(tenantId: string, id: string): Promise<SignIn> {
      const row = await signInStore.find(db, tenantId, id);
      if (!row) throw signInErrors.notFound(id);
      return toSignIn(row);
    },
  };
}
