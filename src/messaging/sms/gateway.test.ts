import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOutbound, NO_OUTBOUND_ALLOWANCE, parseOutboundAllowance } from '../../platform/index.js';
import { createHttpSmsGateway, SmsGatewayError } from './gateway.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A local gateway that records what it receives and answers with `respond`. */
async function gatewayServer(respond: (req: IncomingMessage, res: ServerResponse) => void = okay) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(text),
      });
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function okay(_req: IncomingMessage, res: ServerResponse) {
  res.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}');
}

const message = { to: '+14255550100', text: '123456 is your code.', tenantId: 't1', messageId: 'm1' };

describe('HTTP SMS gateway', () => {
  let server: Awaited<ReturnType<typeof gatewayServer>> | undefined;
  // The local gateways are on loopback: the outbound policy must allow it.
  const allowed = createOutbound({ allow: parseOutboundAllowance('loopback') });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => allowed.close());

  it('POSTs the message as JSON with a bearer token', async () => {
    server = await gatewayServer();
    await createHttpSmsGateway({ fetch: allowed.fetch, url: server.url, token: 'tok-123' }).send(message);
    expect(server.received).toHaveLength(1);
    const [got] = server.received;
    expect(got?.method).toBe('POST');
    expect(got?.url).toBe('/send');
    expect(got?.headers.authorization).toBe('Bearer tok-123');
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.body).toEqual({ to: '+14255550100', text: '123456 is your code.', messageId: 'm1' });
  });

  it('uses Basic authentication with a username and password', async () => {
    server = await gatewayServer();
    await createHttpSmsGateway({
      fetch: allowed.fetch,
      url: server.url,
      username: 'acct',
      password: 's3cr:et',
    }).send(message);
    const auth = server.received[0]?.headers.authorization ?? '';
    expect(auth.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(auth.slice(6), 'base64').toString()).toBe('acct:s3cr:et');
  });

  it('fails on a non-2xx answer, quoting the status but never the text or the answer', async () => {
    server = await gatewayServer((_req, res) => res.writeHead(500).end('boom: 123456 is your code.'));
    const error = await createHttpSmsGateway({ fetch: allowed.fetch, url: server.url })
      .send(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsGatewayError);
    expect((error as SmsGatewayError).status).toBe(500);
    expect((error as Error).message).toBe('SMS gateway answered HTTP 500');
    expect((error as Error).message).not.toContain('123456');
  });

  it('fails when the gateway does not answer in time', async () => {
    server = await gatewayServer(() => {
      /* never answers */
    });
    const error = await createHttpSmsGateway({ fetch: allowed.fetch, url: server.url, timeoutMs: 200 })
      .send(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsGatewayError);
    expect((error as Error).message).toBe('SMS gateway did not answer within 200 ms');
  });

  it('fails when the gateway is unreachable', async () => {
    server = await gatewayServer();
    const { url } = server;
    await server.close();
    server = undefined;
    const error = await createHttpSmsGateway({ fetch: allowed.fetch, url })
      .send(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsGatewayError);
    expect((error as Error).message).toMatch(/^SMS gateway unreachable \(ECONNREFUSED\)$/);
  });

  it('refuses a redirect, so credentials never follow it to another host', async () => {
    server = await gatewayServer((_req, res) =>
      res.writeHead(307, { location: 'http://127.0.0.1:1/x' }).end(),
    );
    const error = await createHttpSmsGateway({ fetch: allowed.fetch, url: server.url, token: 'tok' })
      .send(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsGatewayError);
    expect(server.received).toHaveLength(1);
  });

  it('sends nothing to a gateway at an address the outbound policy does not allow', async () => {
    server = await gatewayServer();
    const strict = createOutbound({ allow: NO_OUTBOUND_ALLOWANCE });
    try {
      const error = await createHttpSmsGateway({ fetch: strict.fetch, url: server.url, token: 'tok' })
        .send(message)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SmsGatewayError);
      expect((error as Error).message).toBe(
        'SMS gateway not reached: the outbound policy refuses 127.0.0.1: a loopback address, not allowed by GATEHOUSE_OUTBOUND_ALLOW',
      );
      expect(server.received).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});
