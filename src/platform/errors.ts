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
  /** Too many requests of a kind in a window (429): try again later. */
  | 'tooMany'
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

/**
 * A resource others still use cannot be deleted: a conflict naming each user of it ("is used by
 * the policy 'A'" / "the policies 'A', 'B'"), one detail each.
 */
export function inUseError(
  code: string,
  resource: string,
  users: { id: string; displayName: string }[],
  by: { one: string; many: string; detailCode: string },
): AppError {
  const single = users.length === 1;
  return new AppError(
    code,
    'conflict',
    `${resource} is used by ${single ? by.one : by.many} ${users
      .map((u) => `'${u.displayName}'`)
      .join(', ')}; take it out of ${single ? 'it' : 'them'} first.`,
    'id',
    users.map((u) => ({ code: by.detailCode, message: `Used by '${u.displayName}'.`, target: u.id })),
  );
}
