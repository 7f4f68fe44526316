import type { Selectable } from 'kysely';
import {
  type Cursor,
  type Db,
  fetchPage,
  type MessagingSmsOutboxTable,
  type Page,
} from '../../storage/index.js';
import type { SmsMessage, SmsStatus } from './model.js';

export type SmsOutboxRow = Selectable<MessagingSmsOutboxTable>;

export function toSmsMessage(row: SmsOutboxRow): SmsMessage {
  return {
    id: row.id,
    createdDateTime: row.created_at,
    to: row.to,
    language: row.lang,
    text: row.text,
    delivery: row.delivery,
    status: row.status,
    lastError: row.last_error,
    sentDateTime: row.sent_at,
  };
}

export const smsStore = {
  async insert(db: Db, row: SmsOutboxRow): Promise<void> {
    await db.insertInto('messaging_sms_outbox').values(row).execute();
  },

  /** Records a gateway's outcome; the text goes, so no code stays at rest after delivery. */
  async settle(
    db: Db,
    id: string,
    outcome: { status: 'sent'; at: string } | { status: 'failed'; error: string },
  ): Promise<void> {
    await db
      .updateTable('messaging_sms_outbox')
      .set(
        outcome.status === 'sent'
          ? { status: 'sent', sent_at: outcome.at, text: null }
          : { status: 'failed', last_error: outcome.error, text: null },
      )
      .where('id', '=', id)
      .execute();
  },

  /** Newest first: (created_at, id) descending; optionally only one status. */
  async list(
    db: Db,
    tenantId: string,
    limit: number,
    before: Cursor | undefined,
    status?: SmsStatus,
  ): Promise<Page<SmsMessage>> {
    let query = db.selectFrom('messaging_sms_outbox').selectAll().where('tenant_id', '=', tenantId);
    if (status) query = query.where('status', '=', status);
    return fetchPage(query, limit, before, toSmsMessage, 'desc');
  },

  async get(db: Db, id: string): Promise<SmsOutboxRow | undefined> {
    return db.selectFrom('messaging_sms_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  },
};
