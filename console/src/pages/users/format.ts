import { LANGUAGE } from '../../strings';

const dateTime = new Intl.DateTimeFormat(LANGUAGE, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(LANGUAGE, { dateStyle: 'medium' });

/** A date-time the way the console shows it (the browser's time zone). */
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatDate = (iso: string): string => date.format(new Date(iso));
