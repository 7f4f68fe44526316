import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installLastResort } from './last-resort.js';

function setUp(options: { maxErrors?: number; windowMs?: number } = {}) {
  const target = new EventEmitter();
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const stops: string[] = [];
  let time = 0;
  const logger = {
    error: (fields: Record<string, unknown>, message: string) =>
      lines.push({ level: 'error', fields, message }),
    fatal: (fields: Record<string, unknown>, message: string) =>
      lines.push({ level: 'fatal', fields, message }),
  };
  const uninstall = installLastResort({
    logger: logger as never,
    target,
    now: () => time,
    stop: (reason) => stops.push(reason),
    ...options,
  });
  return { target, lines, stops, uninstall, advance: (ms: number) => (time += ms) };
}

describe('the last-resort handler', () => {
  it('logs an uncaught exception and an unhandled rejection, and keeps the process', () => {
    const { target, lines, stops } = setUp();
    const error = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    target.emit('uncaughtException', error, 'uncaughtException');
    target.emit('unhandledRejection', 'a plain string');
    expect(lines).toEqual([
      {
        level: 'error',
        fields: { err: error, kind: 'uncaughtException', origin: 'uncaughtException' },
        message: 'uncaught exception',
      },
      {
        level: 'error',
        fields: {
          err: expect.objectContaining({ message: 'non-error value thrown: a plain string' }),
          kind: 'unhandledRejection',
          origin: undefined,
        },
        message: 'unhandled rejection',
      },
    ]);
    expect(stops).toEqual([]);
  });

  it('stops the process once when uncaught errors keep coming, not when they are spread out', () => {
    const { target, stops, lines, advance } = setUp({ maxErrors: 3, windowMs: 1000 });
    for (let i = 0; i < 6; i++) {
      target.emit('uncaughtException', new Error('spread'));
      advance(400);
    }
    expect(stops).toEqual([]);
    for (let i = 0; i < 6; i++) target.emit('unhandledRejection', new Error('burst'));
    expect(stops).toEqual(['4 uncaught errors within 1 s']);
    expect(lines.filter((l) => l.level === 'fatal')).toHaveLength(1);
  });

  it("stops the process on Node's internal errors", () => {
    const { target, stops } = setUp();
    target.emit('uncaughtException', Object.assign(new Error('bug'), { code: 'ERR_INTERNAL_ASSERTION' }));
    expect(stops).toEqual(['Node reported an internal error (ERR_INTERNAL_ASSERTION)']);
  });

  it('is removed by the function it returns', () => {
    const { target, lines, uninstall } = setUp();
    uninstall();
    expect(target.listenerCount('uncaughtException')).toBe(0);
    expect(target.listenerCount('unhandledRejection')).toBe(0);
    expect(lines).toEqual([]);
  });

  it('keeps a real process alive after an unheard EventEmitter error, logging it as JSON', async () => {
    const script = `
      import { pino } from 'pino';
      import { EventEmitter } from 'node:events';
      import { installLastResort } from './src/platform/last-resort.ts';
      installLastResort({ logger: pino({ base: undefined }) });
      setTimeout(() => new EventEmitter().emit('error', new Error('idle client gone')), 10);
      setTimeout(() => { console.log('still here'); process.exit(0); }, 200);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    const logged = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    expect(logged).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'uncaught exception',
        kind: 'uncaughtException',
        err: expect.objectContaining({ message: 'idle client gone' }),
      }),
    ]);
    expect(output).toContain('still here');
  });
});
