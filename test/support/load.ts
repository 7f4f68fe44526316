import { createHash, randomBytes } from 'node:crypto';
import { Browser, readForm } from './browser.js';

/**
 * A small load driver over real HTTP: a few kinds of operation (client-credentials token
 * requests, full password sign-ins with the code exchange) run in a loop by N workers, every
 * result kept with its time, so a test (or a script) can inject a fault meanwhile and read what
 * clients saw before, during and after it. It imports no test framework: scripts in bench/ can
 * use it too.
 */

export interface OperationOutcome {
  ok: boolean;
  /** The HTTP status that decided the outcome, or 0 when no answer came (connection error). */
  status: number;
  /** A short description of a failure (an error code, a page's first words, a network error). */
  detail?: string;
  /**
   * The correlation id of the sign-in the client was given its token or code for: the sign-in
   * log entry of that sign-in carries it.
   */
  correlationId?: string;
}

export interface Operation {
  name: string;
  run(): Promise<OperationOutcome>;
}

export interface LoadSample extends OperationOutcome {
  name: string;
  /** When the operation started and how long it took, in ms (Date.now()). */
  startedAt: number;
  ms: number;
}

export interface LoadSummary {
  total: number;
  ok: number;
  failed: number;
  /** Counts by `name status` (`token 200`, `sign-in 503`…). */
  outcomes: Record<string, number>;
  maxMs: number;
}

export interface LoadRun {
  readonly samples: readonly LoadSample[];
  /** Results since a time (Date.now()), or all of them. */
  summary(since?: number): LoadSummary;
  /** Resolves when a sample matching `predicate` has been recorded after `since` (or rejects after `timeoutMs`). */
  waitFor(predicate: (sample: LoadSample) => boolean, since: number, timeoutMs: number): Promise<LoadSample>;
  /** Lets the operations in flight finish and stops. */
  stop(): Promise<LoadSummary>;
}

/** Runs `operations` round-robin on `concurrency` workers until stopped. */
export function startLoad(
  operations: Operation[],
  { concurrency = 4, pauseMs = 0 }: { concurrency?: number; pauseMs?: number } = {},
): LoadRun {
  const samples: LoadSample[] = [];
  let running = true;
  let next = 0;
  const watchers = new Set<(sample: LoadSample) => void>();

  async function worker(): Promise<void> {
    while (running) {
      const operation = operations[next++ % operations.length] as Operation;
      const startedAt = Date.now();
      let outcome: OperationOutcome;
      try {
        outcome = await operation.run();
      } catch (error) {
        outcome = { ok: false, status: 0, detail: (error as Error).message };
      }
      const sample = { name: operation.name, startedAt, ms: Date.now() - startedAt, ...outcome };
      samples.push(sample);
      for (const watcher of watchers) watcher(sample);
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
  const workers = Array.from({ length: concurrency }, () => worker());

  function summary(since = 0): LoadSummary {
    const chosen = samples.filter((s) => s.startedAt >= since);
    const outcomes: Record<string, number> = {};
    for (const s of chosen) {
      const key = `${s.name} ${s.status}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    const ok = chosen.filter((s) => s.ok).length;
    return {
      total: chosen.length,
      ok,
      failed: chosen.length - ok,
      outcomes,
      maxMs: Math.max(0, ...chosen.map((s) => s.ms)),
    };
  }

  return {
    samples,
    summary,
    waitFor(predicate, since, timeoutMs) {
      const found = samples.find((s) => s.startedAt >= since && predicate(s));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`no matching result within ${timeoutMs} ms: ${JSON.stringify(summary(since))}`));
        }, timeoutMs);
        const watch = (sample: LoadSample) => {
          if (sample.startedAt < since || !predicate(sample)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(sample);
        };
        watchers.add(watch);
      });
    },
    async stop() {
      running = false;
      await Promise.all(workers);
      return summary();
    },
  };
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

const describeFailure = async (response: Response): Promise<string> => {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: string | { code?: string } };
    return typeof body.error === 'string' ? body.error : (body.error?.code ?? text.slice(0, 80));
  } catch {
    return text.replace(/\s+/g, ' ').slice(0, 80);
  }
};

/** A client-credentials token request of a daemon app. */
export function clientCredentials(
  baseUrl: string,
  tenantId: string,
  app: { appId: string; secret: string },
  { name = 'token', scope }: { name?: string; scope?: string } = {},
): Operation {
  return {
    name,
    async run() {
      const response = await fetch(`${baseUrl}/t/${tenantId}/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: basic(app.appId, app.secret),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope && { scope }) }),
      });
      if (response.status !== 200)
        return { ok: false, status: response.status, detail: await describeFailure(response) };
      const body = (await response.json()) as { access_token?: string };
      return {
        ok: Boolean(body.access_token),
        status: 200,
        correlationId: response.headers.get('x-correlation-id') ?? undefined,
      };
    },
  };
}

/**
 * A whole interactive sign-in of a web app, as a browser and the app do it: the authorization
 * request, the password typed on the hosted sign-in page, the redirect back with a code, and the
 * code exchanged (PKCE) for tokens. Each run is a fresh browser; `credentials` picks the user.
 */
export function passwordSignIn(
  baseUrl: string,
  tenantId: string,
  app: { appId: string; secret: string; callback: string },
  credentials: () => { login: string; password: string },
  { name = 'sign-in', headers = {} }: { name?: string; headers?: Record<string, string> } = {},
): Operation {
  return {
    name,
    async run() {
      // The sign-in's requests carry one correlation id of ours: its log entry is found by it.
      const correlationId = randomBytes(12).toString('hex');
      const browser = new Browser({ 'x-correlation-id': correlationId, ...headers });
      const verifier = randomBytes(32).toString('base64url');
      const authorize = new URL(`${baseUrl}/t/${tenantId}/oauth2/authorize`);
      authorize.search = new URLSearchParams({
        client_id: app.appId,
        redirect_uri: app.callback,
        response_type: 'code',
        scope: 'openid',
        state: randomBytes(8).toString('hex'),
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      const page = await browser.navigate(authorize, app.callback);
      if (page.status !== 200 || !page.body.includes('name="password"'))
        return { ok: false, status: page.status, detail: `sign-in page: ${pageText(page.body)}` };
      const form = readForm(page.body, /\/login$/);
      const after = await browser.navigate(new URL(form.action, baseUrl), app.callback, {
        form: { ...form.fields, ...credentials() },
      });
      const code = after.redirectedTo && new URL(after.redirectedTo).searchParams.get('code');
      if (!code)
        return { ok: false, status: after.status, detail: `after the password: ${pageText(after.body)}` };
      const response = await fetch(`${baseUrl}/t/${tenantId}/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: basic(app.appId, app.secret),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: app.callback,
          code_verifier: verifier,
        }),
      });
      // The client holds its code by now, whatever the exchange gives.
      if (response.status !== 200)
        return { ok: false, status: response.status, detail: await describeFailure(response), correlationId };
      return { ok: true, status: 200, correlationId };
    },
  };
}

/** The alert (or else the first words) of a hosted page, to say why a sign-in stopped. */
function pageText(body: string): string {
  const alert = /<p role="alert">([^<]*)</.exec(body)?.[1];
  return (alert ?? body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim().slice(0, 100);
}

export interface LoadFixture {
  daemon: { appId: string; secret: string };
  /** The scope a daemon asks for: `{identifierUri}/.default` of an API, so its tokens are JWTs. */
  scope: string;
  web: { appId: string; secret: string; callback: string };
  users: { login: string; password: string }[];
}

// biome-ignore lint/suspicious/noExplicitAny: admin API replies are read freely, as in test/support/gatehouse.ts
type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * What the operations need in a tenant, made through the admin API: an API (its tokens are JWTs,
 * issued without writing anything), a daemon app, a web app with one redirect URI (never followed:
 * the driver stops at it), and `users` users with a password.
 */
export async function prepareLoadFixture(
  api: Api,
  tenantId: string,
  { users = 3, password = 'Load-Test-Password-4711', callback = 'https://load.example/callback' } = {},
): Promise<LoadFixture> {
  const register = async (registration: Record<string, unknown>) => {
    const app = await api('POST', `/api/v1/tenants/${tenantId}/applications`, registration);
    if (app.status !== 201) throw new Error(`cannot register an app: ${JSON.stringify(app.body)}`);
    const secret = await api(
      'POST',
      `/api/v1/tenants/${tenantId}/applications/${app.body.id}/addPassword`,
      {},
    );
    if (secret.status !== 200) throw new Error(`cannot add a secret: ${JSON.stringify(secret.body)}`);
    return { appId: app.body.appId as string, secret: secret.body.secretText as string };
  };
  const suffix = randomBytes(4).toString('hex');
  const identifierUri = `api://load-${suffix}`;
  const resource = await api('POST', `/api/v1/tenants/${tenantId}/applications`, {
    displayName: 'Load API',
    identifierUris: [identifierUri],
    api: { oauth2PermissionScopes: [{ value: 'load.read', adminConsentDisplayName: 'Read' }] },
    appRoles: [
      {
        value: 'Load.Run',
        displayName: 'Run load',
        description: 'App-only',
        allowedMemberTypes: ['Application'],
      },
    ],
  });
  if (resource.status !== 201) throw new Error(`cannot register an API: ${JSON.stringify(resource.body)}`);
  const daemon = await register({ displayName: 'Load daemon' });
  await grantAppRole(api, tenantId, daemon.appId, resource.body.appId, resource.body.appRoles[0].id);
  const web = {
    ...(await register({ displayName: 'Load web app', web: { redirectUris: [callback] } })),
    callback,
  };
  const created: LoadFixture['users'] = [];
  for (let i = 0; i < users; i++) {
    const login = `load-${suffix}-${i}@example.com`;
    const user = await api('POST', `/api/v1/tenants/${tenantId}/users`, {
      displayName: `Load user ${i}`,
      mail: login,
      passwordProfile: { password },
    });
    if (user.status !== 201) throw new Error(`cannot create a user: ${JSON.stringify(user.body)}`);
    created.push({ login, password });
  }
  return { daemon, scope: `${identifierUri}/.default`, web, users: created };
}

/** Assigns an API's app role to a client's service principal: an application permission. */
export async function grantAppRole(
  api: Api,
  tenantId: string,
  clientAppId: string,
  resourceAppId: string,
  appRoleId: string,
): Promise<void> {
  const spOf = async (appId: string): Promise<string> => {
    const filter = encodeURIComponent(`appId eq '${appId}'`);
    const found = await api('GET', `/api/v1/tenants/${tenantId}/servicePrincipals?$filter=${filter}`);
    const id = found.body?.value?.[0]?.id;
    if (!id) throw new Error(`no service principal for ${appId}: ${JSON.stringify(found.body)}`);
    return id;
  };
  const client = await spOf(clientAppId);
  const assigned = await api(
    'POST',
    `/api/v1/tenants/${tenantId}/servicePrincipals/${client}/appRoleAssignments`,
    {
      principalId: client,
      resourceId: await spOf(resourceAppId),
      appRoleId,
    },
  );
  if (assigned.status !== 201) throw new Error(`cannot grant an app role: ${JSON.stringify(assigned.body)}`);
}

/** Client credentials and password sign-ins of a fixture, round-robin over its users. */
export function mixedOperations(baseUrl: string, tenantId: string, fixture: LoadFixture): Operation[] {
  let user = 0;
  return [
    clientCredentials(baseUrl, tenantId, fixture.daemon, { scope: fixture.scope }),
    passwordSignIn(
      baseUrl,
      tenantId,
      fixture.web,
      () => fixture.users[user++ % fixture.users.length] as { login: string; password: string },
    ),
  ];
}
