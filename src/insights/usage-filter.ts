import { AppError } from '../platform/index.js';
import type { UsageDimension } from './usage-model.js';

/** The properties a usage list may be filtered on with `eq` (Graph's, per resource). */
export type UsageFilterProperty = UsageDimension;

export interface UsageFilter {
  /** Inclusive bounds on factDate (YYYY-MM-DD), when given. */
  from?: string;
  to?: string;
  equals: Partial<Record<UsageFilterProperty, string>>;
}

const CLAUSE = /^([A-Za-z]+)\s+(eq|ge|gt|le|lt)\s+(?:'((?:[^']|'')*)'|(\d{4}-\d{2}-\d{2}))$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const invalid = (message: string) => new AppError('unsupported_filter', 'invalid', message, '$filter');

function validDate(value: string): string {
  const date = new Date(`${value}T00:00:00.000Z`);
  if (!DATE.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw invalid(`'${value}' is not a date: write factDate as YYYY-MM-DD.`);
  return value;
}

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Parses the OData `$filter` the usage lists take: clauses joined by `and`, each
 * `factDate ge|gt|le|lt|eq YYYY-MM-DD` or `{property} eq '{value}'` for the properties the
 * resource has (`appid` is authentications' spelling of appId). Anything else is refused
 * with a message that says what is supported.
 */
export function parseUsageFilter(
  filter: string | undefined,
  properties: readonly UsageFilterProperty[],
): UsageFilter {
  const result: UsageFilter = { equals: {} };
  if (filter === undefined || filter.trim() === '') return result;
  const supported = `factDate ge|le|gt|lt|eq YYYY-MM-DD${properties.map((p) => `, ${p} eq '…'`).join('')}, joined by 'and'`;
  for (const clause of filter.trim().split(/\s+and\s+/i)) {
    const match = CLAUSE.exec(clause.trim());
    if (!match) throw invalid(`Cannot read '${clause.trim().slice(0, 100)}'. $filter supports ${supported}.`);
    const [, name = '', operator = '', quoted, bare] = match;
    const value = quoted !== undefined ? quoted.replaceAll("''", "'") : (bare ?? '');
    if (name === 'factDate') {
      const day = validDate(value);
      if (operator === 'ge' || operator === 'eq') result.from = max(result.from, day);
      if (operator === 'gt') result.from = max(result.from, shiftDay(day, 1));
      if (operator === 'le' || operator === 'eq') result.to = min(result.to, day);
      if (operator === 'lt') result.to = min(result.to, shiftDay(day, -1));
      continue;
    }
    const property = (name === 'appid' ? 'appId' : name) as UsageFilterProperty;
    if (!properties.includes(property) || operator !== 'eq' || quoted === undefined)
      throw invalid(`'${name} ${operator}' is not supported here. $filter supports ${supported}.`);
    if (value.length === 0 || value.length > 256)
      throw invalid(`The value of ${name} must be 1 to 256 characters.`);
    result.equals[property] = value;
  }
  return result;
}

const max = (a: string | undefined, b: string) => (a === undefined || b > a ? b : a);
const min = (a: string | undefined, b: string) => (a === undefined || b < a ? b : a);
