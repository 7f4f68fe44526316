import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SecretBox } from '../../platform/index.js';
import { readCookie, serializeCookie } from '../hosted-ui/cookies.js';

export const ACCOUNT_COOKIE = 'gh_account';
export const SIGN_IN_COOKIE = 'gh_account_signin';

/** How long an account session lasts after signing in. */
export const SESSION_SECONDS = 3600;
/** How long a sign-in round trip through the authorization endpoint may take. */
const SIGN_IN_SECONDS = 600;

const accountSessionSchema = z.strictObject({
  /** The user's object id (the `sub`). */
  userId: z.string(),
  /** The sid of the provider session the account pages signed in through. */
  sid: z.string(),
  /** When the user last entered their credentials (epoch seconds). */
  authTime: z.number(),
  /** When this cookie stops being accepted (epoch seconds). */
  expiresAt: z.number(),
  /** The secret the CSRF tokens of this session are bound to. */
  csrfSecret: z.string(),
  /** The ID token, for RP-initiated logout. */
  idToken: z.string(),
});
export type AccountSession = z.infer<typeof accountSessionSchema>;

const signInStateSchema = z.strictObject({
  state: z.string(),
  nonce: z.string(),
  verifier: z.string(),
  /** Where to go after the callback: a path under the account pages. */
  returnTo: z.string(),
  expiresAt: z.number(),
});
export type SignInState = z.infer<typeof signInStateSchema>;

/**
 * The account pages' own cookies, sealed with the master key (AES-256-GCM) and bound by the
 * associated data to their purpose and tenant: a cookie of one tenant, or a sign-in state
 * cookie, never opens as another.
 */
export function createAccountCookies(box: SecretBox, secure: boolean) {
  const pathOf = (tenantId: string) => `/t/${tenantId}/account`;

  function read<T>(
    request: FastifyRequest,
    name: string,
    aad: string,
    schema: z.ZodType<T & { expiresAt: number }>,
    now: number,
  ): T | undefined {
    const sealed = readCookie(request.headers.cookie, name);
    if (!sealed || sealed.length > 8192) return undefined;
    try {
      const parsed = schema.safeParse(JSON.parse(box.open(sealed, aad)));
      return parsed.success && parsed.data.expiresAt > now ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  function write(reply: FastifyReply, name: string, tenantId: string, value: string, maxAge: number) {
    reply.header(
      'set-cookie',
      serializeCookie(name, value, { path: pathOf(tenantId), secure, maxAgeSeconds: maxAge }),
    );
  }

  return {
    session(request: FastifyRequest, tenantId: string, now: number): AccountSession | undefined {
      return read(request, ACCOUNT_COOKIE, `account-session:${tenantId}`, accountSessionSchema, now);
    },
    startSession(
      reply: FastifyReply,
      tenantId: string,
      session: Omit<AccountSession, 'csrfSecret' | 'expiresAt'>,
      now: number,
    ): void {
      const full: AccountSession = {
        ...session,
        expiresAt: now + SESSION_SECONDS,
        csrfSecret: randomBytes(24).toString('base64url'),
      };
      const sealed = box.seal(JSON.stringify(full), `account-session:${tenantId}`);
      write(reply, ACCOUNT_COOKIE, tenantId, sealed, SESSION_SECONDS);
    },
    endSession(reply: FastifyReply, tenantId: string): void {
      write(reply, ACCOUNT_COOKIE, tenantId, '', 0);
    },
    signInState(request: FastifyRequest, tenantId: string, now: number): SignInState | undefined {
      return read(request, SIGN_IN_COOKIE, `account-sign-in:${tenantId}`, signInStateSchema, now);
    },
    startSignIn(reply: FastifyReply, tenantId: string, state: Omit<SignInState, 'expiresAt'>, now: number) {
      const sealed = box.seal(
        JSON.stringify({ ...state, expiresAt: now + SIGN_IN_SECONDS }),
        `account-sign-in:${tenantId}`,
      );
      write(reply, SIGN_IN_COOKIE, tenantId, sealed, SIGN_IN_SECONDS);
    },
    endSignIn(reply: FastifyReply, tenantId: string): void {
      write(reply, SIGN_IN_COOKIE, tenantId, '', 0);
    },
  };
}

export type AccountCookies = ReturnType<typeof createAccountCookies>;
