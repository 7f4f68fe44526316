import type { Kysely } from 'kysely';

// Outbox delivery: every email is a row of messaging_outbox, sent after commit and retried
// with backoff (`pending` → `sending` → `sent` | `failed`); `stored` rows are the dev outbox.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite adds columns one at a time.
  const columns: [string, 'text' | 'integer', number | null][] = [
    ['template', 'text', null],
    ['lang', 'text', null],
    ['attempts', 'integer', 0],
    ['next_attempt_at', 'text', null],
    ['last_attempt_at', 'text', null],
    ['last_error', 'text', null],
    ['sent_at', 'text', null],
    ['claimed_until', 'text', null],
  ];
  for (const [name, type, fallback] of columns) {
    await db.schema
      .alterTable('messaging_outbox')
      .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }
  // What the retry job looks for: due `pending` rows and `sending` rows whose claim lapsed.
  await db.schema
    .createIndex('messaging_outbox_status_due')
    .on('messaging_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messaging_outbox_status_due').ifExists().execute();
  for (const name of [
    'claimed_until',
    'sent_at',
    'last_error',
    'last_attempt_at',
    'next_attempt_at',
    'attempts',
    'lang',
    'template',
  ]) {
    await db.schema.alterTable('messaging_outbox').dropColumn(name).execute();
  }
}
