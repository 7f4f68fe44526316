import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

/** The admin API's error, `{"error": {"code", "message", "target"?}}`, with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The field the error is about (a dotted path into the request body), when the API names one. */
    readonly target?: string,
  ) {
    super(message);
  }
}

export type AdminApi = Client<paths>;

/** A typed client of the admin API that sends the signed-in admin's access token. */
export function createAdminApi(baseUrl: string, accessToken: () => Promise<string>): AdminApi {
  const client = createClient<paths>({ baseUrl });
  client.use({
    async onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${await accessToken()}`);
      return request;
    },
  });
  return client;
}

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The body of a successful call, or an ApiError with the API's words. The API's JSON shapes
 * (Graph resources) are described in the OpenAPI descriptions; callers name the type they read.
 */
export async function unwrap<T = unknown>(call: Promise<Result<unknown>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error as { error?: { code?: string; message?: string; target?: string } } | undefined)?.error;
  throw new ApiError(
    response.status,
    body?.code ?? `http_${response.status}`,
    body?.message ?? `The request failed (HTTP ${response.status}).`,
    body?.target,
  );
}
