import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExtensionRunner } from '../../extensions/index.js';
import type { AttributeField } from '../../flows/index.js';
import type { HostedUiDeps } from './deps.js';
import { type InteractionPage, sendPage } from './page.js';
import { errorPage, messagePage } from './templates.js';

/** The key hosted pages record extension calls under, attached to the sign-in the interaction ends in. */
export const interactionKey = (uid: string) => `interaction:${uid}`;

/** What the pages need of custom authentication extensions. */
export interface HostedExtensions {
  run: ExtensionRunner;
}

type FormValues = Record<string, string | string[]>;
const PREFIX = 'attr.';
const CUSTOM = 'extension_';

/** An attribute's name as a callout shows it: built-in as is, a custom one as `extension_{name}`. */
const calloutName = (field: AttributeField) => (field.builtIn ? field.name : `${CUSTOM}${field.name}`);

/** The field an answer's attribute name means (`city`, `extension_plan`, or a custom attribute's own name). */
function fieldNamed(fields: AttributeField[], name: string): AttributeField | undefined {
  return (
    fields.find((f) => calloutName(f) === name) ??
    fields.find((f) => !f.builtIn && f.name === name) ??
    fields.find((f) => f.builtIn && f.name.toLowerCase() === name.toLowerCase())
  );
}

/** Graph `directoryAttributeValue` of a typed value: string, int64 or boolean. */
function directoryValue(field: AttributeField, value: unknown) {
  const type = field.inputType === 'checkbox' ? 'boolean' : field.dataType === 'int' ? 'int64' : 'string';
  return {
    '@odata.type': `microsoft.graph.${type}DirectoryAttributeValue`,
    value,
    attributeType: field.builtIn ? 'builtIn' : 'directorySchemaExtension',
  };
}

/** `userSignUpInfo` of a callout: the email identity and the attribute values (never the password). */
export function userSignUpInfo(
  page: InteractionPage,
  email: string,
  fields: AttributeField[],
  values: Record<string, string | boolean | number | null> = {},
) {
  const attributes: Record<string, unknown> = {
    email: {
      '@odata.type': 'microsoft.graph.stringDirectoryAttributeValue',
      value: email,
      attributeType: 'builtIn',
    },
  };
  for (const field of fields) {
    const value = values[field.name];
    if (value !== undefined && value !== null) attributes[calloutName(field)] = directoryValue(field, value);
  }
  return {
    userSignUpInfo: {
      attributes,
      identities: [{ signInType: 'email', issuer: page.tenant.id, issuerAssignedId: email }],
    },
  };
}

/** A form value from an answer's value: text as is, a boolean for a checkbox, lists for multi-select. */
function formValue(field: AttributeField, value: unknown): string | string[] | undefined {
  if (field.inputType === 'checkbox') return value === true || value === 'true' ? 'on' : undefined;
  if (field.inputType === 'multiSelect') {
    const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
    return list.map((v) => String(v).trim()).filter(Boolean);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return undefined;
}

/**
 * A form with an answer's values (prefill at start, modified values at submit): only the flow's
 * own attributes; others are ignored, as Entra ignores them.
 */
export function withValues(
  fields: AttributeField[],
  form: FormValues,
  values: Record<string, unknown>,
): FormValues {
  const out: FormValues = { ...form };
  for (const [name, value] of Object.entries(values)) {
    const field = fieldNamed(fields, name);
    if (!field) continue;
    const converted = formValue(field, value);
    if (converted === undefined) delete out[`${PREFIX}${field.name}`];
    else out[`${PREFIX}${field.name}`] = converted;
  }
  return out;
}

/** An answer's per-attribute errors, by the flow's field names. */
export function errorsByField(fields: AttributeField[], attributeErrors: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof attributeErrors !== 'object' || attributeErrors === null) return out;
  for (const [name, message] of Object.entries(attributeErrors)) {
    const field = fieldNamed(fields, name);
    if (field && typeof message === 'string') out[field.name] = message;
  }
  return out;
}

/** The context every attribute collection callout shares. */
export function calloutInput(deps: HostedUiDeps, page: InteractionPage, request: FastifyRequest) {
  const ip = deps.clientIpOf(request.raw.socket.remoteAddress ?? '', request.headers['x-forwarded-for']);
  return {
    tenantId: page.tenant.id,
    appId: page.appId,
    recordUnder: interactionKey(page.uid),
    correlationId: request.id,
    client: { ip, locale: page.lang.toLowerCase(), market: page.lang.toLowerCase() },
  };
}

/** The block page an extension asked for (its title and message, or the default ones). */
export function sendBlockPage(reply: FastifyReply, page: InteractionPage, fields: Record<string, unknown>) {
  const title =
    typeof fields.title === 'string' && fields.title ? fields.title : page.t('extension.blockedTitle');
  const message =
    typeof fields.message === 'string' && fields.message ? fields.message : page.t('extension.blocked');
  return sendPage(reply, messagePage(page.frame, title, message), 403);
}

/** What a failed call shows: the sign-up cannot go on now (the sign-in log says why). */
export function sendExtensionFailure(reply: FastifyReply, page: InteractionPage, request: FastifyRequest) {
  return sendPage(
    reply,
    errorPage(page.frame, { message: page.t('extension.unavailable'), correlationId: request.id }),
    502,
  );
}
