/**
 * Quickstarts: ready-to-paste configuration for one app registration, per stack. Pure
 * TypeScript (no React, no DOM) so the console, the docs and the examples share one source,
 * and tests import it. Every generator takes the app's real values and returns its files.
 */

export interface QuickstartInput {
  /** The tenant's issuer: `{base}/t/{tenantId}`. */
  issuer: string;
  /** The application (client) id. */
  clientId: string;
  /** A redirect URI registered on the app (web platform for server apps). */
  redirectUri?: string;
  /** A redirect URI of the single-page-app platform. */
  spaRedirectUri?: string;
  /** The secret, when it was just created; otherwise a placeholder is written. */
  clientSecret?: string;
  /** The API's identifier (the `aud` of its access tokens): its first identifier URI. */
  audience?: string;
  /** The JWKS URI from discovery (default `{issuer}/oauth2/jwks`). */
  jwksUri?: string;
}

export interface QuickstartFile {
  name: string;
  /** A language name for highlighting: javascript, typescript, tsx, python, shell, dotenv, json, text. */
  language: string;
  content: string;
}

export interface Quickstart {
  files: QuickstartFile[];
}

export type QuickstartId = 'express' | 'nextjs' | 'react' | 'flask' | 'api';

/** What a quickstart writes where the secret goes when it is not known. */
export const SECRET_PLACEHOLDER = 'PASTE-YOUR-CLIENT-SECRET-HERE';
/** Used when the app has no redirect URI of the kind the stack needs. */
export const DEFAULT_REDIRECT_URI = 'http://localhost:3000/callback';
export const DEFAULT_SPA_REDIRECT_URI = 'http://localhost:5173/callback';

const SCOPE = 'openid profile email';

/** A JavaScript/TypeScript/Python string literal (JSON's escaping is valid in all three). */
const str = (value: string) => JSON.stringify(value);

function parts(uri: string) {
  const url = new URL(uri);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { origin: url.origin, path: url.pathname || '/', port };
}

const jwksOf = (input: QuickstartInput) => input.jwksUri ?? `${input.issuer.replace(/\/$/, '')}/oauth2/jwks`;

/** Express 5 + openid-client 6: a confidential web app (authorization code + PKCE, secret). */
export function expressQuickstart(input: QuickstartInput): Quickstart {
  const redirectUri = input.redirectUri ?? DEFAULT_REDIRECT_URI;
  const { origin, path, port } = parts(redirectUri);
  const insecure = input.issuer.startsWith('http:');
  const app = `// app.mjs: sign users in to an Express app with Gatehouse (openid-client 6).
// npm install express@5 openid-client@6 && node app.mjs
import { randomBytes } from 'node:crypto';
import express from 'express';
import * as client from 'openid-client';

const issuer = new URL(${str(input.issuer)});
const clientId = ${str(input.clientId)};
const clientSecret = process.env.CLIENT_SECRET ?? ${str(input.clientSecret ?? SECRET_PLACEHOLDER)};
const redirectUri = ${str(redirectUri)};
const port = Number(process.env.PORT ?? ${port});

// The tenant's OpenID configuration; the app authenticates with its secret (client_secret_basic).
const config = await client.discovery(issuer, clientId, undefined, client.ClientSecretBasic(clientSecret)${
    insecure ? ', {\n  execute: [client.allowInsecureRequests], // http: local development only\n}' : ''
  });

// Sessions in memory, keyed by a random cookie (use a session store in production).
const sessions = new Map();
function session(req, res) {
  const id = /(?:^|;\\s*)app_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (id && sessions.has(id)) return sessions.get(id);
  const fresh = randomBytes(32).toString('base64url');
  sessions.set(fresh, {});
  res.cookie('app_session', fresh, { httpOnly: true, sameSite: 'lax', secure: redirectUri.startsWith('https:') });
  return sessions.get(fresh);
}
const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const app = express();

app.get('/', (req, res) => {
  const { user } = session(req, res);
  res.type('html').send(
    user
      ? \`<h1>Signed in as \${escape(user.name ?? user.email ?? user.sub)}</h1>
         <pre id="claims">\${escape(JSON.stringify(user, null, 2))}</pre>
         <a href="/logout">Sign out</a>\`
      : '<h1>Welcome</h1><a href="/login">Sign in</a>',
  );
});

app.get('/login', async (req, res) => {
  const s = session(req, res);
  s.codeVerifier = client.randomPKCECodeVerifier();
  s.state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: ${str(SCOPE)},
    code_challenge: await client.calculatePKCECodeChallenge(s.codeVerifier),
    code_challenge_method: 'S256',
    state: s.state,
  });
  res.redirect(url.href);
});

app.get(${str(path)}, async (req, res, next) => {
  try {
    const s = session(req, res);
    const tokens = await client.authorizationCodeGrant(config, new URL(req.originalUrl, ${str(origin)}), {
      pkceCodeVerifier: s.codeVerifier,
      expectedState: s.state,
    });
    s.user = tokens.claims();
    s.idToken = tokens.id_token;
    res.redirect('/');
  } catch (error) {
    next(error);
  }
});

app.get('/logout', (req, res) => {
  const s = session(req, res);
  const url = client.buildEndSessionUrl(config, { id_token_hint: s.idToken ?? '', client_id: clientId });
  s.user = undefined;
  res.redirect(url.href);
});

app.listen(port, () => console.log(\`Listening on ${origin.replace(/:\d+$/, '')}:\${port}\`));
`;
  return {
    files: [
      { name: 'app.mjs', language: 'javascript', content: app },
      {
        name: 'package.json',
        language: 'json',
        content: `${JSON.stringify(
          {
            name: 'gatehouse-express-quickstart',
            private: true,
            type: 'module',
            scripts: { start: 'node app.mjs' },
            dependencies: { express: '^5.1.0', 'openid-client': '^6.9.0' },
          },
          null,
          2,
        )}\n`,
      },
    ],
  };
}

/** Next.js (App Router) + Auth.js v5: the provider is Gatehouse's OIDC discovery. */
export function nextAuthQuickstart(input: QuickstartInput): Quickstart {
  const { origin } = parts(input.redirectUri ?? DEFAULT_REDIRECT_URI);
  return {
    files: [
      {
        name: 'auth.ts',
        language: 'typescript',
        content: `// auth.ts: npm install next-auth@5
// Auth.js sends users back to ${origin}/api/auth/callback/gatehouse: add it as a web redirect URI.
import NextAuth from 'next-auth';

export const { handlers, auth, signIn, signOut } = NextAuth({
  providers: [
    {
      id: 'gatehouse',
      name: 'Gatehouse',
      type: 'oidc',
      issuer: ${str(input.issuer)},
      clientId: ${str(input.clientId)},
      clientSecret: process.env.AUTH_GATEHOUSE_SECRET,
      authorization: { params: { scope: ${str(SCOPE)} } },
      checks: ['pkce', 'state'],
      client: { token_endpoint_auth_method: 'client_secret_basic' },
    },
  ],
});
`,
      },
      {
        name: 'app/api/auth/[...nextauth]/route.ts',
        language: 'typescript',
        content: `import { handlers } from '@/auth';

export const { GET, POST } = handlers;
`,
      },
      {
        name: 'app/page.tsx',
        language: 'tsx',
        content: `import { auth, signIn, signOut } from '@/auth';

export default async function Home() {
  const session = await auth();
  if (!session?.user)
    return (
      <form action={async () => { 'use server'; await signIn('gatehouse'); }}>
        <button type="submit">Sign in</button>
      </form>
    );
  return (
    <main>
      <h1>Signed in as {session.user.name ?? session.user.email}</h1>
      <form action={async () => { 'use server'; await signOut(); }}>
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}
`,
      },
      {
        name: '.env.local',
        language: 'dotenv',
        content: `# npx auth secret   (writes AUTH_SECRET)
AUTH_SECRET=
AUTH_URL=${origin}
AUTH_GATEHOUSE_SECRET=${input.clientSecret ?? SECRET_PLACEHOLDER}
`,
      },
    ],
  };
}

/** A React single-page app with oidc-client-ts (authorization code + PKCE, no secret). */
export function reactSpaQuickstart(input: QuickstartInput): Quickstart {
  const redirectUri = input.spaRedirectUri ?? DEFAULT_SPA_REDIRECT_URI;
  const { origin, path } = parts(redirectUri);
  return {
    files: [
      {
        name: 'src/auth.ts',
        language: 'typescript',
        content: `// npm install oidc-client-ts
// ${redirectUri} must be a redirect URI of the single-page application platform.
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';

export const userManager = new UserManager({
  authority: ${str(input.issuer)},
  client_id: ${str(input.clientId)},
  redirect_uri: ${str(redirectUri)},
  post_logout_redirect_uri: ${str(redirectUri)},
  response_type: 'code',
  scope: ${str(SCOPE)},
  // Tokens in memory only: a reload signs in again silently through the Gatehouse session.
  userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
});
`,
      },
      {
        name: 'src/App.tsx',
        language: 'tsx',
        content: `import type { User } from 'oidc-client-ts';
import { useEffect, useState } from 'react';
import { userManager } from './auth';

export function App() {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => {
    if (window.location.pathname === ${str(path)} && window.location.search.includes('code=')) {
      userManager.signinRedirectCallback().then((signedIn) => {
        window.history.replaceState({}, '', ${str(`${origin}/`)});
        setUser(signedIn);
      });
    } else {
      userManager.getUser().then(setUser);
    }
  }, []);
  if (!user) return <button type="button" onClick={() => userManager.signinRedirect()}>Sign in</button>;
  return (
    <main>
      <h1>Signed in as {user.profile.name ?? user.profile.email ?? user.profile.sub}</h1>
      <pre>{JSON.stringify(user.profile, null, 2)}</pre>
      <button type="button" onClick={() => userManager.signoutRedirect()}>Sign out</button>
    </main>
  );
}
`,
      },
    ],
  };
}

/** Python: Flask + Authlib, a confidential web app. */
export function flaskQuickstart(input: QuickstartInput): Quickstart {
  const redirectUri = input.redirectUri ?? DEFAULT_REDIRECT_URI;
  const { path, port } = parts(redirectUri);
  return {
    files: [
      {
        name: 'app.py',
        language: 'python',
        content: `# pip install -r requirements.txt && python app.py
import json
import os

from authlib.integrations.flask_client import OAuth
from flask import Flask, redirect, session
from markupsafe import escape

ISSUER = ${str(input.issuer)}
CLIENT_ID = ${str(input.clientId)}
CLIENT_SECRET = os.environ.get("CLIENT_SECRET", ${str(input.clientSecret ?? SECRET_PLACEHOLDER)})
REDIRECT_URI = ${str(redirectUri)}

app = Flask(__name__)
app.secret_key = os.environ.get("FLASK_SECRET_KEY") or os.urandom(32)

oauth = OAuth(app)
oauth.register(
    "gatehouse",
    client_id=CLIENT_ID,
    client_secret=CLIENT_SECRET,
    server_metadata_url=f"{ISSUER}/.well-known/openid-configuration",
    client_kwargs={
        "scope": ${str(SCOPE)},
        "code_challenge_method": "S256",
        "token_endpoint_auth_method": "client_secret_basic",
    },
)


@app.route("/")
def home():
    user = session.get("user")
    if not user:
        return '<h1>Welcome</h1><a href="/login">Sign in</a>'
    name = user.get("name") or user.get("email") or user["sub"]
    return f"<h1>Signed in as {escape(name)}</h1><pre>{escape(json.dumps(user, indent=2))}</pre>"


@app.route("/login")
def login():
    return oauth.gatehouse.authorize_redirect(REDIRECT_URI)


@app.route(${str(path)})
def callback():
    token = oauth.gatehouse.authorize_access_token()
    session["user"] = token["userinfo"]
    return redirect("/")


if __name__ == "__main__":
    app.run(port=${port})
`,
      },
      { name: 'requirements.txt', language: 'text', content: 'Flask>=3\nAuthlib>=1.3\nrequests>=2\n' },
    ],
  };
}

/** An API validating Gatehouse's JWT access tokens: jose for Node, PyJWT for Python. */
export function apiQuickstart(input: QuickstartInput): Quickstart {
  const audience = input.audience ?? `api://${input.clientId}`;
  const jwks = jwksOf(input);
  return {
    files: [
      {
        name: 'verify-token.mjs',
        language: 'javascript',
        content: `// npm install jose
// Clients ask for a token with resource=${audience} (or scope=${audience}/.default).
import { createRemoteJWKSet, jwtVerify } from 'jose';

const jwks = createRemoteJWKSet(new URL(${str(jwks)}));

/** The token's claims when it is valid for this API, else throws. */
export async function verifyAccessToken(authorization) {
  const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new Error('no bearer token');
  const { payload } = await jwtVerify(token, jwks, {
    issuer: ${str(input.issuer)},
    audience: ${str(audience)},
  });
  return payload; // payload.scp: delegated scopes; payload.roles: app roles
}
`,
      },
      {
        name: 'verify_token.py',
        language: 'python',
        content: `# pip install "pyjwt[crypto]"
import jwt

ISSUER = ${str(input.issuer)}
AUDIENCE = ${str(audience)}
jwks = jwt.PyJWKClient(${str(jwks)})


def verify_access_token(authorization: str) -> dict:
    """The token's claims when it is valid for this API; raises otherwise."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ValueError("no bearer token")
    key = jwks.get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256", "PS256", "ES256"], audience=AUDIENCE, issuer=ISSUER)
`,
      },
    ],
  };
}

export const QUICKSTARTS: { id: QuickstartId; generate: (input: QuickstartInput) => Quickstart }[] = [
  { id: 'express', generate: expressQuickstart },
  { id: 'nextjs', generate: nextAuthQuickstart },
  { id: 'react', generate: reactSpaQuickstart },
  { id: 'flask', generate: flaskQuickstart },
  { id: 'api', generate: apiQuickstart },
];
