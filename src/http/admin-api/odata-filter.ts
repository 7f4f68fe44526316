import { AppError } from '../../platform/index.js';

const EQ = /^\s*([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one OData `$filter` form these lists support: `{property} eq '{guid}'`, the property one
 * of `properties`. Answers the property and the (lower-case) GUID, or undefined without a filter.
 * `appId` takes any client id (built-in apps have names, not GUIDs), with OData's `''` for a quote.
 */
export function guidEqFilter<P extends string>(
  filter: string | undefined,
  properties: readonly P[],
): { property: P; value: string } | undefined {
  if (filter === undefined) return undefined;
  const match = EQ.exec(filter);
  const property = match?.[1] as P | undefined;
  const value = (match?.[2] ?? '').replaceAll("''", "'");
  if (property === 'appId' && properties.includes(property) && value.length > 0 && value.length <= 256)
    return { property, value };
  if (!property || !properties.includes(property) || !GUID.test(value)) {
    throw new AppError(
      'unsupported_filter',
      'invalid',
      `$filter supports only ${properties.map((p) => `${p} eq '{id}'`).join(' or ')}.`,
      '$filter',
    );
  }
  return { property, value: value.toLowerCase() };
}
