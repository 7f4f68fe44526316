import { type Logger, pino } from 'pino';

export type { Logger };

/** JSON logs; secrets never reach them (the redact list is a last line of defence). */
export function createLogger(level: string): Logger {
  return pino({
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
  });
}
