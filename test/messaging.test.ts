import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMailer,
  type Mailer,
  type MailerDeps,
  type MailRequest,
  type OutboxMessage,
  RETRY_DELAYS_MS,
} from '../src/messaging/index.js';
import { messagingStore } from '../src/messaging/store.js';
import { createLogger, ManualClock } from '../src/platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../src/storage/index.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from './support/databases.js';
import { insertTenantRow } from './support/fixtures.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

/** Closes storages; the database's `drop` waits for their connections to go. */
async function closeStorages(_database: TestDatabase | undefined, storages: Storage[]): Promise<void> {
  for (const storage of storages) await storage.close();
}

const signInCode = (to: string, code: string, lang = 'en'): MailRequest => ({
  template: 'signInCode',
  to,
  lang,
  data: { code, minutes: 10, appName: 'Contoso Shop' },
});

describe.each(TEST_DATABASES)('email through the dev outbox on %s', (kind) => {
  const clock = new ManualClock(new Date());
  const start = clock.now().getTime();
  let gh: TestGatehouse;
  /** Ids of the messages sent to tenant mail-a, oldest first. */
  const ids: string[] = [];
  const base = '/api/v1/tenants/mail-a/outbox';

  beforeAll(async () => {
    gh = await startGatehouse(kind, { clock });
    for (const id of ['mail-a', 'mail-b']) {
      expect((await gh.api('POST', '/api/v1/tenants', { id, displayName: id })).status).toBe(201);
    }
    for (let i = 0; i < 3; i++) {
      clock.set(new Date(start + i * 1000));
      const sent = await gh.gatehouse.mailer.enqueue(
        'mail-a',
        signInCode(`user${i}@example.com`, `10000${i}`),
      );
      expect(sent.delivery).toBe('outbox');
      ids.push(sent.id);
    }
    await gh.gatehouse.mailer.enqueue('mail-b', {
      template: 'passwordChanged',
      to: 'other@example.com',
      lang: 'de',
      data: {},
    });
  });
  afterAll(() => gh?.stop());

  it('lists the outbox newest first, with the bodies and the delivery state', async () => {
    const response = await gh.api('GET', base);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.value.map((m: OutboxMessage) => m.id)).toEqual([...ids].reverse());
    expect(response.body['@odata.nextLink']).toBeUndefined();
    const oldest: OutboxMessage = response.body.value[2];
    expect(oldest).toMatchObject({
      id: ids[0],
      createdDateTime: new Date(start).toISOString(),
      template: 'signInCode',
      language: 'en',
      from: 'Gatehouse <no-reply@localhost>',
      to: 'user0@example.com',
      subject: 'Your sign-in code for Contoso Shop',
      status: 'stored',
      attempts: 0,
      lastAttemptDateTime: null,
      nextAttemptDateTime: null,
      lastError: null,
      sentDateTime: null,
    });
    expect(oldest.text).toContain('100000');
    expect(oldest.html).toContain('100000');
  });

  it('pages with $top and the nextLink, and filters by status', async () => {
    const first = await gh.api('GET', `${base}?$top=2`);
    expect(first.body.value.map((m: OutboxMessage) => m.id)).toEqual([ids[2], ids[1]]);
    const next = new URL(first.body['@odata.nextLink']);
    expect(next.pathname).toBe(base);
    const second = await gh.api('GET', `${next.pathname}${next.search}`);
    expect(second.status).toBe(200);
    expect(second.body.value.map((m: OutboxMessage) => m.id)).toEqual([ids[0]]);
    expect(second.body['@odata.nextLink']).toBeUndefined();
    expect((await gh.api('GET', `${base}?$skiptoken=garbage`)).status).toBe(400);

    const stored = await gh.api('GET', `${base}?status=stored&$top=2`);
    expect(stored.body.value).toHaveLength(2);
    const storedNext = new URL(stored.body['@odata.nextLink']);
    expect(storedNext.searchParams.get('status')).toBe('stored');
    expect((await gh.api('GET', `${storedNext.pathname}${storedNext.search}`)).body.value).toHaveLength(1);
    expect((await gh.api('GET', `${base}?status=sent`)).body.value).toEqual([]);
    expect((await gh.api('GET', `${base}?status=lost`)).status).toBe(400);
  });

  it('keeps each tenant to its own messages and answers 404 for an unknown tenant', async () => {
    const other = await gh.api('GET', '/api/v1/tenants/mail-b/outbox');
    expect(other.body.value.map((m: OutboxMessage) => [m.to, m.subject])).toEqual([
      // No app named: the tenant's company name (by default its display name) is.
      ['other@example.com', 'Ihr Passwort für mail-b wurde geändert'],
    ]);
    const unknown = await gh.api('GET', '/api/v1/tenants/no-such-tenant/outbox');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('tenant_not_found');
    expect((await gh.api('GET', '/api/v1/tenants/no-such-tenant/messaging')).status).toBe(404);
    expect((await gh.api('GET', base, undefined, null)).status).toBe(401);
  });

  it("sets the tenant's from-address, which later messages use", async () => {
    const url = '/api/v1/tenants/mail-b/messaging';
    expect((await gh.api('GET', url)).body).toEqual({ fromAddress: null });
    const bad = await gh.api('PATCH', url, { fromAddress: 'nobody' });
    expect(bad.status).toBe(400);
    expect((await gh.api('PATCH', url, { fromAddress: 'x@y.z', extra: 1 })).status).toBe(400);
    const set = await gh.api('PATCH', url, { fromAddress: 'Contoso <id@contoso.example>' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ fromAddress: 'Contoso <id@contoso.example>' });
    expect((await gh.api('GET', url)).body).toEqual({ fromAddress: 'Contoso <id@contoso.example>' });
    clock.advance(60_000);
    await gh.gatehouse.mailer.enqueue('mail-b', signInCode('ada@example.com', '555111'));
    const latest = (await gh.api('GET', '/api/v1/tenants/mail-b/outbox?$top=1')).body.value[0];
    expect(latest).toMatchObject({ to: 'ada@example.com', from: 'Contoso <id@contoso.example>' });
    expect((await gh.api('PATCH', url, { fromAddress: null })).body).toEqual({ fromAddress: null });
  });
});

interface Received {
  envelope: { from: string; to: string[] };
  user?: string;
  messageId: string;
  raw: string;
}

/**
 * A real SMTP server whose answers the test decides: `answer(to)` gives the reply code to
 * RCPT TO (undefined accepts), and `hold` keeps MAIL FROM unanswered until released.
 */
async function startMailServer() {
  const received: Received[] = [];
  /** Every RCPT TO, accepted or not: one per delivery attempt. */
  const attempts: string[] = [];
  const server = {
    received,
    attempts,
    port: 0,
    answer: (_to: string): number | undefined => undefined,
    hold: Promise.resolve(),
    /** Sent to the SMTP server and accepted, per message id. */
    deliveries: (messageId: string) => received.filter((r) => r.messageId === `<${messageId}@gatehouse>`),
    tries: (to: string) => attempts.filter((a) => a === to).length,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'relay' && auth.password === 'relay-secret')
        return callback(null, { user: 'relay' });
      return callback(new Error('Invalid username or password'));
    },
    onMailFrom(_address, _session, callback) {
      server.hold.then(() => callback());
    },
    onRcptTo(address, _session, callback) {
      attempts.push(address.address);
      const code = server.answer(address.address);
      if (code === undefined) return callback();
      const text = code >= 500 ? 'No such mailbox here' : 'Mailbox busy, try again later';
      return callback(Object.assign(new Error(text), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          user: session.user as string | undefined,
          messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '',
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  server.port = (smtp.server.address() as AddressInfo).port;
  return server;
}

type MailServer = Awaited<ReturnType<typeof startMailServer>>;

describe.each(TEST_DATABASES)('email through an SMTP server on %s', (kind) => {
  const clock = new ManualClock(new Date('2026-05-04T10:00:00.000Z'));
  let database: TestDatabase;
  let storage: Storage;
  let smtp: MailServer;
  let lines: string[];
  const mailers: Mailer[] = [];

  function newMailer(deps: Partial<MailerDeps> = {}): Mailer {
    lines = [];
    const mailer = createMailer({
      db: storage.db,
      clock,
      logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }),
      smtpUrl: `smtp://relay:relay-secret@127.0.0.1:${smtp.port}`,
      defaultFrom: 'Contoso ID <id@contoso.example>',
      ...deps,
    });
    mailers.push(mailer);
    return mailer;
  }

  const message = async (mailer: Mailer, id: string): Promise<OutboxMessage> => {
    const all = (await mailer.listOutbox('smtp-a', { top: 999 })).items;
    const found = all.find((m) => m.id === id);
    if (!found) throw new Error(`no message ${id}`);
    return found;
  };

  beforeAll(async () => {
    smtp = await startMailServer();
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    await migrateToLatest(storage.db);
    await insertTenantRow(storage.db, 'smtp-a');
  });
  afterEach(async () => {
    smtp.answer = () => undefined;
    smtp.hold = Promise.resolve();
    for (const mailer of mailers.splice(0)) await mailer.close();
  });
  afterAll(async () => {
    await closeStorages(database, storage ? [storage] : []);
    await database?.drop();
    await smtp?.close();
  });

  it('sends a queued message in the background, authenticated and readable by a mail client', async () => {
    const mailer = newMailer({
      brandingFor: async () => ({ companyName: 'Contoso', logoUrl: null, accentColor: '#c50f1f' }),
    });
    const sent = await mailer.enqueue('smtp-a', signInCode('ada@example.com', '424242', 'es-MX'));
    expect(sent.delivery).toBe('smtp');
    await mailer.idle();

    const [delivered, ...more] = smtp.deliveries(sent.id);
    expect(more).toEqual([]);
    expect(delivered?.user).toBe('relay');
    expect(delivered?.envelope).toEqual({ from: 'id@contoso.example', to: ['ada@example.com'] });
    const parsed = await simpleParser(delivered?.raw ?? '');
    expect(parsed.from?.value).toEqual([{ name: 'Contoso ID', address: 'id@contoso.example' }]);
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value.map((a) => a.address)).toEqual(['ada@example.com']);
    expect(parsed.subject).toBe('Tu código de inicio de sesión para Contoso Shop');
    expect(parsed.headers.get('content-language')).toBe('es');
    expect(parsed.text).toContain('Introduce este código para iniciar sesión en Contoso Shop:');
    expect(parsed.text).toContain('424242');
    expect(parsed.html).toContain('<html lang="es" dir="ltr">');
    expect(parsed.html).toContain('424242');
    expect(parsed.html).toContain('#c50f1f');

    // Kept as a record; the body, which holds the code, is gone once sent.
    expect(await message(mailer, sent.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      sentDateTime: clock.now().toISOString(),
      lastAttemptDateTime: clock.now().toISOString(),
      nextAttemptDateTime: null,
      lastError: null,
      subject: 'Tu código de inicio de sesión para Contoso Shop',
      text: null,
      html: null,
    });
    expect(await mailer.deliverDue()).toBe(0);
  });

  it('returns from enqueue before a slow mail server has even taken the message', async () => {
    const mailer = newMailer();
    const events: string[] = [];
    let release = () => {};
    smtp.hold = new Promise<void>((resolve) => {
      release = resolve;
      // Only for a broken mailer that awaits the server: the order below then shows it.
      setTimeout(resolve, 3000).unref();
    });
    const received = smtp.received.length;
    const sent = await mailer.enqueue('smtp-a', signInCode('slow@example.com', '111222'));
    events.push(smtp.received.length > received ? 'received' : 'enqueued');
    expect(['pending', 'sending']).toContain((await message(mailer, sent.id)).status);
    release();
    await mailer.idle();
    events.push(smtp.deliveries(sent.id).length === 1 ? 'received' : 'missing');
    expect(events).toEqual(['enqueued', 'received']);
    expect((await message(mailer, sent.id)).status).toBe('sent');
  });

  it('retries a temporary failure with backoff, sends exactly once, and never logs the code', async () => {
    const mailer = newMailer();
    let refusals = 2;
    smtp.answer = (to) => (to === 'retry@example.com' && refusals-- > 0 ? 451 : undefined);
    const t0 = clock.now().getTime();
    const sent = await mailer.enqueue('smtp-a', signInCode('retry@example.com', '737373'));
    await mailer.idle();

    const first = await message(mailer, sent.id);
    expect(first).toMatchObject({
      status: 'pending',
      attempts: 1,
      sentDateTime: null,
      nextAttemptDateTime: new Date(t0 + 30_000).toISOString(),
    });
    expect(first.lastError).toContain('451');
    expect(first.text).toContain('737373');
    expect(await mailer.deliverDue()).toBe(0);
    clock.advance(29_000);
    expect(await mailer.deliverDue()).toBe(0);
    clock.advance(1_000);
    expect(await mailer.deliverDue()).toBe(1);
    const second = await message(mailer, sent.id);
    expect(second).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastAttemptDateTime: new Date(t0 + 30_000).toISOString(),
      nextAttemptDateTime: new Date(t0 + 30_000 + 120_000).toISOString(),
    });
    expect(smtp.deliveries(sent.id)).toEqual([]);

    clock.advance(120_000);
    expect(await mailer.deliverDue()).toBe(1);
    expect(await message(mailer, sent.id)).toMatchObject({
      status: 'sent',
      attempts: 3,
      sentDateTime: new Date(t0 + 150_000).toISOString(),
    });
    clock.advance(24 * 3600_000);
    expect(await mailer.deliverDue()).toBe(0);
    expect(smtp.deliveries(sent.id)).toHaveLength(1);
    expect(smtp.tries('retry@example.com')).toBe(3);

    const log = lines.join('\n');
    expect(log).toContain('email queued');
    expect(log).toContain('will retry');
    expect(log).toContain('email sent');
    expect(log).toContain('retry@example.com');
    expect(log).not.toContain('737373');
  });

  it('gives up after six failed attempts', async () => {
    const mailer = newMailer();
    smtp.answer = (to) => (to === 'busy@example.com' ? 451 : undefined);
    const sent = await mailer.enqueue('smtp-a', signInCode('busy@example.com', '646464'));
    await mailer.idle();
    for (const delay of RETRY_DELAYS_MS) {
      expect((await message(mailer, sent.id)).status).toBe('pending');
      clock.advance(delay);
      expect(await mailer.deliverDue()).toBe(1);
    }
    const failed = await message(mailer, sent.id);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 6,
      nextAttemptDateTime: null,
      text: null,
      html: null,
    });
    expect(failed.lastError).toContain('451');
    clock.advance(7 * 24 * 3600_000);
    expect(await mailer.deliverDue()).toBe(0);
    expect(smtp.tries('busy@example.com')).toBe(6);
    expect(smtp.deliveries(sent.id)).toEqual([]);
    expect(lines.join('\n')).toContain('giving up');
  });

  it('gives up at once on a permanent refusal (5xx)', async () => {
    const mailer = newMailer();
    smtp.answer = (to) => (to === 'gone@example.com' ? 550 : undefined);
    const sent = await mailer.enqueue('smtp-a', signInCode('gone@example.com', '919191'));
    await mailer.idle();
    const failed = await message(mailer, sent.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError).toContain('550');
    clock.advance(24 * 3600_000);
    expect(await mailer.deliverDue()).toBe(0);
    expect(smtp.tries('gone@example.com')).toBe(1);
  });

  it('retries a message whose sender stopped half-way, once its claim lapses', async () => {
    const mailer = newMailer();
    smtp.answer = (to) => (to === 'orphan@example.com' ? 451 : undefined);
    const sent = await mailer.enqueue('smtp-a', signInCode('orphan@example.com', '282828'));
    await mailer.idle();
    smtp.answer = () => undefined;
    clock.advance(30_000);
    // Another node claims it and dies before it reports back.
    const now = clock.now().getTime();
    const claimed = await messagingStore.claim(
      storage.db,
      sent.id,
      new Date(now).toISOString(),
      new Date(now + 10 * 60_000).toISOString(),
    );
    expect(claimed?.attempts).toBe(2);
    expect((await message(mailer, sent.id)).status).toBe('sending');
    expect(await mailer.deliverDue()).toBe(0);
    clock.advance(10 * 60_000);
    expect(await mailer.deliverDue()).toBe(1);
    expect(await message(mailer, sent.id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(smtp.deliveries(sent.id)).toHaveLength(1);
  });

  it('waits on close for a send under way', async () => {
    const mailer = newMailer();
    const sent = await mailer.enqueue('smtp-a', signInCode('closing@example.com', '363636'));
    await mailer.close();
    expect(smtp.deliveries(sent.id)).toHaveLength(1);
    expect((await message(mailer, sent.id)).status).toBe('sent');
    // Closed: what is enqueued now waits in the outbox for the next start.
    const later = await mailer.enqueue('smtp-a', signInCode('closing@example.com', '363637'));
    expect(await mailer.deliverDue()).toBe(0);
    expect((await message(mailer, later.id)).status).toBe('pending');
    const next = newMailer();
    expect(await next.deliverDue()).toBe(1);
    expect(smtp.deliveries(later.id)).toHaveLength(1);
  });

  it('stops waiting on close after its bound when the server hangs', async () => {
    const mailer = newMailer({ closeTimeoutMs: 50 });
    let release = () => {};
    smtp.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sent = await mailer.enqueue('smtp-a', signInCode('hung@example.com', '474747'));
    await mailer.close();
    expect(smtp.deliveries(sent.id)).toEqual([]);
    expect((await message(mailer, sent.id)).status).toBe('sending');
    // The send it left behind still ends, and reports back while its claim holds.
    release();
    await mailer.idle();
    expect(smtp.deliveries(sent.id)).toHaveLength(1);
    expect((await message(mailer, sent.id)).status).toBe('sent');
  });
});

describe.runIf(TEST_DATABASES.includes('postgres'))('two nodes on one PostgreSQL database', () => {
  const clock = new ManualClock(new Date('2026-05-04T10:00:00.000Z'));
  let database: TestDatabase;
  const storages: Storage[] = [];
  const mailers: Mailer[] = [];
  let smtp: MailServer;

  beforeAll(async () => {
    smtp = await startMailServer();
    database = await createTestDatabase('postgres');
    for (let node = 0; node < 2; node++) {
      const storage = openStorage(database.url);
      storages.push(storage);
      await migrateToLatest(storage.db);
      mailers.push(
        createMailer({
          db: storage.db,
          clock,
          logger: createLogger('silent'),
          smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
          defaultFrom: 'id@contoso.example',
        }),
      );
    }
    await insertTenantRow((storages[0] as Storage).db, 'race');
  });
  afterAll(async () => {
    for (const mailer of mailers) await mailer.close();
    await closeStorages(database, storages);
    await database?.drop();
    await smtp?.close();
  });

  it('sends each due message once when both nodes run the retry job at the same time', async () => {
    const [a, b] = mailers as [Mailer, Mailer];
    let open = false;
    smtp.answer = () => (open ? undefined : 451);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const node = i % 2 ? a : b;
      ids.push((await node.enqueue('race', signInCode(`race${i}@example.com`, `5000${i}`))).id);
    }
    await Promise.all([a.idle(), b.idle()]);
    expect(smtp.received).toEqual([]);

    open = true;
    clock.advance(30_000);
    const [byA, byB] = await Promise.all([a.deliverDue(), b.deliverDue()]);
    expect(byA + byB).toBe(20);
    for (const id of ids) expect(smtp.deliveries(id)).toHaveLength(1);
    expect(smtp.received).toHaveLength(20);
    const rows = (await a.listOutbox('race', { top: 999 })).items;
    expect(rows.map((m) => [m.status, m.attempts])).toEqual(Array(20).fill(['sent', 2]));
    expect(await a.deliverDue()).toBe(0);
    expect(await b.deliverDue()).toBe(0);
  });
});

describe('email through the server with SMTP configured', () => {
  let gh: TestGatehouse;
  let smtp: MailServer;
  const clock = new ManualClock(new Date('2026-05-04T10:00:00.000Z'));

  beforeAll(async () => {
    smtp = await startMailServer();
    gh = await startGatehouse(TEST_DATABASES[0] ?? 'sqlite', {
      clock,
      env: {
        GATEHOUSE_SMTP_URL: `smtp://relay:relay-secret@127.0.0.1:${smtp.port}`,
        GATEHOUSE_MAIL_FROM: 'Contoso ID <id@contoso.example>',
      },
    });
    expect((await gh.api('POST', '/api/v1/tenants', { id: 'smtp-a', displayName: 'SMTP' })).status).toBe(201);
  });
  afterAll(async () => {
    await gh?.stop();
    await smtp?.close();
  });

  it('hands the message to the SMTP server and shows its delivery in the outbox API', async () => {
    const { mailer } = gh.gatehouse;
    expect(mailer.delivery).toBe('smtp');
    const sent = await mailer.enqueue('smtp-a', {
      template: 'verificationCode',
      to: 'ada@example.com',
      lang: 'ja-JP',
      data: { code: '424242', minutes: 10, displayName: 'Ada' },
    });
    expect(sent.delivery).toBe('smtp');
    await mailer.idle();
    const [delivered] = smtp.deliveries(sent.id);
    expect(delivered?.user).toBe('relay');
    const parsed = await simpleParser(delivered?.raw ?? '');
    // Branded by default with the tenant's display name.
    expect(parsed.subject).toBe('【SMTP】メールアドレスの確認');
    expect(parsed.text).toContain('このメールはSMTPから自動送信されています。');
    expect(parsed.text).toContain('Ada 様');
    expect(parsed.text).toContain('424242');

    const outbox = await gh.api('GET', '/api/v1/tenants/smtp-a/outbox');
    expect(outbox.status).toBe(200);
    expect(outbox.body.value).toEqual([
      {
        id: sent.id,
        createdDateTime: clock.now().toISOString(),
        template: 'verificationCode',
        language: 'ja',
        from: 'Contoso ID <id@contoso.example>',
        to: 'ada@example.com',
        subject: '【SMTP】メールアドレスの確認',
        text: null,
        html: null,
        status: 'sent',
        attempts: 1,
        lastAttemptDateTime: clock.now().toISOString(),
        nextAttemptDateTime: null,
        lastError: null,
        sentDateTime: clock.now().toISOString(),
      },
    ]);
  });
});
