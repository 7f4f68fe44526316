import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { insertTenantRow } from '../../test/support/fixtures.js';
import { ManualClock } from '../platform/index.js';
import { type Database, migrateToLatest } from '../storage/index.js';
import type { MailBranding } from './model.js';
import { createMailer, type MailerDeps } from './service.js';

const START = new Date('2026-03-01T08:00:00.000Z');

async function harness(deps: Partial<MailerDeps> = {}) {
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
    ...deps,
  });
  return { db, mailer, lines };
}

const verification = (to = 'ada@example.com') =>
  ({
    template: 'verificationCode',
    to,
    lang: 'fr-CA',
    data: { code: '918273', minutes: 10, appName: 'Contoso Shop', displayName: 'Ada' },
  }) as const;

describe('mailer without SMTP (dev outbox)', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  afterEach(async () => {
    await h?.mailer.close();
    await h?.db.destroy();
  });

  it('stores the rendered message and logs its code, so sign-up works with no mail server', async () => {
    h = await harness();
    const sent = await h.mailer.enqueue('one', verification());
    expect(sent.delivery).toBe('outbox');
    const page = await h.mailer.listOutbox('one', { top: 10 });
    expect(page.items).toHaveLength(1);
    const [message] = page.items;
    expect(message).toMatchObject({
      id: sent.id,
      createdDateTime: START.toISOString(),
      template: 'verificationCode',
      language: 'fr',
      from: 'Gatehouse <gh@localhost>',
      to: 'ada@example.com',
      subject: 'Vérifiez votre adresse e-mail pour Contoso Shop',
      status: 'stored',
      attempts: 0,
      lastAttemptDateTime: null,
      nextAttemptDateTime: null,
      lastError: null,
      sentDateTime: null,
    });
    expect(message?.text).toContain('918273');
    expect(message?.text).toContain('Bonjour Ada,');
    expect(message?.html).toContain('<html lang="fr" dir="ltr">');
    expect(message?.html).toContain('918273');
    const log = h.lines.join('\n');
    expect(log).toContain('ada@example.com');
    expect(log).toContain('Vérifiez votre adresse e-mail');
    expect(log).toContain('dev outbox');
    expect(log).toContain('code 918273');
    // Nothing is due: stored messages are never sent.
    expect(await h.mailer.deliverDue()).toBe(0);
  });

  it('lists only the messages of a status when asked', async () => {
    h = await harness();
    await h.mailer.enqueue('one', verification());
    expect((await h.mailer.listOutbox('one', { top: 10, status: 'stored' })).items).toHaveLength(1);
    expect((await h.mailer.listOutbox('one', { top: 10, status: 'sent' })).items).toEqual([]);
  });

  it('queues later: after the caller is done, only what compose returns, and never throws at the caller', async () => {
    h = await harness();
    let answered!: () => void;
    const after = new Promise<void>((resolve) => {
      answered = resolve;
    });
    const decided: string[] = [];
    h.mailer.enqueueLater(
      'one',
      async () => {
        decided.push('known');
        return verification('known@example.com');
      },
      after,
    );
    h.mailer.enqueueLater(
      'one',
      async () => {
        decided.push('unknown');
        return undefined;
      },
      after,
    );
    h.mailer.enqueueLater('one', async () => {
      throw new Error('lookup failed');
    });
    // Nothing is decided, let alone stored, before the caller has answered.
    await new Promise((resolve) => setImmediate(resolve));
    expect(decided).toEqual([]);
    expect((await h.mailer.listOutbox('one', { top: 10 })).items).toEqual([]);
    answered();
    await h.mailer.idle();
    expect(decided.sort()).toEqual(['known', 'unknown']);
    const stored = (await h.mailer.listOutbox('one', { top: 10 })).items;
    expect(stored.map((m) => m.to)).toEqual(['known@example.com']);
    expect(h.lines.join('\n')).toContain('queueing an email failed');
  });

  it("uses the tenant's from-address once set", async () => {
    h = await harness();
    await h.mailer.updateSettings('one', { fromAddress: 'One <hello@one.example>' });
    expect(await h.mailer.getSettings('one')).toEqual({ fromAddress: 'One <hello@one.example>' });
    await h.mailer.enqueue('one', verification());
    await h.mailer.updateSettings('one', { fromAddress: null });
    expect(await h.mailer.getSettings('one')).toEqual({ fromAddress: null });
    await h.mailer.enqueue('one', verification());
    const froms = (await h.mailer.listOutbox('one', { top: 10 })).items.map((m) => m.from);
    expect(froms.sort()).toEqual(['Gatehouse <gh@localhost>', 'One <hello@one.example>']);
  });

  it('refuses a message it cannot send, and stores nothing', async () => {
    h = await harness();
    const bad: unknown[] = [
      { ...verification(), to: 'not-an-address' },
      { ...verification(), to: 'ada@example.com\r\nBcc: eve@example.com' },
      { ...verification(), data: { minutes: 10 } },
      { ...verification(), data: { code: '12 34' } },
      { ...verification(), template: 'newsletter' },
      { ...verification(), subject: 'extra field' },
    ];
    for (const message of bad) {
      await expect(h.mailer.enqueue('one', message as never)).rejects.toMatchObject({
        code: 'invalid_mail_message',
        kind: 'invalid',
      });
    }
    expect((await h.mailer.listOutbox('one', { top: 10 })).items).toEqual([]);
  });

  it("renders with the tenant's branding in the user's language", async () => {
    const asked: string[] = [];
    const brandingFor = async (tenantId: string, lang: string): Promise<MailBranding> => {
      asked.push(`${tenantId}/${lang}`);
      return { companyName: 'Contoso', logoUrl: 'https://contoso.example/logo.png', accentColor: '#c50f1f' };
    };
    h = await harness({ brandingFor });
    await h.mailer.enqueue('one', {
      template: 'passwordChanged',
      to: 'ada@example.com',
      lang: 'ar-EG',
      data: {},
    });
    expect(asked).toEqual(['one/ar-EG']);
    const [message] = (await h.mailer.listOutbox('one', { top: 1 })).items;
    expect(message?.language).toBe('ar');
    expect(message?.subject).toBe('تم تغيير كلمة المرور في Contoso');
    expect(message?.html).toContain('<html lang="ar" dir="rtl">');
    expect(message?.html).toContain('<img src="https://contoso.example/logo.png"');
    expect(message?.html).toContain('#c50f1f');
  });

  it('still sends, unbranded, when the branding cannot be read', async () => {
    h = await harness({
      brandingFor: async () => {
        throw new Error('branding store down');
      },
    });
    const sent = await h.mailer.enqueue('one', verification());
    const [message] = (await h.mailer.listOutbox('one', { top: 1 })).items;
    expect(message?.id).toBe(sent.id);
    expect(message?.html).not.toContain('<img');
    expect(h.lines.join('\n')).toContain('sending unbranded');
  });
});
