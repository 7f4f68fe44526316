import { type Kysely, sql } from 'kysely';

/**
 * oidc-provider's bearer ids (tokens, codes, sessions, interactions…) are now stored only as
 * keyed hashes, and looked up by hash: the rows stored before, under their clear ids, can no
 * longer be found, and they hold usable secrets. They are deleted: users sign in again, apps
 * get new tokens (JWT access tokens, never stored, run to their expiry). Grants (consent) and
 * replay detections keep their ids as they are, and stay.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from oidc_models where model not in ('Grant', 'ReplayDetection')`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to restore: the deleted rows were protocol state, re-created by signing in.
}
