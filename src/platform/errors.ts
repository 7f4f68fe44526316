/**
 * The error kernel. Each domain declares its own catalogue of stable codes built on
 * `AppError`; the HTTP edges map an error's `kind` to a status (and to OAuth errors at the
 * protocol edge). Messages are safe to show to a caller: never a secret, never a stack.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'tooLarge'
  | 'unavailable';

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly target?: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;
