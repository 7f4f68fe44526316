import { isCalendarDate, isSafeText } from '../../directory/index.js';
import { compileAdminPattern } from '../../platform/index.js';
import {
  type AttributeField,
  type AttributeProblem,
  type CollectedAttributes,
  MAX_VALUE_LENGTH,
} from './model.js';

type Outcome = { value: string | boolean | number | null } | { problem: AttributeProblem };

const INTEGER = /^[+-]?\d+$/;

/**
 * Reads and checks the attributes a sign-up form posted, field by field: text is trimmed, an
 * optional field left empty is null, a checkbox is true when present and false when absent (a
 * required one must be checked), a multiSelect's values must all be options and come back
 * joined by ',' (in the options' order), a date is a real `YYYY-MM-DD` day, a whole number a
 * safe integer. No value is longer than 1024 characters. The values are what
 * `directory.createSelfServiceUser` accepts as `attributes`.
 */
export function collectAttributes(
  fields: AttributeField[],
  form: Record<string, string | string[] | undefined>,
): CollectedAttributes {
  const values: Record<string, string | boolean | number | null> = {};
  const errors: Record<string, AttributeProblem> = {};
  for (const field of fields) {
    const outcome = collectOne(field, Object.hasOwn(form, field.name) ? form[field.name] : undefined);
    if ('problem' in outcome) errors[field.name] = outcome.problem;
    else values[field.name] = outcome.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

function collectOne(field: AttributeField, raw: string | string[] | undefined): Outcome {
  if (field.inputType === 'checkbox') {
    const checked = raw !== undefined && (!Array.isArray(raw) || raw.length > 0);
    return field.required && !checked ? { problem: { code: 'required' } } : { value: checked };
  }

  if (field.inputType === 'multiSelect') {
    const chosen = new Set(
      (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim()).filter(Boolean),
    );
    if (chosen.size === 0) return field.required ? { problem: { code: 'required' } } : { value: null };
    if ([...chosen].some((v) => !field.options.some((o) => o.value === v)))
      return { problem: { code: 'invalidOption' } };
    const joined = field.options
      .filter((o) => chosen.has(o.value))
      .map((o) => o.value)
      .join(',');
    return joined.length > MAX_VALUE_LENGTH
      ? { problem: { code: 'tooLong', max: MAX_VALUE_LENGTH } }
      : { value: joined };
  }

  // One value per field: a repeated field counts by its first occurrence.
  const text = ((Array.isArray(raw) ? raw[0] : raw) ?? '').trim();
  if (text.length === 0) return field.required ? { problem: { code: 'required' } } : { value: null };

  switch (field.inputType) {
    case 'dropdown':
    case 'radio':
      if (!field.options.some((o) => o.value === text)) return { problem: { code: 'invalidOption' } };
      return { value: field.dataType === 'int' ? Number(text) : text };
    case 'date':
      return isCalendarDate(text) ? { value: text } : { problem: { code: 'invalidDate' } };
    default:
      break;
  }

  if (field.dataType === 'int') {
    const number = Number(text);
    return INTEGER.test(text) && Number.isSafeInteger(number)
      ? { value: number }
      : { problem: { code: 'invalidNumber' } };
  }
  const { minLength, pattern } = field.validation;
  const max = Math.min(field.validation.maxLength ?? MAX_VALUE_LENGTH, MAX_VALUE_LENGTH);
  if (text.length > max) return { problem: { code: 'tooLong', max } };
  if (minLength !== undefined && text.length < minLength)
    return { problem: { code: 'tooShort', min: minLength } };
  // Control characters never make a valid value; they read as "not in the expected form".
  if (!isSafeText(text)) return { problem: { code: 'pattern' } };
  if (pattern !== undefined && !matches(pattern, text)) return { problem: { code: 'pattern' } };
  return { value: text };
}

/**
 * Whether the whole value matches an admin's pattern, in linear time (RE2). A pattern RE2
 * cannot run (saved before patterns were checked by RE2) accepts nothing: saving the flow
 * again says what is wrong with it.
 */
function matches(pattern: string, value: string): boolean {
  try {
    return compileAdminPattern(pattern).matches(value);
  } catch {
    return false;
  }
}
