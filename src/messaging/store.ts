import type { Selectable } from 'kysely';
import { type Cursor, type Db, fetchPage, type MessagingOutboxTable, type Page } from '../storage/index.js';
import type { OutboxMessage } from './model.js';

export type OutboxRow = Selectable<MessagingOutboxTable>;

export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    createdDateTime: row.created_at,
    from: row.from,
    to: row.to,
    subject: row.subject,
    text: row.text,
    html: row.html,
  };
}

export const messagingStore = {
  async insertOutbox(db: Db, row: OutboxRow): Promise<void> {
    await db.insertInto('messaging_outbox').values(row).execute();
  },

  /** Newest first: (created_at, id) descending. */
  async listOutbox(db: Db, tenantId: string, limit: number, before?: Cursor): Promise<Page<OutboxMessage>> {
    const query = db.selectFrom('messaging_outbox').selectAll().where('tenant_id', '=', tenantId);
    return fetchPage(query, limit, before, toOutboxMessage, 'desc');
  },

  async fromAddress(db: Db, tenantId: string): Promise<string | null> {
    const row = await db
      .selectFrom('messaging_settings')
      .select('from_address')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row?.from_address ?? null;
  },

  async setFromAddress(db: Db, tenantId: string, fromAddress: string | null, now: string): Promise<void> {
    await db
      .insertInto('messaging_settings')
      .values({ tenant_id: tenantId, from_address: fromAddress, updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ from_address: fromAddress, updated_at: now }))
      .execute();
  },
};
