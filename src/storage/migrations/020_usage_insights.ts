import { type Kysely, PostgresAdapter, sql } from 'kysely';

// 020_usage_insights: usage & insights roll-ups of the sign-in log. The log keeps 90 days; the
// roll-ups keep 13 months, and the dashboards read only them.
//  - usage_pending: the log entries the roll-up has not counted yet, written with them (a narrow
//    row, so counting never rewrites the wide log rows). An entry written late (after its day
//    was rolled up) is still counted, once. The log's history starts pending: the first run
//    counts what the log still holds.
//  - usage_facts: one counter row per tenant, metric, period (day|month), grain, date and
//    breakdown. The grain names the breakdown columns the row is counted by ('appId,os', say; ''
//    for the total): each entry is counted at the few grains the dashboards read, so each chart
//    is one index range. Columns outside the grain are ''.
//  - usage_members: who was already counted in a distinct-users fact, so distinct counts stay
//    exact as entries arrive in any order (a row is a user inside one fact).
//  - usage_last_seen: each user's last sign-in day, per app and overall (app ''): inactive users.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('usage_pending')
    .addColumn('sign_in_id', 'text', (c) => c.primaryKey())
    .execute();
  await sql`insert into usage_pending (sign_in_id) select id from insights_sign_ins`.execute(db);

  await db.schema
    .createTable('usage_facts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('fact_date', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('os', 'text', (c) => c.notNull())
    .addColumn('identity_provider', 'text', (c) => c.notNull())
    .addColumn('mfa_method', 'text', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('succeeded', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_facts_pk', [
      'tenant_id',
      'metric',
      'period',
      'grain',
      'fact_date',
      'app_id',
      'country',
      'os',
      'identity_provider',
      'mfa_method',
    ])
    .execute();

  // Distinct users are counted per tenant, period, date and app ('' for every app). Keyed by
  // period and date first, so the retention purge removes old periods through the key, and no
  // other index is written on this, the busiest table of the roll-up.
  await db.schema
    .createTable('usage_members')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('fact_date', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_members_pk', ['period', 'fact_date', 'tenant_id', 'app_id', 'user_id'])
    .execute();
  // PostgreSQL: room in each page for a counter's new version, so adding to a fact rewrites no
  // index (a heap-only update). The daily purge scans the facts; no index of its own to keep up.
  if (isPostgres(db)) await sql`alter table usage_facts set (fillfactor = 70)`.execute(db);

  await db.schema
    .createTable('usage_last_seen')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('last_date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_last_seen_pk', ['tenant_id', 'app_id', 'user_id'])
    .execute();
}

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('usage_last_seen').ifExists().execute();
  await db.schema.dropTable('usage_members').ifExists().execute();
  await db.schema.dropTable('usage_facts').ifExists().execute();
  await db.schema.dropTable('usage_pending').ifExists().execute();
}
