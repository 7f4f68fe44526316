import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

interface Received {
  authorization: string | undefined;
  body: { to: string; text: string; messageId: string };
}

/** A local SMS gateway: records each message; refuses numbers ending in 99 with a 500. */
async function startGatewayServer() {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(text) as Received['body'];
      received.push({ authorization: req.headers.authorization, body });
      if (body.to.endsWith('99')) res.writeHead(500).end(`cannot deliver ${body.text}`);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"queued"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(TEST_DATABASES)('SMS through an HTTP gateway on %s', (kind) => {
  let gateway: Awaited<ReturnType<typeof startGatewayServer>>;
  let gh: TestGatehouse;

  beforeAll(async () => {
    gateway = await startGatewayServer();
    gh = await startGatehouse(kind, {
      env: {
        GATEHOUSE_SMS_GATEWAY_URL: gateway.url,
        GATEHOUSE_SMS_GATEWAY_TOKEN: 'gateway-token-1',
        GATEHOUSE_SMS_DAILY_CAP_PER_PHONE: '2',
      },
    });
    expect((await gh.api('POST', '/api/v1/tenants', { id: 'sms-a', displayName: 'SMS A' })).status).toBe(201);
  });
  afterAll(async () => {
    await gh?.stop();
    await gateway?.close();
  });

  it('sends a code through the gateway and lists it in the SMS outbox', async () => {
    const result = await gh.gatehouse.sms.sendCode('sms-a', {
      to: '+14255550100',
      lang: 'de-DE',
      code: '739204',
      minutes: 10,
      appName: 'Contoso Shop',
    });
    expect(result).toMatchObject({ ok: true, delivery: 'gateway' });
    const id = result.ok ? result.id : '';
    expect(gateway.received).toEqual([
      {
        authorization: 'Bearer gateway-token-1',
        body: {
          to: '+14255550100',
          text: '739204 ist Ihr Bestätigungscode für Contoso Shop. Er läuft in 10 Minuten ab.',
          messageId: id,
        },
      },
    ]);

    const listed = await gh.api('GET', '/api/v1/tenants/sms-a/smsOutbox');
    expect(listed.status).toBe(200);
    expect(listed.body.value).toEqual([
      {
        id,
        createdDateTime: expect.any(String),
        to: '+14255550100',
        language: 'de',
        // The code does not stay at rest once the gateway has the message.
        text: null,
        delivery: 'gateway',
        status: 'sent',
        lastError: null,
        sentDateTime: expect.any(String),
      },
    ]);
  });

  it('marks a message failed when the gateway answers 500, and the error quotes no code', async () => {
    const result = await gh.gatehouse.sms.sendCode('sms-a', {
      to: '+14255550199',
      lang: 'en',
      code: '551177',
      minutes: 5,
    });
    expect(result).toMatchObject({ ok: false, reason: 'delivery_failed' });
    const failed = await gh.api('GET', '/api/v1/tenants/sms-a/smsOutbox?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.value).toHaveLength(1);
    expect(failed.body.value[0]).toMatchObject({
      to: '+14255550199',
      status: 'failed',
      lastError: 'SMS gateway answered HTTP 500',
      text: null,
    });
    expect(JSON.stringify(failed.body)).not.toContain('551177');
  });

  it('refuses a third code to the same number in a day (GATEHOUSE_SMS_DAILY_CAP_PER_PHONE)', async () => {
    const before = gateway.received.length;
    const send = () =>
      gh.gatehouse.sms.sendCode('sms-a', { to: '+447700900123', lang: 'en', code: '1234', minutes: 5 });
    expect((await send()).ok).toBe(true);
    expect((await send()).ok).toBe(true);
    expect(await send()).toEqual({ ok: false, reason: 'cap_reached' });
    expect(gateway.received.length).toBe(before + 2);
  });

  it('pages the SMS outbox, filters by status and guards it like the rest of the admin API', async () => {
    const first = await gh.api('GET', '/api/v1/tenants/sms-a/smsOutbox?$top=2');
    expect(first.body.value).toHaveLength(2);
    const next = new URL(first.body['@odata.nextLink']);
    const second = await gh.api('GET', `${next.pathname}${next.search}`);
    expect(second.status).toBe(200);
    expect(second.body.value).toHaveLength(2);
    const ids = [...first.body.value, ...second.body.value].map((m: { id: string }) => m.id);
    expect(new Set(ids).size).toBe(4);
    expect(second.body['@odata.nextLink']).toBeUndefined();

    expect((await gh.api('GET', '/api/v1/tenants/sms-a/smsOutbox?status=sent')).body.value).toHaveLength(3);
    expect((await gh.api('GET', '/api/v1/tenants/sms-a/smsOutbox?status=bogus')).status).toBe(400);
    expect((await gh.api('GET', '/api/v1/tenants/nope/smsOutbox')).status).toBe(404);
    expect((await gh.api('GET', '/api/v1/tenants/sms-a/smsOutbox', undefined, null)).status).toBe(401);
  });
});

describe.each(TEST_DATABASES)('SMS dev outbox on %s', (kind) => {
  let gh: TestGatehouse;
  beforeAll(async () => {
    gh = await startGatehouse(kind);
    expect((await gh.api('POST', '/api/v1/tenants', { id: 'sms-dev', displayName: 'Dev' })).status).toBe(201);
  });
  afterAll(async () => {
    await gh?.stop();
  });

  it('keeps the text in the outbox, readable through the admin API, when no gateway is configured', async () => {
    const result = await gh.gatehouse.sms.sendCode('sms-dev', {
      to: '+81312345678',
      lang: 'ja',
      code: '204816',
      minutes: 10,
    });
    expect(result).toMatchObject({ ok: true, delivery: 'outbox' });
    const listed = await gh.api('GET', '/api/v1/tenants/sms-dev/smsOutbox');
    expect(listed.body.value).toHaveLength(1);
    expect(listed.body.value[0]).toMatchObject({
      to: '+81312345678',
      status: 'stored',
      delivery: 'outbox',
      text: '204816 は認証コードです。有効期限は10分です。',
    });
  });
});

describe('SMS gateway settings', () => {
  const base = { GATEHOUSE_DATA_DIR: '/tmp/gatehouse-sms-config' };
  const load = (env: Record<string, string>) => () => loadConfig({ ...base, ...env });

  it('accepts https, and http only to this machine', () => {
    expect(load({ GATEHOUSE_SMS_GATEWAY_URL: 'https://sms.example.com/send' })().smsGatewayUrl).toBe(
      'https://sms.example.com/send',
    );
    expect(load({ GATEHOUSE_SMS_GATEWAY_URL: 'http://localhost:9000/send' })().smsGatewayUrl).toBeDefined();
    expect(load({ GATEHOUSE_SMS_GATEWAY_URL: 'http://[::1]:9000/send' })().smsGatewayUrl).toBeDefined();
    expect(load({ GATEHOUSE_SMS_GATEWAY_URL: 'http://sms.example.com/send' })).toThrow(
      /GATEHOUSE_SMS_GATEWAY_URL: must be an https:\/\/ URL/,
    );
    expect(load({ GATEHOUSE_SMS_GATEWAY_URL: 'https://user:pw@sms.example.com/' })).toThrow(
      /GATEHOUSE_SMS_GATEWAY_URL/,
    );
  });

  it('has daily caps of 10 per phone and 1000 per tenant unless set', () => {
    const config = load({})();
    expect([config.smsDailyCapPerPhone, config.smsDailyCapPerTenant]).toEqual([10, 1000]);
    expect(load({ GATEHOUSE_SMS_DAILY_CAP_PER_PHONE: '0' })).toThrow(/GATEHOUSE_SMS_DAILY_CAP_PER_PHONE/);
    expect(load({ GATEHOUSE_SMS_DAILY_CAP_PER_TENANT: 'many' })).toThrow(
      /GATEHOUSE_SMS_DAILY_CAP_PER_TENANT/,
    );
  });

  it('takes one kind of credentials, and only with a gateway', () => {
    const url = { GATEHOUSE_SMS_GATEWAY_URL: 'https://sms.example.com/send' };
    expect(load({ ...url, GATEHOUSE_SMS_GATEWAY_TOKEN: 't', GATEHOUSE_SMS_GATEWAY_USERNAME: 'u' })).toThrow(
      /GATEHOUSE_SMS_GATEWAY_TOKEN: set either/,
    );
    expect(load({ ...url, GATEHOUSE_SMS_GATEWAY_PASSWORD: 'p' })).toThrow(/GATEHOUSE_SMS_GATEWAY_PASSWORD/);
    expect(load({ GATEHOUSE_SMS_GATEWAY_TOKEN: 't' })).toThrow(/GATEHOUSE_SMS_GATEWAY_URL: must be set/);
    expect(
      load({ ...url, GATEHOUSE_SMS_GATEWAY_USERNAME: 'u', GATEHOUSE_SMS_GATEWAY_PASSWORD: 'p' })(),
    ).toMatchObject({ smsGatewayUsername: 'u', smsGatewayPassword: 'p' });
  });
});
