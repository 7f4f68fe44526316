import type { Db } from '../../src/storage/index.js';

/**
 * A bare tenant row, for storage contract tests that exercise one domain's tables without
 * going through the tenant service (their rows need a tenant to belong to).
 */
export async function insertTenantRow(
  db: Db,
  id: string,
  at: string = new Date().toISOString(),
): Promise<void> {
  await db
    .insertInto('tenants')
    .values({
      id,
      display_name: id,
      type: 'customer',
      default_language: 'en',
      created_at: at,
      updated_at: at,
    })
    .execute();
}
