import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './gatehouse.js';

const REDIS_SERVER = process.env.GATEHOUSE_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';

/**
 * A Redis of the test's own, on a spare loopback port, that the test may stop and start again
 * to stage an outage (the machine's shared Redis is never touched). Nothing is persisted: a
 * restart comes back empty, as a crashed cache would.
 */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  readonly running: boolean;
  /** Kills the server (SIGKILL: no goodbye to clients) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers — a hung Redis. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
  /** Stops it if it runs; for afterAll. */
  close(): Promise<void>;
}

/** Resolves when a PING on the port gets PONG within `withinMs`; rejects otherwise. */
async function waitForPong(port: number, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('error', () => done(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    });
    if (answered) return;
    if (Date.now() > deadline)
      throw new Error(`redis-server on port ${port} did not answer within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    if (child) return;
    const spawned = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    child = spawned;
    exited = new Promise((resolve) => spawned.once('exit', () => resolve()));
    spawned.once('exit', () => {
      if (child === spawned) child = undefined;
    });
    try {
      await waitForPong(port, 5000);
    } catch (error) {
      await stop();
      throw error;
    }
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running) return;
    running.kill('SIGCONT');
    running.kill('SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    child = undefined;
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return child !== undefined;
    },
    stop,
    start,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    close: stop,
  };
}
