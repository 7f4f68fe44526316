import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A phone number in E.164 (`+14255550100`), or undefined when it is not a valid number.
 * A number without a country code is read as one of `defaultCountry` (ISO 3166 alpha-2).
 */
export function toE164(input: string, defaultCountry?: string): string | undefined {
  if (input.length > 64) return undefined;
  const country = defaultCountry?.toUpperCase();
  if (country !== undefined && !isSupportedCountry(country)) return undefined;
  const parsed = parsePhoneNumberFromString(input.trim(), country as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** The number with all but its last two digits hidden, for pages that name where a code went. */
export function maskPhoneNumber(e164: string): string {
  return e164.length <= 5 ? e164 : `${e164.slice(0, 3)}${'•'.repeat(e164.length - 5)}${e164.slice(-2)}`;
}
