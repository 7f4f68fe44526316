import { MAIL_LANGUAGES, type MailLanguage } from '../model.js';

export type SmsLanguage = MailLanguage;
export const SMS_LANGUAGES = MAIL_LANGUAGES;

/** App names longer than this are cut, so a Latin-script text stays within one 160-character SMS. */
export const MAX_SMS_APP_NAME = 30;

export interface SmsCodeVars {
  code: string;
  minutes: number;
  appName?: string;
}

export interface RenderedSms {
  text: string;
  /** The language rendered, after fallback. */
  lang: SmsLanguage;
}

const arabicRules = new Intl.PluralRules('ar');
function arabicMinutes(n: number): string {
  switch (arabicRules.select(n)) {
    case 'one':
      return 'دقيقة واحدة';
    case 'two':
      return 'دقيقتين';
    case 'few':
      return `${n} دقائق`;
    default:
      return `${n} دقيقة`;
  }
}

// The code comes first: phones offer the first number of a text for autofill, and it shows in the
// notification. Latin-script texts use only GSM 03.38 characters (Spanish avoids accented words),
// so they fit one 160-character SMS instead of a 70-character UCS-2 one.
const TEXTS: Record<SmsLanguage, (code: string, minutes: number, app: string | undefined) => string> = {
  en: (code, minutes, app) =>
    `${code} is your ${app ? `${app} ` : ''}verification code. It expires in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
  es: (code, minutes, app) =>
    `${code} es tu clave de seguridad${app ? ` para ${app}` : ''}. Caduca en ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'}.`,
  fr: (code, minutes, app) =>
    `${code} est votre code de vérification${app ? ` ${app}` : ''}. Il expire dans ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
  de: (code, minutes, app) =>
    `${code} ist Ihr Bestätigungscode${app ? ` für ${app}` : ''}. Er läuft in ${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'} ab.`,
  ja: (code, minutes, app) =>
    `${code} は${app ? `${app} の` : ''}認証コードです。有効期限は${minutes}分です。`,
  // The app name is bidi-isolated, so a Latin name cannot reorder the Arabic around it.
  ar: (code, minutes, app) =>
    `${code} هو رمز التحقق الخاص بك${app ? ` في \u2068${app}\u2069` : ''}. تنتهي صلاحيته خلال ${arabicMinutes(minutes)}.`,
};

/** `ar-EG` → `ar`; any language without a text → `en`. */
export function resolveSmsLanguage(tag: string): SmsLanguage {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (SMS_LANGUAGES as readonly string[]).includes(primary) ? (primary as SmsLanguage) : 'en';
}

/** An app name fit to quote: no control or bidi characters, whitespace collapsed, shortened. */
function cleanAppName(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = [
    ...value
      .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  ]
    .slice(0, MAX_SMS_APP_NAME)
    .join('')
    .trim();
  return text || undefined;
}

/** The text of a one-time code in the user's language. */
export function renderSmsCode(lang: string, { code, minutes, appName }: SmsCodeVars): RenderedSms {
  const resolved = resolveSmsLanguage(lang);
  return { text: TEXTS[resolved](code, minutes, cleanAppName(appName)), lang: resolved };
}

// GSM 03.38: the basic set (one septet each) and the extension table (escape + one septet).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** The length of `text` in GSM 7-bit septets, or undefined when it needs UCS-2. */
export function gsm7Length(text: string): number | undefined {
  let length = 0;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) length += 1;
    else if (GSM_EXTENDED.includes(char)) length += 2;
    else return undefined;
  }
  return length;
}
