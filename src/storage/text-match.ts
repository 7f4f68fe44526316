import { type RawBuilder, sql } from 'kysely';

/** Escapes LIKE wildcards so user input matches literally (used with `escape '\'`). */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Whether a JSON text column has one of `keys` set to `value`, case-insensitively, at any depth
 * (the audit trail's initiator and targets: an id, a UPN, an appId or a display name). The
 * column was written by JSON.stringify, so `"key":"value"` is exactly what it holds.
 */
export function jsonHasValue(column: string, keys: readonly string[], value: string): RawBuilder<boolean> {
  const patterns = keys.map(
    (key) =>
      sql`lower(${sql.ref(column)}) like ${`%${escapeLike(`${JSON.stringify(key)}:${JSON.stringify(value)}`.toLowerCase())}%`} escape '\\'`,
  );
  return sql<boolean>`(${sql.join(patterns, sql` or `)})`;
}
