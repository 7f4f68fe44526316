import { ZodError } from 'zod';
import { type ErrorDetail, type ErrorKind, isAppError } from '../platform/index.js';

export interface ErrorBody {
  error: { code: string; message: string; target?: string; details?: ErrorDetail[] };
}

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  tooLarge: 413,
  tooMany: 429,
  unavailable: 503,
};

/** Fastify's own request errors, by code, as (status, our code, message). */
const FASTIFY_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'The request body is empty.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported_media_type',
    'Send the request body as application/json.',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'The Content-Length does not match the body.'],
};

/** Maps any error to the admin API's status and `{"error":{…}}` body; unknown errors hide their text. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (isAppError(error)) {
    const { code, message, target, details } = error;
    return { status: STATUS[error.kind], body: { error: { code, message, target, details } } };
  }
  if (error instanceof ZodError) {
    const details = error.issues.flatMap((issue): ErrorDetail[] => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          code: 'unknown_field',
          message: `Unknown field '${key}'.`,
          target: path ? `${path}.${key}` : key,
        }));
      }
      return [{ code: 'invalid_value', message: issue.message, target: path || undefined }];
    });
    // Name an unknown field first: it is the likeliest mistake (a typo or a read-only property).
    details.sort((a, b) => Number(b.code === 'unknown_field') - Number(a.code === 'unknown_field'));
    const first = details[0];
    return {
      status: 400,
      body: {
        error: {
          code: details.some((d) => d.code === 'unknown_field') ? 'unknown_field' : 'invalid_request',
          message: first
            ? `${first.target ? `${first.target}: ` : ''}${first.message}`
            : 'The request is not valid.',
          target: first?.target,
          details,
        },
      },
    };
  }
  const code = (error as { code?: string }).code;
  const known = code ? FASTIFY_ERRORS[code] : undefined;
  if (known) return { status: known[0], body: { error: { code: known[1], message: known[2] } } };
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    return { status, body: { error: { code: 'invalid_request', message: (error as Error).message } } };
  }
  return {
    status: 500,
    body: { error: { code: 'internal_error', message: 'An unexpected error occurred.' } },
  };
}
