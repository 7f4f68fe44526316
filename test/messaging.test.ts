import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/messaging/index.js';
import { createLogger, ManualClock } from '../src/platform/index.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

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
      const sent = await gh.gatehouse.mailer.send('mail-a', {
        to: `user${i}@example.com`,
        subject: `Code ${i}`,
        text: `Your code is 10000${i}`,
        ...(i === 0 && { html: '<p>Your code is <b>100000</b></p>' }),
      });
      expect(sent.delivery).toBe('outbox');
      ids.push(sent.id);
    }
    await gh.gatehouse.mailer.send('mail-b', { to: 'other@example.com', subject: 'Other', text: 'other' });
  });
  afterAll(() => gh?.stop());

  it('lists the outbox newest first, with the body', async () => {
    const response = await gh.api('GET', base);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.value.map((m: { id: string }) => m.id)).toEqual([...ids].reverse());
    expect(response.body['@odata.nextLink']).toBeUndefined();
    expect(response.body.value[2]).toEqual({
      id: ids[0],
      createdDateTime: new Date(start).toISOString(),
      from: 'Gatehouse <no-reply@localhost>',
      to: 'user0@example.com',
      subject: 'Code 0',
      text: 'Your code is 100000',
      html: '<p>Your code is <b>100000</b></p>',
    });
    expect(response.body.value[0].html).toBeNull();
  });

  it('pages with $top and the nextLink', async () => {
    const first = await gh.api('GET', `${base}?$top=2`);
    expect(first.body.value.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
    const next = new URL(first.body['@odata.nextLink']);
    expect(next.pathname).toBe(base);
    const second = await gh.api('GET', `${next.pathname}${next.search}`);
    expect(second.status).toBe(200);
    expect(second.body.value.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
    expect(second.body['@odata.nextLink']).toBeUndefined();
    expect((await gh.api('GET', `${base}?$skiptoken=garbage`)).status).toBe(400);
  });

  it('keeps each tenant to its own messages and answers 404 for an unknown tenant', async () => {
    const other = await gh.api('GET', '/api/v1/tenants/mail-b/outbox');
    expect(other.body.value.map((m: { to: string }) => m.to)).toEqual(['other@example.com']);
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
    await gh.gatehouse.mailer.send('mail-b', { to: 'ada@example.com', subject: 'Hi', text: 'hi' });
    const latest = (await gh.api('GET', '/api/v1/tenants/mail-b/outbox?$top=1')).body.value[0];
    expect(latest).toMatchObject({ to: 'ada@example.com', from: 'Contoso <id@contoso.example>' });
    expect((await gh.api('PATCH', url, { fromAddress: null })).body).toEqual({ fromAddress: null });
  });
});

interface Received {
  envelope: { from: string; to: string[] };
  user?: string;
  raw: string;
}

describe('email through SMTP', () => {
  let gh: TestGatehouse;
  let smtp: SMTPServer;
  const received: Received[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'relay' && auth.password === 'relay-secret')
          return callback(null, { user: 'relay' });
        return callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            user: session.user as string | undefined,
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    gh = await startGatehouse(TEST_DATABASES[0] ?? 'sqlite', {
      env: {
        GATEHOUSE_SMTP_URL: `smtp://relay:relay-secret@127.0.0.1:${port}`,
        GATEHOUSE_MAIL_FROM: 'Contoso ID <id@contoso.example>',
      },
    });
    expect((await gh.api('POST', '/api/v1/tenants', { id: 'smtp-a', displayName: 'SMTP' })).status).toBe(201);
  });
  afterAll(async () => {
    await gh?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('hands the message to the SMTP server, authenticated, and keeps nothing in the outbox', async () => {
    const sent = await gh.gatehouse.mailer.send('smtp-a', {
      to: 'ada@example.com',
      subject: 'Your code',
      text: 'Your code is 424242',
      html: '<p>Your code is <b>424242</b></p>',
    });
    expect(sent.delivery).toBe('smtp');
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message?.user).toBe('relay');
    expect(message?.envelope).toEqual({ from: 'id@contoso.example', to: ['ada@example.com'] });
    const parsed = await simpleParser(message?.raw ?? '');
    expect(parsed.from?.value).toEqual([{ name: 'Contoso ID', address: 'id@contoso.example' }]);
    expect(parsed.subject).toBe('Your code');
    expect(parsed.text?.trim()).toBe('Your code is 424242');
    expect(parsed.html).toContain('<b>424242</b>');
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value.map((a) => a.address)).toEqual(['ada@example.com']);

    const outbox = await gh.api('GET', '/api/v1/tenants/smtp-a/outbox');
    expect(outbox.status).toBe(200);
    expect(outbox.body.value).toEqual([]);
  });

  it('answers mail_delivery_failed when the server refuses, and stores nothing', async () => {
    const { port } = smtp.server.address() as AddressInfo;
    const mailer = createMailer({
      db: gh.gatehouse.storage.db,
      clock: new ManualClock(),
      logger: createLogger('silent'),
      smtpUrl: `smtp://relay:wrong@127.0.0.1:${port}`,
      defaultFrom: 'id@contoso.example',
    });
    await expect(
      mailer.send('smtp-a', { to: 'ada@example.com', subject: 'Nope', text: 'secret 1' }),
    ).rejects.toMatchObject({ code: 'mail_delivery_failed', kind: 'unavailable' });
    await mailer.close();
    expect(received).toHaveLength(1);
  });
});
