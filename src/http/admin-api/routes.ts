import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type DirectoryAction, rolesAllowing } from '../../authorization/index.js';
import { AppError } from '../../platform/index.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Fastify path under /api/v1, with `:param` segments. */
  url: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Whether a request may omit the body (e.g. an optional options object). */
  bodyOptional?: boolean;
  /** A larger body limit (bytes) than the server's, for a route whose valid bodies need it. */
  bodyLimit?: number;
  status: number;
  description: string;
  /**
   * The directory action the call needs (see authorization/directory-roles.ts): at the tenant
   * of a route with `:tenantId`, else at scope '/'. `SIGNED_IN` only for a caller's own
   * information (`/me`): any valid admin token, no role needed.
   */
  action: DirectoryAction | typeof SIGNED_IN;
  /**
   * `any`: a role allowing the action at any scope lets the call through, and the handler
   * narrows to the scopes it allows (listing tenants, role management).
   */
  actionScope?: 'any';
}

/** The pseudo-action of a route that answers about the caller itself: any signed-in principal. */
export const SIGNED_IN = 'gatehouse/signedInPrincipal/self';

/** What the admin API's authorization check reads from a route (Fastify route config). */
export interface AdminRouteGuard {
  action: DirectoryAction | typeof SIGNED_IN;
  actionScope?: 'any';
  /** Validates the path parameters before the action is checked. */
  params?: z.ZodType;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    adminRoute?: AdminRouteGuard;
  }
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  /** For a handler that answers with other than JSON (sets its own content type). */
  reply: FastifyReply;
}

type Handler<P, Q, B> = (input: RouteInput<P, Q, B>) => Promise<unknown>;

interface Recorded {
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
}

/**
 * Admin API routes declared once: the declaration validates the request at the edge (zod)
 * and feeds the OpenAPI document the server publishes.
 */
export function createRouteTable() {
  const recorded: Recorded[] = [];

  return {
    add<
      P extends z.ZodType = z.ZodUnknown,
      Q extends z.ZodType = z.ZodUnknown,
      B extends z.ZodType = z.ZodUnknown,
    >(
      app: FastifyInstance,
      spec: RouteSpec<P, Q, B>,
      handler: Handler<z.output<P>, z.output<Q>, z.output<B>>,
    ): void {
      recorded.push({ spec: spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType> });
      app.route({
        method: spec.method,
        url: spec.url,
        ...(spec.bodyLimit && { bodyLimit: spec.bodyLimit }),
        config: { adminRoute: { action: spec.action, actionScope: spec.actionScope, params: spec.params } },
        handler: async (request, reply) => {
          const params = spec.params ? spec.params.parse(request.params) : request.params;
          const query = spec.query ? spec.query.parse(request.query) : request.query;
          const rawBody = request.body === undefined && spec.bodyOptional ? {} : request.body;
          const body = spec.body ? spec.body.parse(rawBody) : undefined;
          const result = await handler({ params, query, body, request, reply } as RouteInput<
            z.output<P>,
            z.output<Q>,
            z.output<B>
          >);
          reply.code(spec.status).header('cache-control', 'no-store');
          return spec.status === 204 ? reply.send() : reply.send(result);
        },
      });
    },

    /** The OpenAPI 3.1 document of every declared route. */
    openapi(baseUrl: string): Record<string, unknown> {
      const paths: Record<string, Record<string, unknown>> = {};
      for (const { spec } of recorded) {
        const path = `/api/v1${spec.url.replace(/:([A-Za-z]+)/g, '{$1}')}`;
        const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')];
        paths[path] ??= {};
        (paths[path] as Record<string, unknown>)[spec.method.toLowerCase()] = {
          summary: spec.summary,
          description: actionLine(spec),
          tags: [spec.tag],
          'x-gatehouse-action': spec.action,
          ...(parameters.length && { parameters }),
          ...(spec.body && {
            requestBody: {
              required: !spec.bodyOptional,
              content: {
                'application/json': {
                  schema: z.toJSONSchema(spec.body, { io: 'input', unrepresentable: 'any' }),
                },
              },
            },
          }),
          responses: {
            // JSON of any shape (the description says which): a typed client reads `unknown`.
            [spec.status]: {
              description: spec.description,
              ...(spec.status !== 204 && { content: { 'application/json': { schema: {} } } }),
            },
            '400': { $ref: '#/components/responses/Error' },
            '401': { $ref: '#/components/responses/Error' },
            '403': { $ref: '#/components/responses/Error' },
          },
        };
      }
      return {
        openapi: '3.1.0',
        info: { title: 'Gatehouse admin API', version: '1' },
        servers: [{ url: baseUrl }],
        security: [{ bearer: [] }],
        paths,
        components: {
          securitySchemes: {
            bearer: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description: `Access token from ${baseUrl}/t/admin/oauth2/token for the resource ${baseUrl}/api`,
            },
          },
          responses: {
            Error: {
              description: 'An error',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      error: {
                        type: 'object',
                        required: ['code', 'message'],
                        properties: {
                          code: { type: 'string' },
                          message: { type: 'string' },
                          target: { type: 'string' },
                          details: { type: 'array', items: { type: 'object' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      };
    },
  };
}

/** The line of an operation's description that names its action and the built-in roles allowing it. */
function actionLine(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): string {
  if (spec.action === SIGNED_IN) return 'Any signed-in administrator or application; no role needed.';
  const where = spec.actionScope
    ? 'at any scope (the answer covers the scopes where it is allowed)'
    : spec.url.includes(':tenantId')
      ? "at the tenant's scope ('/' or '/tenants/{tenantId}')"
      : "at scope '/'";
  return `Requires the action \`${spec.action}\` ${where}. Built-in roles that allow it: ${rolesAllowing(spec.action).join(', ')}.`;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: location,
    required: location === 'path' || !field.safeParse(undefined).success,
    schema: z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }),
  }));
}

export type RouteTable = ReturnType<typeof createRouteTable>;

/** `$top` and `$skiptoken`, as in Microsoft Graph. */
export const pageQuery = z.strictObject({
  $top: z.coerce.number().int().min(1).max(999).default(100),
  $skiptoken: z.string().max(1024).optional(),
});

/**
 * Graph's `$count=true`: the answer carries `@odata.count`, how many items match the list's
 * filters in all (on every page), counted by the database.
 */
export const countField = {
  $count: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true: the answer carries @odata.count, how many items match the filters in all.'),
};

/** Builds the Graph-style `@odata.nextLink` of a page. */
export function nextLink(
  baseUrl: string,
  path: string,
  top: number,
  next: string | undefined,
): string | undefined {
  if (!next) return undefined;
  const url = new URL(`${baseUrl}/api/v1${path}`);
  url.searchParams.set('$top', String(top));
  url.searchParams.set('$skiptoken', next);
  return url.toString();
}

/**
 * Where the first NUL character (U+0000) of a request's input is: a dotted path into the
 * value, or `null` for the value itself. PostgreSQL cannot store one in text (SQLite can), and
 * no admin field needs one, so every admin request is checked at the edge, on both databases.
 * Iterative: a deeply nested JSON body cannot exhaust the stack.
 */
export function findNulCharacter(value: unknown): string | null | undefined {
  const pending: [unknown, string[]][] = [[value, []]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path.length ? path.join('.') : null;
      continue;
    }
    if (item === null || typeof item !== 'object' || Buffer.isBuffer(item)) continue;
    const entries = Object.entries(item);
    for (const [key] of entries) if (key.includes('\u0000')) return path.length ? path.join('.') : null;
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      pending.push([child, [...path, key]]);
    }
  }
  return undefined;
}

/** Refuses (400) an admin request with a NUL character in its path, query string or body. */
export function refuseNulCharacters(request: FastifyRequest): void {
  for (const input of [request.params, request.query, request.body]) {
    const target = findNulCharacter(input);
    if (target === undefined) continue;
    throw new AppError(
      'invalid_request',
      'invalid',
      `${target ? `${target}: ` : ''}Text must not contain a NUL character (U+0000).`,
      target ?? undefined,
    );
  }
}
