import { LANGUAGE } from '../strings';

const dateTime = new Intl.DateTimeFormat(LANGUAGE, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(LANGUAGE, { dateStyle: 'medium' });
const number = new Intl.NumberFormat(LANGUAGE);

/** A date-time the way the console shows it (the browser's time zone). */
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatDate = (iso: string): string => date.format(new Date(iso));
export const formatNumber = (value: number): string => number.format(value);

/** `YYYY-MM-DD` of a date in the browser's time zone (the value of an `<input type="date">`). */
export function isoDay(value: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** The ISO date-time of the start of a `YYYY-MM-DD` day in the browser's time zone. */
export const startOfDay = (day: string): string => new Date(`${day}T00:00:00`).toISOString();
/** The ISO date-time of the start of the day after `day`: an exclusive `to` bound. */
export function endOfDay(day: string): string {
  const next = new Date(`${day}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
}
