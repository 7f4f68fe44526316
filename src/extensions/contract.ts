import { type ActionOf, type AuthenticationEvent, actionOf, EVENTS } from './events.js';

/** Entra's error codes of a custom extension call (the sign-in log's `handlerResult.errorCode`). */
export const CALLOUT_ERRORS = {
  httpStatus: 1003002,
  invalidResponseBody: 1003003,
  timedOut: 1003005,
  nullClaims: 1003007,
  numberOfActions: 1003010,
  invalidActionType: 1003012,
  responseSizeExceeded: 1003024,
  claimsSizeExceeded: 1003025,
  emptyClaimKey: 1003026,
  connectionError: 1003027,
} as const;

/** The largest total of claim names and values a token issuance extension may answer (3 KB). */
export const MAX_CLAIMS_BYTES = 3 * 1024;

/** A service principal as the callout shows it. */
export interface CalloutPrincipal {
  id: string;
  appId: string;
  appDisplayName: string;
  displayName: string;
}

/** What every callout says about the sign-in it is part of (`authenticationContext`). */
export interface CalloutContext {
  tenantId: string;
  correlationId: string;
  client: { ip: string; locale: string; market: string };
  clientServicePrincipal: CalloutPrincipal;
  resourceServicePrincipal?: CalloutPrincipal;
  /** Graph user fields (token issuance and password submit; absent before the user exists). */
  user?: Record<string, unknown>;
  /** OTP send: why the code is sent (`signUp`, `signIn`, `passwordReset`). */
  requestType?: string;
}

/** The callout's body: Entra's envelope with the event's own fields. */
export function calloutBody(
  event: AuthenticationEvent,
  ids: { listenerId: string; extensionId: string },
  context: CalloutContext,
  eventData: Record<string, unknown>,
) {
  const spec = EVENTS[event];
  const resource = context.resourceServicePrincipal ?? context.clientServicePrincipal;
  return {
    type: spec.calloutType,
    source: `/tenants/${context.tenantId}/applications/${resource.appId}`,
    data: {
      '@odata.type': spec.calloutDataType,
      tenantId: context.tenantId,
      authenticationEventListenerId: ids.listenerId,
      customAuthenticationExtensionId: ids.extensionId,
      ...eventData,
      authenticationContext: {
        correlationId: context.correlationId,
        client: context.client,
        protocol: 'OAUTH2.0',
        ...(context.requestType && { requestType: context.requestType }),
        clientServicePrincipal: context.clientServicePrincipal,
        resourceServicePrincipal: resource,
        ...(context.user && { user: context.user }),
      },
    },
  };
}

/** One action of an answer: its name and its other properties. */
export type Action<E extends AuthenticationEvent> = { name: ActionOf<E>; fields: Record<string, unknown> };

export type AnswerResult<E extends AuthenticationEvent> =
  | { ok: true; action: Action<E> }
  | { ok: false; errorCode: number; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const bad = (errorCode: number, error: string) => ({ ok: false as const, errorCode, error });

/** `@odata.type` as Entra's documents write it, or with another casing (`@odata.Type`). */
const odataTypeIn = (value: Record<string, unknown>) =>
  value['@odata.type'] ?? Object.entries(value).find(([k]) => k.toLowerCase() === '@odata.type')?.[1];

/** Reads an extension's answer: Entra's envelope, exactly one action the event allows, its fields checked. */
export function readAnswer<E extends AuthenticationEvent>(
  event: E,
  body: unknown,
  expect: { nonce?: string } = {},
): AnswerResult<E> {
  const spec = EVENTS[event];
  const data = isRecord(body) ? body.data : undefined;
  if (!isRecord(data)) return bad(CALLOUT_ERRORS.invalidResponseBody, 'the answer has no data object');
  const dataType = odataTypeIn(data);
  if (
    typeof dataType !== 'string' ||
    dataType.replace(/^#/, '').toLowerCase() !== spec.responseDataType.toLowerCase()
  )
    return bad(CALLOUT_ERRORS.invalidResponseBody, `data.@odata.type must be ${spec.responseDataType}`);
  if (expect.nonce !== undefined && data.nonce !== expect.nonce)
    return bad(CALLOUT_ERRORS.invalidResponseBody, 'data.nonce is not the nonce of the request');
  const actions = data.actions;
  if (!Array.isArray(actions) || actions.length !== 1)
    return bad(CALLOUT_ERRORS.numberOfActions, 'data.actions must hold exactly one action');
  const [action] = actions as unknown[];
  if (!isRecord(action)) return bad(CALLOUT_ERRORS.invalidResponseBody, 'the action is not an object');
  const name = actionOf(event, odataTypeIn(action));
  if (!name)
    return bad(
      CALLOUT_ERRORS.invalidActionType,
      `the action must be one of ${spec.actions.map((a) => `${spec.actionPrefix}${a}`).join(', ')}`,
    );
  const problem = fieldProblem(name, action);
  if (problem) return bad(problem.errorCode, problem.error);
  return { ok: true, action: { name, fields: action } };
}

const optionalText = (value: unknown, max: number) =>
  value === undefined || value === null || (typeof value === 'string' && value.length <= max);

/** The checks of each action's fields. */
function fieldProblem(
  name: string,
  action: Record<string, unknown>,
): { errorCode: number; error: string } | undefined {
  const body = (error: string) => ({ errorCode: CALLOUT_ERRORS.invalidResponseBody, error });
  switch (name) {
    case 'provideClaimsForToken':
      return claimsProblem(action.claims);
    case 'setPrefillValues':
      return valuesProblem(action.inputs, 'inputs')
        ? body(valuesProblem(action.inputs, 'inputs') as string)
        : undefined;
    case 'modifyAttributeValues':
      return valuesProblem(action.attributes, 'attributes')
        ? body(valuesProblem(action.attributes, 'attributes') as string)
        : undefined;
    case 'showBlockPage':
    case 'Block':
      return optionalText(action.message, 1024) && optionalText(action.title, 256)
        ? undefined
        : body('title and message must be text (at most 256 and 1024 characters)');
    case 'showValidationError': {
      if (!optionalText(action.message, 1024)) return body('message must be text of at most 1024 characters');
      const errors = action.attributeErrors;
      if (errors === undefined || errors === null) return undefined;
      if (!isRecord(errors) || Object.values(errors).some((v) => typeof v !== 'string' || v.length > 1024))
        return body('attributeErrors must map attribute names to messages');
      return undefined;
    }
    default:
      return undefined;
  }
}

function valuesProblem(values: unknown, name: string): string | undefined {
  if (!isRecord(values)) return `${name} must be an object of attribute values`;
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (
    Object.values(values).some(
      (v) => !(scalar(v) || (Array.isArray(v) && v.every((x) => typeof x === 'string'))),
    )
  )
    return `${name} values must be text, numbers, booleans or lists of text`;
  if (JSON.stringify(values).length > 16 * 1024) return `${name} is too large`;
  return undefined;
}

function claimsProblem(claims: unknown): { errorCode: number; error: string } | undefined {
  if (claims === null || claims === undefined)
    return { errorCode: CALLOUT_ERRORS.nullClaims, error: 'the claims bag is null' };
  if (!isRecord(claims))
    return { errorCode: CALLOUT_ERRORS.invalidResponseBody, error: 'claims must be an object' };
  let size = 0;
  for (const [key, value] of Object.entries(claims)) {
    if (key.trim() === '')
      return { errorCode: CALLOUT_ERRORS.emptyClaimKey, error: 'a claim has an empty name' };
    const ok =
      typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok)
      return {
        errorCode: CALLOUT_ERRORS.invalidResponseBody,
        error: `the claim '${key}' must be a string or an array of strings`,
      };
    size +=
      Buffer.byteLength(key) +
      (Array.isArray(value) ? value : [value]).reduce((n, v) => n + Buffer.byteLength(v), 0);
  }
  if (size > MAX_CLAIMS_BYTES)
    return {
      errorCode: CALLOUT_ERRORS.claimsSizeExceeded,
      error: `the claims add up to more than ${MAX_CLAIMS_BYTES} bytes`,
    };
  return undefined;
}
