import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { insertTenantRow } from '../../test/support/fixtures.js';
import { ManualClock } from '../platform/index.js';
import { type Database, migrateToLatest } from '../storage/index.js';
import { createMailer } from './service.js';

const START = new Date('2026-03-01T08:00:00.000Z');

async function harness() {
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db);
  await insertTenantRow(db, 'one', START.toISOString());
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const mailer = createMailer({
    db,
    clock: new ManualClock(START),
    logger,
    defaultFrom: 'Gatehouse <gh@localhost>',
  });
  return { db, mailer, lines };
}

describe('mailer without SMTP (dev outbox)', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  afterEach(() => h?.db.destroy());

  it('stores the message and logs its envelope, never its body', async () => {
    h = await harness();
    const sent = await h.mailer.send('one', {
      to: 'ada@example.com',
      subject: 'Your code',
      text: 'Your code is 918273',
      html: '<p>Your code is <b>918273</b></p>',
    });
    expect(sent.delivery).toBe('outbox');
    const page = await h.mailer.listOutbox('one', { top: 10 });
    expect(page.items).toEqual([
      {
        id: sent.id,
        createdDateTime: START.toISOString(),
        from: 'Gatehouse <gh@localhost>',
        to: 'ada@example.com',
        subject: 'Your code',
        text: 'Your code is 918273',
        html: '<p>Your code is <b>918273</b></p>',
      },
    ]);
    const log = h.lines.join('\n');
    expect(log).toContain('ada@example.com');
    expect(log).toContain('Your code');
    expect(log).toContain('outbox');
    expect(log).not.toContain('918273');
  });

  it("uses the tenant's from-address, and the message's own over it", async () => {
    h = await harness();
    await h.mailer.updateSettings('one', { fromAddress: 'One <hello@one.example>' });
    expect(await h.mailer.getSettings('one')).toEqual({ fromAddress: 'One <hello@one.example>' });
    await h.mailer.send('one', { to: 'a@example.com', subject: 's1', text: 't' });
    await h.mailer.send('one', { to: 'a@example.com', subject: 's2', text: 't', from: 'x@one.example' });
    const froms = (await h.mailer.listOutbox('one', { top: 10 })).items.map((m) => m.from);
    expect(froms.sort()).toEqual(['One <hello@one.example>', 'x@one.example']);
    await h.mailer.updateSettings('one', { fromAddress: null });
    expect(await h.mailer.getSettings('one')).toEqual({ fromAddress: null });
  });

  it('refuses a message whose headers could carry extra lines', async () => {
    h = await harness();
    await expect(
      h.mailer.send('one', { to: 'a@example.com', subject: 'hi\r\nBcc: eve@example.com', text: 't' }),
    ).rejects.toThrow();
    await expect(h.mailer.send('one', { to: 'not-an-address', subject: 'hi', text: 't' })).rejects.toThrow();
    expect((await h.mailer.listOutbox('one', { top: 10 })).items).toEqual([]);
  });
});
