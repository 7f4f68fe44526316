import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createShutdown } from './shutdown.js';

function harness(close: () => Promise<void>) {
  const logs: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const exits: number[] = [];
  const watchdogs: number[] = [];
  const stop = createShutdown({
    close,
    logger,
    timeoutMs: 10_000,
    exit: (code) => void exits.push(code),
    watchdog: (ms) => void watchdogs.push(ms),
  });
  return { stop, logs, exits, watchdogs };
}

describe('bounded shutdown', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('closes, then exits 0; the watchdog is armed at the bound first', async () => {
    const close = vi.fn(async () => undefined);
    const h = harness(close);
    await h.stop('SIGTERM');
    expect(h.watchdogs).toEqual([10_000]);
    expect(close).toHaveBeenCalledTimes(1);
    expect(h.exits).toEqual([0]);
    expect(h.logs.map((l) => l.msg)).toEqual(['shutting down', 'stopped']);
  });

  it('exits 1 when closing has not finished 1.5 s before the bound, saying so', async () => {
    const h = harness(() => new Promise(() => undefined));
    const stopped = h.stop('SIGTERM');
    await vi.advanceTimersByTimeAsync(8_499);
    expect(h.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await stopped;
    expect(h.exits).toEqual([1]);
    expect(h.logs.some((l) => l.level === 50 && l.msg.includes('did not finish'))).toBe(true);
  });

  it('exits 1 when closing fails, with the error logged', async () => {
    const h = harness(async () => {
      throw new Error('redis went away');
    });
    await h.stop('SIGINT');
    expect(h.exits).toEqual([1]);
    expect(h.logs.find((l) => l.level === 50)?.err).toMatchObject({ message: 'redis went away' });
  });

  it('runs once, however many signals come', async () => {
    const close = vi.fn(async () => undefined);
    const h = harness(close);
    await Promise.all([h.stop('SIGTERM'), h.stop('SIGINT'), h.stop('SIGTERM')]);
    expect(close).toHaveBeenCalledTimes(1);
    expect(h.exits).toEqual([0]);
  });
});

/** Runs a module script with tsx in a child whose stdout is a pipe this test never reads. */
function runScript(source: string): Promise<{ code: number | null; signal: string | null; ms: number }> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  child.stdout.pause();
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, ms: Date.now() - started });
    }),
  );
}

describe('the process exits, whatever is stuck', () => {
  it('the watchdog kills a process whose main thread is blocked', async () => {
    const result = await runScript(`
      import { startWatchdog } from './src/platform/shutdown.ts';
      startWatchdog(1000);
      const until = Date.now() + 15_000;
      while (Date.now() < until) {}
      process.exit(0);
    `);
    expect(result.signal).toBe('SIGKILL');
    expect(result.ms).toBeLessThan(10_000);
  });

  it('the logger does not hold the exit when stdout is a pipe nobody reads', async () => {
    const result = await runScript(`
      import { createLogger } from './src/platform/logger.ts';
      const logger = createLogger('info');
      const filler = 'x'.repeat(1000);
      for (let i = 0; i < 2000; i++) logger.info({ filler }, 'line');
      setTimeout(() => process.exit(0), 200);
    `);
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.ms).toBeLessThan(10_000);
  });
});
