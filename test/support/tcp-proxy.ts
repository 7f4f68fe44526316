import { createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL, Redis…) that a test can take down and bring
 * back on the same port, to simulate an outage or a restart without touching the real server:
 * - `down()`: stops listening (new connections are refused, as by a stopped server) and cuts
 *   every open connection (as a restart or a failover does);
 * - `up()`: listens again on the same port;
 * - `blackhole()`: accepts connections but forwards nothing (a server or network that hangs);
 * - `cut()`: cuts the open connections only and keeps listening.
 */
export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string;
  down(): Promise<void>;
  up(): Promise<void>;
  blackhole(): void;
  cut(): void;
  /** How many connections are open through the proxy now. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let mode: 'forward' | 'blackhole' = 'forward';
  let server: Server | undefined;
  let port = 0;

  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    // A cut connection errors on either side; the other side is closed with it.
    socket.on('error', () => socket.destroy());
  };

  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'blackhole') return;
    const upstream = new (client.constructor as typeof Socket)();
    track(upstream);
    upstream.connect(target.port, target.host);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer(onConnection);
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        const address = next.address();
        if (typeof address === 'object' && address) port = address.port;
        server = next;
        resolve();
      });
    });

  const cut = () => {
    for (const socket of open) socket.destroy();
  };

  const down = async () => {
    const closing = server;
    server = undefined;
    cut();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    rewrite(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    down,
    async up() {
      mode = 'forward';
      if (!server) await listen();
    },
    blackhole() {
      mode = 'blackhole';
      cut();
    },
    cut,
    get connections() {
      return open.size;
    },
    close: down,
  };
}
