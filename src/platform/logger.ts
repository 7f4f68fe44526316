import { fstatSync } from 'node:fs';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** Log bytes held for a stdout that does not keep up; past it new lines are dropped (and counted). */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** The longest the exit may spend writing out what stdout has not taken yet. */
export const EXIT_FLUSH_MS = 500;

/** JSON logs; secrets never reach them (the redact list is a last line of defence). */
export function createLogger(level: string, destination: DestinationStream = stdoutDestination()): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          '*.password',
          '*.secretText',
          '*.client_secret',
          '*.authorization',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/**
 * Standard output for the logs that never makes the process wait for whoever reads it.
 *
 * pino writes asynchronously and, at exit, flushes what is left synchronously. With stdout a
 * pipe whose reader has stopped reading (the parent is gone or stuck), that flush retried
 * EAGAIN forever and the process never exited. Here:
 * - a pipe or socket on stdout is put in non-blocking mode (libuv does it when Node opens
 *   `process.stdout`), so no write can block a thread until someone reads;
 * - asynchronous writes stdout refuses are retried later, while at most `MAX_BUFFERED_BYTES`
 *   wait; lines beyond are dropped, and how many is logged once stdout takes lines again;
 * - the synchronous flush at exit gives up after `EXIT_FLUSH_MS`: what stdout did not take by
 *   then is lost, and the process exits.
 */
export function stdoutDestination(exitFlushMs = EXIT_FLUSH_MS): DestinationStream {
  if (isPipeOrSocket(1)) void process.stdout;
  let deadline = Number.POSITIVE_INFINITY;
  const stream = pino.destination({
    dest: 1,
    sync: false,
    minLength: 0,
    maxLength: MAX_BUFFERED_BYTES,
    retryEAGAIN: () => Date.now() < deadline,
  });
  const flushSync = stream.flushSync.bind(stream);
  stream.flushSync = () => {
    deadline = Date.now() + exitFlushMs;
    try {
      flushSync();
    } catch {
      // stdout took nothing more within the bound: the rest is dropped.
    } finally {
      deadline = Number.POSITIVE_INFINITY;
    }
  };

  let dropped = 0;
  stream.on('drop', () => {
    dropped++;
  });
  stream.on('drain', () => {
    if (dropped === 0) return;
    const line = { level: 40, time: Date.now(), dropped, msg: 'log lines dropped: stdout was not read' };
    dropped = 0;
    stream.write(`${JSON.stringify(line)}\n`);
  });
  return stream;
}

function isPipeOrSocket(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}
