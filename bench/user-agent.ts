/**
 * The client side of the interactive benchmarks: a user agent with JavaScript off (manual
 * redirects, a cookie jar by name and path, like test/support/browser.ts) and the relying
 * party's token requests. Kept lean, as it shares the machine's cores with the server: it
 * speaks node:http over keep-alive connections, which costs about a third of the CPU that
 * fetch does per request (measured on the development VM).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';

const random = () => randomBytes(32).toString('base64url');

/** Cookies by name and path for one origin, as a browser keeps them (the benchmarks use one origin). */
export class CookieJar {
  readonly #cookies = new Map<string, { name: string; value: string; path: string }>();

  header(url: URL): string {
    return [...this.#cookies.values()]
      .filter((c) => url.pathname.startsWith(c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  store(url: URL, setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      let path = url.pathname;
      let expired = false;
      for (const attribute of attributes) {
        const a = attribute.trim();
        if (/^path=/i.test(a)) path = a.slice(5);
        else if (/^max-age=0$/i.test(a) || /^expires=Thu, 01 Jan 1970/i.test(a)) expired = true;
      }
      const key = `${name}\n${path}`;
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }
}

const agent = new Agent({ keepAlive: true });

interface Reply {
  status: number;
  location: string | undefined;
  setCookie: string[] | undefined;
  body: string;
}

/** One HTTP request over a kept-alive connection; the whole body is read. */
function exchange(url: URL, method: string, headers: OutgoingHttpHeaders, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        method,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location,
            setCookie: response.headers['set-cookie'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`${method} ${url.pathname}: timed out`)));
    outgoing.end(body);
  });
}

/** One request with the jar's cookies, no redirect following. */
async function send(
  jar: CookieJar,
  url: URL,
  form?: Record<string, string>,
): Promise<{ status: number; location: URL | undefined; body: string }> {
  const cookie = jar.header(url);
  const reply = await exchange(
    url,
    form ? 'POST' : 'GET',
    {
      ...(cookie && { cookie }),
      ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
    },
    form && new URLSearchParams(form).toString(),
  );
  jar.store(url, reply.setCookie);
  return {
    status: reply.status,
    location: reply.location ? new URL(reply.location, url) : undefined,
    body: reply.body,
  };
}

export interface RelyingParty {
  /** `{base}/t/demo` for Gatehouse, the issuer for the bare provider. */
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
  /** More authorization request parameters, e.g. `prompt`. */
  extraParams?: Record<string, string>;
}

export interface TokenSet {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** A token request with client_secret_basic; anything but a 200 with an access token throws. */
export async function tokenRequest(rp: RelyingParty, params: Record<string, string>): Promise<TokenSet> {
  const { status, body: text } = await exchange(
    new URL(rp.tokenEndpoint),
    'POST',
    {
      authorization: basic(rp.clientId, rp.clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    new URLSearchParams(params).toString(),
  );
  if (status !== 200) throw new Error(`token endpoint: ${status} ${text.slice(0, 300)}`);
  const tokens = JSON.parse(text) as TokenSet;
  if (!tokens.access_token) throw new Error(`token endpoint: no access token in ${text.slice(0, 300)}`);
  return tokens;
}

export interface Credentials {
  login: string;
  password: string;
}

/** The first form on a page whose action ends in /login: its action and hidden csrf field. */
function loginForm(html: string, page: URL): { action: URL; csrf: string } {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = /action="([^"]*)"/.exec(match[1] ?? '')?.[1]?.replaceAll('&amp;', '&');
    if (!action?.endsWith('/login')) continue;
    const csrf = /<input\b[^>]*name="csrf"[^>]*value="([^"]*)"/.exec(match[2] ?? '')?.[1];
    if (csrf === undefined) break;
    return { action: new URL(action, page), csrf };
  }
  throw new Error(`no sign-in form at ${page.pathname}: ${html.slice(0, 300)}`);
}

/**
 * One whole sign-in as a fresh browser would make it: authorize → (sign-in page → credentials,
 * when `credentials` are given; the bare provider logs in without a page) → every redirect
 * through oidc-provider, an automatic consent step included → the callback's code → the token
 * endpoint (authorization_code with PKCE). Throws on anything a user would not get through.
 */
export async function signIn(rp: RelyingParty, credentials?: Credentials): Promise<TokenSet> {
  const jar = new CookieJar();
  const verifier = random();
  const state = random();
  const authorize = new URL(rp.authorizationEndpoint);
  authorize.search = new URLSearchParams({
    client_id: rp.clientId,
    response_type: 'code',
    redirect_uri: rp.redirectUri,
    scope: rp.scope,
    state,
    nonce: random(),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...rp.extraParams,
  }).toString();

  let url = authorize;
  let form: Record<string, string> | undefined;
  let signedIn = credentials === undefined;
  for (let hop = 0; hop < 12; hop++) {
    const response = await send(jar, url, form);
    form = undefined;
    if (response.status === 200 && !signedIn && credentials) {
      const page = loginForm(response.body, url);
      url = page.action;
      form = { csrf: page.csrf, login: credentials.login, password: credentials.password };
      signedIn = true;
      continue;
    }
    if (response.status < 300 || response.status >= 400 || !response.location) {
      throw new Error(
        `${url.pathname}: ${response.status} ${response.body.replace(/\s+/g, ' ').slice(0, 300)}`,
      );
    }
    if (response.location.href.startsWith(rp.redirectUri)) {
      const params = response.location.searchParams;
      const code = params.get('code');
      if (!code || params.get('state') !== state)
        throw new Error(`callback without a code: ${response.location.search}`);
      return tokenRequest(rp, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: rp.redirectUri,
        code_verifier: verifier,
      });
    }
    url = response.location;
  }
  throw new Error('too many redirects');
}
