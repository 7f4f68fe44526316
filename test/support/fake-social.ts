/**
 * Fake Google, Facebook and Apple sign-in servers: real HTTP servers on 127.0.0.1 (random port)
 * implementing the endpoints each provider documents — discovery, authorization, token, JWKS,
 * Facebook's `/me` — with the checks the real ones make on the client (its secret or its ES256
 * client-secret JWT, the redirect URI, the PKCE verifier, Facebook's appsecret_proof).
 *
 * Point Gatehouse at them with `GATEHOUSE_IDP_ENDPOINTS=socialEndpointsEnv({ google, facebook, apple })`
 * (each fake's `endpoints` is its entry), register the provider with the fake's client
 * credentials (`clientId`/`clientSecret`; Apple: `serviceId`, `teamId`, `keyId`, `privateKeyPem`),
 * choose who signs in with `fake.nextUser`, and inject one fault into the next sign-in with
 * `fake.nextFault`.
 *
 * The authorization endpoints stand for the provider's pages after the user has signed in and
 * consented: Google and Facebook answer at once with a 302 to the redirect URI (code and state,
 * or the error); Apple answers an HTML page whose form (auto-submitted) posts code, state and, on
 * a user's first consent to the app, the `user` JSON to the redirect URI. `fake.authorize(url)`
 * follows that step without a browser and gives back what the callback would receive.
 */
import { createHash, createHmac, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { readForm } from './browser.js';

/** The person at the provider. Facebook uses `sub` as the user's id and the names as first/last_name. */
export interface FakeSocialUser {
  sub: string;
  email?: string;
  /** Google sends a boolean; Apple has sent both the boolean and the string. */
  email_verified?: boolean | 'true' | 'false';
  name?: string;
  given_name?: string;
  family_name?: string;
}

/**
 * One fault for the next sign-in, consumed by the step it belongs to:
 * - `denied`: the user declines at the provider (Google/Facebook `error=access_denied`, with
 *   Facebook's `error_reason=user_denied`; Apple posts `error=user_cancelled_authorize`)
 * - `wrongAudience`, `wrongNonce`, `wrongIssuer`, `expiredIdToken`: the ID token (Google, Apple)
 */
export type FakeFault = 'denied' | 'wrongAudience' | 'wrongNonce' | 'wrongIssuer' | 'expiredIdToken';

/** What the browser brings back to the redirect URI after the authorization step. */
export interface FakeAuthorization {
  /** The redirect URI, without the response. */
  callbackUrl: string;
  /** GET for a redirect (the response is the query), POST for Apple's form post (the fields). */
  method: 'GET' | 'POST';
  response: Record<string, string>;
}

interface FakeProvider {
  /** `http://127.0.0.1:{port}` */
  url: string;
  /** Who signs in at the next authorizations (stays until changed). */
  nextUser: FakeSocialUser;
  /** One fault for the next sign-in (cleared once used). */
  nextFault: FakeFault | undefined;
  /** Every token request's parameters (query and form body), oldest first. */
  tokenRequests: Record<string, string>[];
  /** Follows the authorization URL the connector built, as the user's browser would. */
  authorize(authorizationUrl: string): Promise<FakeAuthorization>;
  close(): Promise<void>;
}

export interface FakeGoogle extends FakeProvider {
  /** The `google` entry of GATEHOUSE_IDP_ENDPOINTS. */
  endpoints: { metadataUrl: string };
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface FakeFacebook extends FakeProvider {
  /** The `facebook` entry of GATEHOUSE_IDP_ENDPOINTS. */
  endpoints: { authorizationUrl: string; tokenUrl: string; meUrl: string };
  /** The app id and app secret. */
  clientId: string;
  clientSecret: string;
  /** Every `/me` request's query (fields, appsecret_proof…), oldest first. */
  meRequests: Record<string, string>[];
}

export interface FakeApple extends FakeProvider {
  /** The `apple` entry of GATEHOUSE_IDP_ENDPOINTS. */
  endpoints: { metadataUrl: string };
  issuer: string;
  /** The Services ID (client id), team id, key id and .p8 key to register the provider with. */
  serviceId: string;
  teamId: string;
  keyId: string;
  privateKeyPem: string;
  /** Every client secret the token endpoint accepted, decoded. */
  clientSecrets: { header: Record<string, unknown>; claims: Record<string, unknown> }[];
  /** Forgets the user's consent to the app, so that the next sign-in posts the `user` field again. */
  forgetConsent(sub: string): void;
}

/** The JSON of GATEHOUSE_IDP_ENDPOINTS for the given fakes. */
export function socialEndpointsEnv(fakes: {
  google?: FakeGoogle;
  facebook?: FakeFacebook;
  apple?: FakeApple;
}): string {
  return JSON.stringify({
    ...(fakes.google && { google: fakes.google.endpoints }),
    ...(fakes.facebook && { facebook: fakes.facebook.endpoints }),
    ...(fakes.apple && { apple: fakes.apple.endpoints }),
  });
}

// ---------------------------------------------------------------------------------------------
// The plumbing shared by the three fakes

interface Incoming {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Query and urlencoded body together, the body winning. */
  params: Record<string, string>;
}

type Reply =
  | { status: number; json: unknown }
  | { status: number; html: string }
  | { status: 302; location: string };

const MAX_BODY_BYTES = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(
  handle: (req: Incoming) => Promise<Reply>,
): Promise<{ url: string; close(): Promise<void> }> {
  let base = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    (async () => {
      const url = new URL(req.url ?? '/', base);
      const body = await readBody(req);
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
        Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
      const reply = await handle({ method: req.method ?? 'GET', url, headers: req.headers, params });
      if ('location' in reply) {
        res.writeHead(302, { location: reply.location, 'cache-control': 'no-store' }).end();
      } else if ('html' in reply) {
        res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8' }).end(reply.html);
      } else {
        res
          .writeHead(reply.status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify(reply.json));
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const random = (bytes = 24): string => randomBytes(bytes).toString('base64url');
const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const escapeHtml = (value: string): string =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');

/** What an authorization endpoint remembers for the token endpoint. */
interface Grant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string | undefined;
  nonce: string | undefined;
  scope: string;
  user: FakeSocialUser;
  expiresAt: number;
}

/** The checks every token endpoint makes on a code: known, unused, same client, same redirect URI, PKCE. */
function redeem(
  grants: Map<string, Grant>,
  params: Record<string, string>,
): { grant: Grant } | { error: string; description: string } {
  const grant = params.code ? grants.get(params.code) : undefined;
  if (params.code) grants.delete(params.code);
  if (!grant || grant.expiresAt < Date.now())
    return { error: 'invalid_grant', description: 'The code is unknown, used or expired.' };
  if (grant.clientId !== params.client_id)
    return { error: 'invalid_grant', description: 'The code was issued to another client.' };
  if (grant.redirectUri !== params.redirect_uri)
    return {
      error: 'invalid_grant',
      description: 'The redirect_uri does not match the authorization request.',
    };
  if (grant.codeChallenge !== undefined) {
    if (!params.code_verifier) return { error: 'invalid_grant', description: 'Missing code verifier.' };
    if (!same(s256(params.code_verifier), grant.codeChallenge))
      return { error: 'invalid_grant', description: 'The code verifier does not match the code challenge.' };
  }
  return { grant };
}

/** The PKCE challenge of an authorization request, when it has a valid one. */
function challengeOf(params: Record<string, string>): string | undefined | Error {
  if (params.code_challenge === undefined) return undefined;
  if (params.code_challenge_method !== 'S256') return new Error('code_challenge_method must be S256');
  return params.code_challenge;
}

/** An RS256 key for ID tokens, and its public JWKS. */
async function idTokenKey(): Promise<{
  sign(claims: Record<string, unknown>): Promise<string>;
  jwks: JWK[];
}> {
  const kid = random(8);
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: [jwk],
    sign: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey),
  };
}

/** The ID token claims a fault changes. */
function idTokenClaims(
  fault: FakeFault | undefined,
  base: { iss: string; aud: string; nonce: string | undefined },
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const expired = fault === 'expiredIdToken';
  return {
    iss: fault === 'wrongIssuer' ? 'https://issuer.invalid' : base.iss,
    aud: fault === 'wrongAudience' ? 'someone-else' : base.aud,
    iat: expired ? now - 7200 : now,
    exp: expired ? now - 3600 : now + 3600,
    ...(base.nonce !== undefined && { nonce: fault === 'wrongNonce' ? 'not-the-nonce' : base.nonce }),
  };
}

async function followRedirect(authorizationUrl: string): Promise<FakeAuthorization> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location)
    throw new Error(`the authorization endpoint answered ${response.status}: ${await response.text()}`);
  const callback = new URL(location);
  const result: FakeAuthorization = {
    callbackUrl: `${callback.origin}${callback.pathname}`,
    method: 'GET',
    response: Object.fromEntries(callback.searchParams),
  };
  return result;
}

// ---------------------------------------------------------------------------------------------
// Google

/**
 * Google's OpenID Connect endpoints (discovery, `/o/oauth2/v2/auth`, `/token`, `/oauth2/v3/certs`)
 * with the issuer `https://accounts.google.com` — discovery through a `.well-known` URL does not
 * tie the issuer to the host.
 */
export async function startFakeGoogle(
  options: { clientId?: string; clientSecret?: string; issuer?: string } = {},
): Promise<FakeGoogle> {
  const clientId = options.clientId ?? '1234567890-fake.apps.googleusercontent.com';
  const clientSecret = options.clientSecret ?? `GOCSPX-${random(18)}`;
  const issuer = options.issuer ?? 'https://accounts.google.com';
  const key = await idTokenKey();
  const grants = new Map<string, Grant>();

  const server = await listen(async (req): Promise<Reply> => {
    const p = req.params;
    switch (`${req.method} ${req.url.pathname}`) {
      case 'GET /.well-known/openid-configuration':
        return {
          status: 200,
          json: {
            issuer,
            authorization_endpoint: `${fake.url}/o/oauth2/v2/auth`,
            token_endpoint: `${fake.url}/token`,
            jwks_uri: `${fake.url}/oauth2/v3/certs`,
            response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'none'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
            scopes_supported: ['openid', 'email', 'profile'],
            token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
            claims_supported: ['aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat'],
            code_challenge_methods_supported: ['plain', 'S256'],
          },
        };
      case 'GET /oauth2/v3/certs':
        return { status: 200, json: { keys: key.jwks } };
      case 'GET /o/oauth2/v2/auth': {
        const challenge = challengeOf(p);
        if (
          p.client_id !== clientId ||
          !p.redirect_uri ||
          p.response_type !== 'code' ||
          challenge instanceof Error
        )
          return { status: 400, html: '<p>Error 400: invalid_request</p>' };
        const back = new URL(p.redirect_uri);
        if (fake.nextFault === 'denied') {
          fake.nextFault = undefined;
          back.searchParams.set('error', 'access_denied');
        } else {
          const code = `4/${random()}`;
          grants.set(code, {
            clientId,
            redirectUri: p.redirect_uri,
            codeChallenge: challenge,
            nonce: p.nonce,
            scope: p.scope ?? '',
            user: { ...fake.nextUser },
            expiresAt: Date.now() + 600_000,
          });
          back.searchParams.set('code', code);
          back.searchParams.set('scope', p.scope ?? '');
          back.searchParams.set('authuser', '0');
          back.searchParams.set('prompt', 'consent');
        }
        if (p.state !== undefined) back.searchParams.set('state', p.state);
        return { status: 302, location: back.href };
      }
      case 'POST /token': {
        fake.tokenRequests.push({ ...p });
        const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const [basicId, basicSecret] = basic
          ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent)
          : [];
        const id = p.client_id ?? basicId;
        const secret = p.client_secret ?? basicSecret;
        if (id !== clientId || !same(secret, clientSecret))
          return { status: 401, json: { error: 'invalid_client', error_description: 'Unauthorized' } };
        if (p.grant_type !== 'authorization_code')
          return { status: 400, json: { error: 'unsupported_grant_type' } };
        const redeemed = redeem(grants, { ...p, client_id: id });
        if ('error' in redeemed)
          return { status: 400, json: { error: redeemed.error, error_description: redeemed.description } };
        const { grant } = redeemed;
        const fault = fake.nextFault !== 'denied' ? fake.nextFault : undefined;
        if (fault) fake.nextFault = undefined;
        const scopes = grant.scope.split(' ');
        const user = grant.user;
        const idToken = await key.sign({
          ...idTokenClaims(fault, { iss: issuer, aud: clientId, nonce: grant.nonce }),
          azp: clientId,
          sub: user.sub,
          ...(scopes.includes('email') &&
            user.email !== undefined && { email: user.email, email_verified: user.email_verified ?? true }),
          ...(scopes.includes('profile') && {
            ...(user.name !== undefined && { name: user.name }),
            ...(user.given_name !== undefined && { given_name: user.given_name }),
            ...(user.family_name !== undefined && { family_name: user.family_name }),
          }),
        });
        return {
          status: 200,
          json: {
            access_token: `ya29.${random()}`,
            expires_in: 3599,
            scope: grant.scope,
            token_type: 'Bearer',
            id_token: idToken,
          },
        };
      }
      default:
        return { status: 404, json: { error: 'not_found' } };
    }
  });

  const fake: FakeGoogle = {
    url: server.url,
    endpoints: { metadataUrl: `${server.url}/.well-known/openid-configuration` },
    issuer,
    clientId,
    clientSecret,
    nextUser: {
      sub: '109876543210987654321',
      email: 'alice@gmail.com',
      email_verified: true,
      name: 'Alice Example',
      given_name: 'Alice',
      family_name: 'Example',
    },
    nextFault: undefined,
    tokenRequests: [],
    authorize: followRedirect,
    close: server.close,
  };
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Facebook

const GRAPH_VERSION = 'v21.0';

const graphError = (status: number, message: string, type: string, code: number): Reply => ({
  status,
  json: { error: { message, type, code, fbtrace_id: random(8) } },
});

/**
 * Facebook Login's endpoints under the Graph API version path: the login dialog
 * (`/dialog/oauth`), `/oauth/access_token` (app secret, redirect URI and PKCE verifier checked)
 * and `/me`, which requires the `appsecret_proof` (as with "Require App Secret" on) and answers
 * the requested `fields`. Errors have the Graph API's shape.
 */
export async function startFakeFacebook(
  options: { clientId?: string; clientSecret?: string } = {},
): Promise<FakeFacebook> {
  const clientId = options.clientId ?? '987654321012345';
  const clientSecret = options.clientSecret ?? randomBytes(16).toString('hex');
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, FakeSocialUser>();

  const server = await listen(async (req): Promise<Reply> => {
    const p = req.params;
    const path = req.url.pathname;
    if (req.method === 'GET' && path === `/${GRAPH_VERSION}/dialog/oauth`) {
      const challenge = challengeOf(p);
      if (p.client_id !== clientId || !p.redirect_uri || challenge instanceof Error)
        return { status: 400, html: '<p>Invalid App ID or redirect URI</p>' };
      const back = new URL(p.redirect_uri);
      if (fake.nextFault === 'denied') {
        fake.nextFault = undefined;
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_code', '200');
        back.searchParams.set('error_description', 'Permissions error');
        back.searchParams.set('error_reason', 'user_denied');
      } else {
        const code = random(48);
        grants.set(code, {
          clientId,
          redirectUri: p.redirect_uri,
          codeChallenge: challenge,
          nonce: undefined,
          scope: p.scope ?? '',
          user: { ...fake.nextUser },
          expiresAt: Date.now() + 600_000,
        });
        back.searchParams.set('code', code);
      }
      if (p.state !== undefined) back.searchParams.set('state', p.state);
      // Facebook appends this fragment to its redirects.
      back.hash = '_=_';
      return { status: 302, location: back.href };
    }
    if (path === `/${GRAPH_VERSION}/oauth/access_token`) {
      fake.tokenRequests.push({ ...p });
      if (p.client_id !== clientId || !same(p.client_secret, clientSecret))
        return graphError(400, 'Error validating client secret.', 'OAuthException', 1);
      const redeemed = redeem(grants, p);
      if ('error' in redeemed) return graphError(400, redeemed.description, 'OAuthException', 100);
      const accessToken = `EAA${random(48)}`;
      accessTokens.set(accessToken, redeemed.grant.user);
      return { status: 200, json: { access_token: accessToken, token_type: 'bearer', expires_in: 5183944 } };
    }
    if (req.method === 'GET' && path === `/${GRAPH_VERSION}/me`) {
      fake.meRequests.push({ ...p });
      const token = /^(?:Bearer|OAuth) (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? p.access_token;
      const user = token ? accessTokens.get(token) : undefined;
      if (!token || !user)
        return graphError(
          400,
          'Invalid OAuth access token - Cannot parse access token',
          'OAuthException',
          190,
        );
      const proof = createHmac('sha256', clientSecret).update(token).digest('hex');
      if (!same(p.appsecret_proof, proof))
        return graphError(
          400,
          'Invalid appsecret_proof provided in the API argument',
          'GraphMethodException',
          100,
        );
      const profile: Record<string, string | undefined> = {
        id: user.sub,
        name: user.name,
        email: user.email,
        first_name: user.given_name,
        last_name: user.family_name,
      };
      const fields = (p.fields ?? 'id,name').split(',');
      const body = Object.fromEntries(
        fields.filter((f) => profile[f] !== undefined).map((f) => [f, profile[f] as string]),
      );
      return { status: 200, json: { ...body, id: user.sub } };
    }
    return graphError(404, 'Unknown path components', 'OAuthException', 2500);
  });

  const fake: FakeFacebook = {
    url: server.url,
    endpoints: {
      authorizationUrl: `${server.url}/${GRAPH_VERSION}/dialog/oauth`,
      tokenUrl: `${server.url}/${GRAPH_VERSION}/oauth/access_token`,
      meUrl: `${server.url}/${GRAPH_VERSION}/me`,
    },
    clientId,
    clientSecret,
    nextUser: {
      sub: '10229876543210123',
      email: 'bob@example.com',
      name: 'Bob Example',
      given_name: 'Bob',
      family_name: 'Example',
    },
    nextFault: undefined,
    tokenRequests: [],
    meRequests: [],
    authorize: followRedirect,
    close: server.close,
  };
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Apple

/** Apple's limit on a client secret's lifetime: six months. */
const APPLE_MAX_CLIENT_SECRET_S = 15_777_000;

/**
 * Sign in with Apple's endpoints (`/auth/authorize`, `/auth/token`, `/auth/keys`, discovery)
 * with the issuer `https://appleid.apple.com`. The token endpoint takes the client secret JWT
 * and verifies it with the public key of the fake's own key pair (`privateKeyPem` is the .p8 to
 * register): ES256, `kid` = keyId, `iss` = teamId, `sub` = serviceId = client_id, `aud` = the
 * issuer, `iat`/`exp` current and at most six months apart.
 */
export async function startFakeApple(
  options: { serviceId?: string; teamId?: string; keyId?: string; issuer?: string } = {},
): Promise<FakeApple> {
  const serviceId = options.serviceId ?? 'com.example.gatehouse.signin';
  const teamId = options.teamId ?? 'ABCDE12345';
  const keyId = options.keyId ?? 'KEY1234567';
  const issuer = options.issuer ?? 'https://appleid.apple.com';
  const clientKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateKeyPem = clientKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const key = await idTokenKey();
  const grants = new Map<string, Grant>();
  const consented = new Set<string>();

  async function clientSecretProblem(secret: string | undefined, clientId: string | undefined) {
    if (!secret) return 'no client_secret';
    try {
      const header = decodeProtectedHeader(secret);
      if (header.kid !== keyId) return 'unknown kid';
      const { payload } = await jwtVerify(secret, clientKey.publicKey, {
        algorithms: ['ES256'],
        issuer: teamId,
        subject: serviceId,
        audience: issuer,
        requiredClaims: ['iat', 'exp'],
      });
      if (clientId !== serviceId) return 'client_id is not the Services ID';
      if ((payload.exp as number) - (payload.iat as number) > APPLE_MAX_CLIENT_SECRET_S)
        return 'the client secret lives longer than six months';
      fake.clientSecrets.push({ header: { ...header }, claims: { ...payload } });
      return undefined;
    } catch (error) {
      return String(error);
    }
  }

  function formPostPage(redirectUri: string, fields: Record<string, string>): string {
    const inputs = Object.entries(fields)
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join('');
    return `<!doctype html><html><head><title>Sign in with Apple</title></head><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}<button type="submit">Continue</button></form></body></html>`;
  }

  const server = await listen(async (req): Promise<Reply> => {
    const p = req.params;
    switch (`${req.method} ${req.url.pathname}`) {
      case 'GET /.well-known/openid-configuration':
        return {
          status: 200,
          json: {
            issuer,
            authorization_endpoint: `${fake.url}/auth/authorize`,
            token_endpoint: `${fake.url}/auth/token`,
            revocation_endpoint: `${fake.url}/auth/revoke`,
            jwks_uri: `${fake.url}/auth/keys`,
            response_types_supported: ['code'],
            response_modes_supported: ['query', 'fragment', 'form_post'],
            subject_types_supported: ['pairwise'],
            id_token_signing_alg_values_supported: ['RS256'],
            scopes_supported: ['openid', 'email', 'name'],
            token_endpoint_auth_methods_supported: ['client_secret_post'],
            claims_supported: [
              'aud',
              'email',
              'email_verified',
              'exp',
              'iat',
              'is_private_email',
              'iss',
              'nonce',
            ],
          },
        };
      case 'GET /auth/keys':
        return { status: 200, json: { keys: key.jwks } };
      case 'GET /auth/authorize': {
        const challenge = challengeOf(p);
        const scopes = (p.scope ?? '').split(' ').filter(Boolean);
        if (
          p.client_id !== serviceId ||
          !p.redirect_uri ||
          p.response_type !== 'code' ||
          challenge instanceof Error
        )
          return { status: 400, html: '<p>invalid_request</p>' };
        // Apple answers a request for the user's name or email only by form post.
        if (scopes.some((s) => s === 'name' || s === 'email') && p.response_mode !== 'form_post')
          return { status: 400, html: '<p>invalid_request: response_mode must be form_post</p>' };
        const fields: Record<string, string> = {};
        if (fake.nextFault === 'denied') {
          fake.nextFault = undefined;
          fields.error = 'user_cancelled_authorize';
        } else {
          const user = { ...fake.nextUser };
          const code = `c${random(32)}.0.r${random(8)}`;
          grants.set(code, {
            clientId: serviceId,
            redirectUri: p.redirect_uri,
            codeChallenge: challenge,
            nonce: p.nonce,
            scope: scopes.join(' '),
            user,
            expiresAt: Date.now() + 300_000,
          });
          fields.code = code;
          // The name (and email) come only with the user's first consent to this app.
          const consent = `${serviceId}:${user.sub}`;
          if (!consented.has(consent)) {
            consented.add(consent);
            const first = {
              ...(scopes.includes('name') && {
                name: { firstName: user.given_name ?? '', lastName: user.family_name ?? '' },
              }),
              ...(scopes.includes('email') && user.email !== undefined && { email: user.email }),
            };
            if (Object.keys(first).length > 0) fields.user = JSON.stringify(first);
          }
        }
        if (p.state !== undefined) fields.state = p.state;
        return { status: 200, html: formPostPage(p.redirect_uri, fields) };
      }
      case 'POST /auth/token': {
        fake.tokenRequests.push({ ...p });
        const problem = await clientSecretProblem(p.client_secret, p.client_id);
        if (problem) return { status: 400, json: { error: 'invalid_client' } };
        if (p.grant_type !== 'authorization_code')
          return { status: 400, json: { error: 'unsupported_grant_type' } };
        const redeemed = redeem(grants, p);
        if ('error' in redeemed) return { status: 400, json: { error: redeemed.error } };
        const { grant } = redeemed;
        const fault = fake.nextFault !== 'denied' ? fake.nextFault : undefined;
        if (fault) fake.nextFault = undefined;
        const user = grant.user;
        const claims = idTokenClaims(fault, { iss: issuer, aud: serviceId, nonce: grant.nonce });
        const idToken = await key.sign({
          ...claims,
          sub: user.sub,
          ...(grant.nonce !== undefined && { nonce_supported: true }),
          auth_time: claims.iat,
          ...(grant.scope.split(' ').includes('email') &&
            user.email !== undefined && {
              email: user.email,
              email_verified: user.email_verified ?? 'true',
              is_private_email: String(user.email.endsWith('@privaterelay.appleid.com')),
            }),
          real_user_status: 2,
        });
        return {
          status: 200,
          json: {
            access_token: `a${random(32)}`,
            token_type: 'Bearer',
            expires_in: 3600,
            refresh_token: `r${random(32)}`,
            id_token: idToken,
          },
        };
      }
      default:
        return { status: 404, json: { error: 'not_found' } };
    }
  });

  const fake: FakeApple = {
    url: server.url,
    endpoints: { metadataUrl: `${server.url}/.well-known/openid-configuration` },
    issuer,
    serviceId,
    teamId,
    keyId,
    privateKeyPem,
    nextUser: {
      sub: '001234.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1234',
      email: 'carol@example.com',
      email_verified: 'true',
      given_name: 'Carol',
      family_name: 'Example',
    },
    nextFault: undefined,
    tokenRequests: [],
    clientSecrets: [],
    forgetConsent: (sub) => consented.delete(`${serviceId}:${sub}`),
    async authorize(authorizationUrl) {
      const response = await fetch(authorizationUrl, { redirect: 'manual' });
      const html = await response.text();
      if (response.status !== 200)
        throw new Error(`the authorization endpoint answered ${response.status}: ${html}`);
      const form = readForm(html, /./);
      return { callbackUrl: form.action, method: 'POST', response: form.fields };
    },
    close: server.close,
  };
  return fake;
}
