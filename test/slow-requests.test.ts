import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';

/** The configured limits of this suite, in seconds (short, so the suite stays quick). */
const REQUEST_TIMEOUT = 2;
const HEADERS_TIMEOUT = 1;
const KEEP_ALIVE_TIMEOUT = 1;
/** How long past a limit the server may take to notice (its check runs every second at most). */
const NOTICE_MS = 1500;
/** A client that is never cut gives up here. */
const GIVE_UP_MS = 8000;

interface Outcome {
  /** Whether the server closed the connection before the client gave up. */
  closed: boolean;
  /** Milliseconds from the first byte sent (or from `startClockAt`) to the close. */
  ms: number;
  /** Everything the server wrote. */
  received: string;
}

/**
 * A raw client: sends `head` at once, then `trickle` one byte every 250 ms (a slowloris), and
 * reports when the server closes the connection, if it does.
 */
function slowClient(
  port: number,
  head: string,
  trickle: string,
  options: { startClockAt?: (received: string) => boolean } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let started = Date.now();
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => finish(false), GIVE_UP_MS);
    function finish(closed: boolean) {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closed, ms: Date.now() - started, received });
    }
    socket.on('connect', () => {
      started = Date.now();
      socket.write(head);
      timer = setInterval(() => {
        if (sent < trickle.length && socket.writable) socket.write(trickle[sent++] as string);
      }, 250);
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (options.startClockAt?.(received)) started = Date.now();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
  });
}

function postHead(path: string, contentType: string, length: number, extra: string[] = []): string {
  return [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    `Content-Type: ${contentType}`,
    `Content-Length: ${length}`,
    ...extra,
    '',
    '',
  ].join('\r\n');
}

describe.each(TEST_DATABASES)('slow clients are cut off on %s', (kind) => {
  let gh: TestGatehouse;
  let port: number;
  let adminToken: string;

  beforeAll(async () => {
    gh = await startGatehouse(kind, {
      env: {
        GATEHOUSE_REQUEST_TIMEOUT: String(REQUEST_TIMEOUT),
        GATEHOUSE_HEADERS_TIMEOUT: String(HEADERS_TIMEOUT),
        GATEHOUSE_KEEP_ALIVE_TIMEOUT: String(KEEP_ALIVE_TIMEOUT),
      },
    });
    port = Number(new URL(gh.baseUrl).port);
    adminToken = await gh.adminToken();
  });
  afterAll(async () => {
    await gh?.stop();
  });

  const withinRequestTimeout = (outcome: Outcome) => {
    expect(outcome.closed).toBe(true);
    expect(outcome.ms).toBeLessThan(REQUEST_TIMEOUT * 1000 + NOTICE_MS);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
    // The answer is the admin API's error shape, not a framework's.
    expect(JSON.parse(outcome.received.split('\r\n\r\n')[1] ?? '')).toEqual({
      error: { code: 'request_timeout', message: expect.any(String) },
    });
  };

  it('answers 408 and closes a body trickled to the token endpoint (oidc-provider)', async () => {
    const body = 'grant_type=client_credentials&scope=openid&padding='.padEnd(400, 'x');
    const outcome = await slowClient(
      port,
      postHead('/t/demo/oauth2/token', 'application/x-www-form-urlencoded', body.length),
      body,
    );
    withinRequestTimeout(outcome);
  });

  it('answers 408 and closes a body trickled to a hosted form', async () => {
    const body = 'login=someone%40example.com&password='.padEnd(400, 'x');
    const outcome = await slowClient(
      port,
      postHead(
        '/t/demo/u/interaction/abcdefghijklmnop/login',
        'application/x-www-form-urlencoded',
        body.length,
      ),
      body,
    );
    withinRequestTimeout(outcome);
  });

  it('answers 408 and closes a body trickled to the admin API', async () => {
    const body = JSON.stringify({ displayName: 'x'.repeat(400) });
    const outcome = await slowClient(
      port,
      postHead('/api/v1/tenants/demo/users', 'application/json', body.length, [
        `Authorization: Bearer ${adminToken}`,
      ]),
      body,
    );
    withinRequestTimeout(outcome);
  });

  it('closes a connection whose headers trickle in', async () => {
    const outcome = await slowClient(port, 'GET /healthz HTTP/1.1\r\n', 'X-Slow: '.padEnd(200, 'y'));
    expect(outcome.closed).toBe(true);
    expect(outcome.ms).toBeLessThan(HEADERS_TIMEOUT * 1000 + NOTICE_MS);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection that sends nothing', async () => {
    const outcome = await slowClient(port, '', '');
    expect(outcome.closed).toBe(true);
    expect(outcome.ms).toBeLessThan(HEADERS_TIMEOUT * 1000 + NOTICE_MS);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const outcome = await slowClient(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '', {
      // From the end of the answer: how long the connection then stays open, idle.
      startClockAt: (received) => received.includes('{"status":"ok"}'),
    });
    expect(outcome.received).toMatch(/^HTTP\/1\.1 200 /);
    expect(outcome.received).toMatch(/keep-alive: timeout=1/i);
    expect(outcome.closed).toBe(true);
    expect(outcome.ms).toBeLessThan(KEEP_ALIVE_TIMEOUT * 1000 + NOTICE_MS);
  });

  it('still serves a request that arrives in time', async () => {
    const response = await fetch(`${gh.baseUrl}/t/demo/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
  });
});
