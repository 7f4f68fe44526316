import { type Kysely, PostgresAdapter, sql } from 'kysely';

// 021_log_filters: the Conditional Access result of each sign-in as a column of the log, so the
// sign-in log filters on it in SQL like on the risk level (014). Entries already written take
// theirs from the JSON details.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('insights_sign_ins')
    .addColumn('ca_status', 'text', (c) => c.notNull().defaultTo('notApplied'))
    .execute();
  const fromDetails =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql`(details::json ->> 'conditionalAccessStatus')`
      : sql`json_extract(details, '$.conditionalAccessStatus')`;
  await sql`update insights_sign_ins set ca_status = ${fromDetails}
    where ${fromDetails} in ('success', 'failure')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('insights_sign_ins').dropColumn('ca_status').execute();
}
