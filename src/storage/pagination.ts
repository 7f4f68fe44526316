import { type SelectQueryBuilder, sql } from 'kysely';
import { AppError } from '../platform/index.js';

/**
 * Keyset pagination over (created_at, id): a stable order that survives inserts. The cursor
 * is opaque to callers (it travels in `$skiptoken` inside the `@odata.nextLink`).
 */
export interface Cursor {
  createdAt: string;
  id: string;
}

export interface Page<T> {
  items: T[];
  next?: string;
}

export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');

export function decodeCursor(token: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through
  }
  throw new AppError('invalid_skiptoken', 'invalid', 'The $skiptoken is not valid.', '$skiptoken');
}

/** The keyset condition "after this cursor", for a query ordered by (created_at, id). */
export const afterCursor = (cursor: Cursor) =>
  sql<boolean>`(created_at, id) > (${cursor.createdAt}, ${cursor.id})`;

/** The keyset condition "before this cursor", for a query ordered by (created_at, id) descending. */
export const beforeCursor = (cursor: Cursor) =>
  sql<boolean>`(created_at, id) < (${cursor.createdAt}, ${cursor.id})`;

/** Turns `limit + 1` rows fetched in order into a page and the cursor of the next one. */
export function toPage<R extends { created_at: string; id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    next: rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : undefined,
  };
}

/**
 * Runs a list query as one page in the stable (created_at, id) order, oldest first or (for
 * logs) newest first: the caller filters, this orders, applies the cursor and the limit, and
 * maps the rows.
 */
export async function fetchPage<DB, TB extends keyof DB, R extends { created_at: string; id: string }, T>(
  query: SelectQueryBuilder<DB, TB, R>,
  limit: number,
  cursor: Cursor | undefined,
  map: (row: R) => T,
  order: 'asc' | 'desc' = 'asc',
): Promise<Page<T>> {
  let page = query
    .orderBy(sql`created_at`, order)
    .orderBy(sql`id`, order)
    .limit(limit + 1);
  if (cursor) page = page.where(order === 'asc' ? afterCursor(cursor) : beforeCursor(cursor));
  return toPage(await page.execute(), limit, map);
}

/** How many rows a query's conditions match (a list's `$count`): the database counts them. */
export async function countRows<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const row = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number((row as { n: number | string }).n);
}
