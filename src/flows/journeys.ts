import type { SignInEntry, SignInUsage } from '../insights/index.js';
import { randomToken, type SharedState } from '../platform/index.js';
import type { FederatedIdentity, InheritedRisk, PendingLink } from './model.js';

/**
 * Where a person is in a self-service flow that spans several pages (sign-up, one-time code
 * sign-in, password reset, a forced password change). Kept in shared state under the tenant
 * and the oidc-provider interaction it belongs to, so it dies with the interaction and every
 * node can serve the next page. It never holds a password or a code.
 */
/** What an identity provider vouched for, kept server-side between the pages that use it. */
export interface ProviderAnswer {
  providerId: string;
  providerName: string;
  identity: FederatedIdentity;
}

export type Journey =
  | { kind: 'signUp'; email: string; challengeId: string; verified: boolean }
  | { kind: 'emailOtp'; email: string; challengeId: string }
  | {
      kind: 'passwordReset';
      email: string;
      challengeId: string;
      verifiedUserId?: string;
      /** What the reset proved once the user's other second factor was asked too (amr with `mfa`). */
      proved?: string[];
    }
  | {
      kind: 'passwordChange';
      userId: string;
      login: string;
      amr: string[];
      risk?: InheritedRisk;
      link?: PendingLink;
    }
  /** A first sign-in with a provider that did not give every attribute the flow requires. */
  | ({ kind: 'federatedSignUp' } & ProviderAnswer)
  /** A provider's verified email is an existing account's: the user proves it to link them. */
  | ({ kind: 'federatedLink'; email: string; challengeId?: string } & ProviderAnswer)
  | {
      kind: 'mfa';
      userId: string;
      login: string;
      /** What the first factor proved. */
      amr: string[];
      /** A policy asks for phishing-resistant MFA: only a passkey will do. */
      passkeyOnly?: boolean;
      /** The risk the sign-in's first attempt found. */
      risk?: InheritedRisk;
      /** While an emailed (or texted: `phone`) code is pending. */
      email?: string;
      phone?: string;
      challengeId?: string;
      /** While an authenticator app is being set up, then once it is confirmed. */
      enrollmentId?: string;
      enrolled?: boolean;
      /** The provider identity the sign-in links once it completes. */
      link?: PendingLink;
      /** The factor is asked by a password reset (for this address), which goes on after it. */
      reset?: { email: string };
      /**
       * The sign-in log entry of the interrupted attempt: a wrong second factor is logged as it
       * (its app, place and device), failed; the usage it carries goes on to the ticket.
       */
      logEntry?: SignInEntry;
    };

export type JourneyKind = Journey['kind'];

/** A journey lasts at most as long as the sign-in interaction that started it. */
const JOURNEY_TTL_MS = 60 * 60_000;
const TICKET_TTL_MS = 5 * 60_000;

export interface Journeys {
  get<K extends JourneyKind>(
    tenantId: string,
    uid: string,
    kind: K,
  ): Promise<Extract<Journey, { kind: K }> | undefined>;
  put(tenantId: string, uid: string, journey: Journey): Promise<void>;
  end(tenantId: string, uid: string): Promise<void>;
}

export function createJourneys(state: SharedState): Journeys {
  const keyOf = (tenantId: string, uid: string) => `journey:${tenantId}:${uid}`;
  return {
    async get(tenantId, uid, kind) {
      const raw = await state.get(keyOf(tenantId, uid));
      const journey = raw ? (JSON.parse(raw) as Journey) : undefined;
      return journey?.kind === kind ? (journey as Extract<Journey, { kind: typeof kind }>) : undefined;
    },
    put: (tenantId, uid, journey) => state.put(keyOf(tenantId, uid), JSON.stringify(journey), JOURNEY_TTL_MS),
    end: (tenantId, uid) => state.delete(keyOf(tenantId, uid)),
  };
}

/**
 * Proof, good once, that a user finished a first factor on an earlier page (verified their
 * email at sign-up or reset, or signed in before a forced password change). The sign-in
 * pipeline redeems it as its first factor, so these flows pass every later step too.
 */
export interface SignInTicket {
  tenantId: string;
  userId: string;
  /** The methods (RFC 8176 amr values) the user proved. */
  amr: string[];
  /** What the earlier page did, for the sign-in log. */
  detail: string;
  /** The page set a new password: by a reset, or a change the sign-in asked for. */
  passwordChanged?: 'reset' | 'change';
  /** The risk the sign-in's first attempt found (an MFA or password-change continuation). */
  risk?: InheritedRisk;
  /** The provider identity the sign-in links once it completes. */
  link?: PendingLink;
  /** What usage & insights count of the sign-in this ticket completes (a sign-up, a second factor). */
  usage?: SignInUsage;
}

export interface SignInTickets {
  issue(ticket: SignInTicket): Promise<string>;
  redeem(tenantId: string, token: string): Promise<SignInTicket | undefined>;
}

export function createSignInTickets(state: SharedState): SignInTickets {
  return {
    async issue(ticket) {
      const token = randomToken(32);
      await state.put(`ticket:${token}`, JSON.stringify(ticket), TICKET_TTL_MS);
      return token;
    },
    async redeem(tenantId, token) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      const raw = await state.take(`ticket:${token}`);
      const ticket = raw ? (JSON.parse(raw) as SignInTicket) : undefined;
      return ticket?.tenantId === tenantId ? ticket : undefined;
    },
  };
}
