import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { insertTenantRow } from '../../../test/support/fixtures.js';
import { createMemorySharedState, ManualClock } from '../../platform/index.js';
import { type Database, migrateToLatest } from '../../storage/index.js';
import { type SmsGateway, SmsGatewayError, type SmsGatewayMessage } from './gateway.js';
import { createSmsSender, type SmsSenderDeps } from './service.js';

const START = new Date('2026-03-01T08:00:00.000Z');
const DAY_MS = 24 * 60 * 60_000;

async function harness(deps: Partial<SmsSenderDeps> = {}) {
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db);
  for (const id of ['one', 'two']) await insertTenantRow(db, id, START.toISOString());
  const clock = new ManualClock(START);
  const state = createMemorySharedState(clock);
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const sms = createSmsSender({ db, clock, logger, state, ...deps });
  return { db, clock, state, sms, lines };
}

/** A gateway that records what it is given, or fails as told. */
function recordingGateway(fail?: Error) {
  const sent: SmsGatewayMessage[] = [];
  const gateway: SmsGateway = {
    async send(message) {
      if (fail) throw fail;
      sent.push(message);
    },
  };
  return { gateway, sent };
}

const code = (to: string, c = '482913') => ({ to, lang: 'en-US', code: c, minutes: 10, appName: 'Contoso' });

describe('SMS sender', () => {
  let h: Awaited<ReturnType<typeof harness>> | undefined;
  afterEach(async () => {
    await h?.state.close();
    await h?.db.destroy();
    h = undefined;
  });

  it('without a gateway, stores the text in the dev outbox and logs the code', async () => {
    h = await harness();
    const result = await h.sms.sendCode('one', code('+14255550100'));
    expect(result).toEqual({ ok: true, id: expect.any(String), delivery: 'outbox' });
    const page = await h.sms.listOutbox('one', { top: 10 });
    expect(page.items).toEqual([
      {
        id: result.ok ? result.id : '',
        createdDateTime: START.toISOString(),
        to: '+14255550100',
        language: 'en',
        text: '482913 is your Contoso verification code. It expires in 10 minutes.',
        delivery: 'outbox',
        status: 'stored',
        lastError: null,
        sentDateTime: null,
      },
    ]);
    expect((await h.sms.listOutbox('two', { top: 10 })).items).toEqual([]);
    expect(h.lines.join('\n')).toContain('code 482913');
  });

  it('with a gateway, sends at once, marks the message sent, clears its text and never logs it', async () => {
    const { gateway, sent } = recordingGateway();
    h = await harness({ gateway });
    const result = await h.sms.sendCode('one', { ...code('+33612345678'), lang: 'fr' });
    expect(result).toMatchObject({ ok: true, delivery: 'gateway' });
    const id = result.ok ? result.id : '';
    expect(sent).toEqual([
      {
        to: '+33612345678',
        text: '482913 est votre code de vérification Contoso. Il expire dans 10 minutes.',
        tenantId: 'one',
        messageId: id,
      },
    ]);
    const [row] = (await h.sms.listOutbox('one', { top: 10 })).items;
    expect(row).toMatchObject({ id, status: 'sent', delivery: 'gateway', text: null, language: 'fr' });
    expect(row?.sentDateTime).toBe(START.toISOString());
    expect(h.lines.join('\n')).not.toContain('482913');
    // Phone numbers are masked in the log.
    expect(h.lines.join('\n')).not.toContain('+33612345678');
  });

  it('marks a message failed when the gateway refuses it, with the status and no text', async () => {
    const { gateway } = recordingGateway(new SmsGatewayError('SMS gateway answered HTTP 500', 500));
    h = await harness({ gateway });
    const result = await h.sms.sendCode('one', code('+14255550100'));
    expect(result).toEqual({ ok: false, reason: 'delivery_failed', id: expect.any(String) });
    const failed = await h.sms.listOutbox('one', { top: 10, status: 'failed' });
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({ lastError: 'SMS gateway answered HTTP 500', text: null });
    expect((await h.sms.listOutbox('one', { top: 10, status: 'sent' })).items).toEqual([]);
    expect(h.lines.join('\n')).not.toContain('482913');
  });

  it('caps texts per phone number per day, and opens a new window after 24 hours', async () => {
    h = await harness({ dailyCapPerPhone: 3 });
    for (let i = 0; i < 3; i++) expect((await h.sms.sendCode('one', code('+14255550100'))).ok).toBe(true);
    expect(await h.sms.sendCode('one', code('+14255550100'))).toEqual({ ok: false, reason: 'cap_reached' });
    // Another number, and the same number at another tenant, are not affected.
    expect((await h.sms.sendCode('one', code('+14255550101'))).ok).toBe(true);
    expect((await h.sms.sendCode('two', code('+14255550100'))).ok).toBe(true);
    // A refused text is not stored.
    expect((await h.sms.listOutbox('one', { top: 50 })).items).toHaveLength(4);

    h.clock.advance(DAY_MS - 1000);
    expect((await h.sms.sendCode('one', code('+14255550100'))).ok).toBe(false);
    h.clock.advance(1000);
    expect((await h.sms.sendCode('one', code('+14255550100'))).ok).toBe(true);
  });

  it('caps texts per tenant per day', async () => {
    h = await harness({ dailyCapPerTenant: 4 });
    for (let i = 0; i < 4; i++) expect((await h.sms.sendCode('one', code(`+1425555010${i}`))).ok).toBe(true);
    expect(await h.sms.sendCode('one', code('+14255550109'))).toEqual({ ok: false, reason: 'cap_reached' });
    expect((await h.sms.sendCode('two', code('+14255550109'))).ok).toBe(true);
    expect(h.lines.join('\n')).toContain('daily cap of the tenant reached');
    h.clock.advance(DAY_MS);
    expect((await h.sms.sendCode('one', code('+14255550109'))).ok).toBe(true);
  });

  it('refuses a number not in E.164 or a bad code, and stores and counts nothing', async () => {
    h = await harness({ dailyCapPerPhone: 1 });
    await expect(h.sms.sendCode('one', code('4255550100'))).rejects.toMatchObject({
      code: 'invalid_sms_message',
      target: 'to',
    });
    await expect(h.sms.sendCode('one', code('+14255550100', '12 34'))).rejects.toMatchObject({
      code: 'invalid_sms_message',
      target: 'code',
    });
    expect((await h.sms.listOutbox('one', { top: 10 })).items).toEqual([]);
    expect((await h.sms.sendCode('one', code('+14255550100'))).ok).toBe(true);
  });

  it('pages the outbox newest first', async () => {
    h = await harness();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await h.sms.sendCode('one', code(`+1425555010${i}`));
      if (r.ok) ids.push(r.id);
      h.clock.advance(1000);
    }
    const first = await h.sms.listOutbox('one', { top: 2 });
    expect(first.items.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    expect(first.next).toBeDefined();
    const second = await h.sms.listOutbox('one', { top: 2, skipToken: first.next });
    expect(second.items.map((m) => m.id)).toEqual([ids[0]]);
  });
});
