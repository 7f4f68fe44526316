import { isSafeText } from './identifiers.js';
import {
  type CustomAttributeDataType,
  type CustomAttributeValue,
  MAX_ATTRIBUTE_VALUE_LENGTH,
} from './model.js';

/**
 * Custom attribute values as stored (text, on SQLite and PostgreSQL alike) and as read back,
 * typed by the attribute's dataType.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;

/** `YYYY-MM-DD` naming a real day (no 31 April, 29 February only in leap years). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** What a value of each type must be, for error messages. */
export const EXPECTED: Record<CustomAttributeDataType, string> = {
  string: `text of 1-${MAX_ATTRIBUTE_VALUE_LENGTH} characters without control characters`,
  boolean: 'true or false',
  int: 'a whole number between -(2^53-1) and 2^53-1',
  dateTime: 'an ISO 8601 date (2024-05-31) or date-time with an offset (2024-05-31T09:30:00Z)',
};

/**
 * The stored text of a value, or undefined when the value does not fit the type. Strings are
 * trimmed and a list becomes its items joined by ','; a date stays a date, a date-time is
 * kept in UTC.
 */
export function encodeValue(dataType: CustomAttributeDataType, value: unknown): string | undefined {
  switch (dataType) {
    case 'string': {
      const text = Array.isArray(value)
        ? value.every((v) => typeof v === 'string')
          ? value.map((v: string) => v.trim()).join(',')
          : undefined
        : typeof value === 'string'
          ? value.trim()
          : undefined;
      if (text === undefined || text.length === 0 || text.length > MAX_ATTRIBUTE_VALUE_LENGTH)
        return undefined;
      return isSafeText(text) ? text : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : undefined;
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
    case 'dateTime': {
      if (typeof value !== 'string') return undefined;
      const text = value.trim();
      if (isCalendarDate(text)) return text;
      const match = DATE_TIME.exec(text);
      if (!match || !isCalendarDate(match[1] as string)) return undefined;
      const time = Date.parse(text);
      return Number.isNaN(time) ? undefined : new Date(time).toISOString();
    }
  }
}

/** The typed value of stored text. */
export function decodeValue(dataType: CustomAttributeDataType, text: string): CustomAttributeValue {
  switch (dataType) {
    case 'boolean':
      return text === 'true';
    case 'int':
      return Number(text);
    default:
      return text;
  }
}
