/**
 * What every benchmark shares: the compiled servers, starting them as child processes, setting
 * Gatehouse up through its admin API, and cleaning up on exit, failure or Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from './build.js';
import { type ChildServer, freePort, startServer } from './child.js';
import { basic } from './user-agent.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
// `BENCH_FROM=tsx` runs the TypeScript sources through tsx instead of compiling them first.
const VIA_TSX = process.env.BENCH_FROM === 'tsx';
// Extra node flags for the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the time goes.
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

const cleanups: Array<() => unknown> = [];
export const defer = (cleanup: () => unknown) => cleanups.push(cleanup);

export async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('cleanup:', (error as Error).message);
    }
  }
}

export async function call<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** This process's environment minus Gatehouse settings: the bench's server must not reach a real database. */
export const inheritedEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GATEHOUSE_')));

/** The child scripts, as plain JS compiled into a temp dir (or TypeScript via tsx). */
export interface Scripts {
  gatehouse: string;
  bare: string;
  argon2: string;
  how: string;
  /** A fresh, empty directory for each call (one Gatehouse data dir each). */
  newDataDir(): string;
}

/** Compiles src/ and the baselines into a temp dir (or points at the sources, via tsx). */
export async function prepare(): Promise<Scripts> {
  const tmp = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  defer(() => rmSync(tmp, { recursive: true, force: true }));
  let dirs = 0;
  const newDataDir = () => {
    const dir = join(tmp, `data-${++dirs}`);
    mkdirSync(dir);
    return dir;
  };
  if (VIA_TSX) {
    return {
      gatehouse: join(ROOT, 'src/main.ts'),
      bare: join(ROOT, 'bench/bare-provider.ts'),
      argon2: join(ROOT, 'bench/argon2-verify.ts'),
      how: 'TypeScript sources via tsx',
      newDataDir,
    };
  }
  const build = join(tmp, 'build');
  mkdirSync(build);
  const complaints = await compile(ROOT, build);
  if (complaints) console.warn(`tsc reported errors (compiled anyway):\n${complaints}`);
  const scripts = {
    gatehouse: join(build, 'src/main.js'),
    bare: join(build, 'bench/bare-provider.js'),
    argon2: join(build, 'bench/argon2-verify.js'),
  };
  for (const script of Object.values(scripts))
    if (!existsSync(script)) throw new Error(`compilation produced no ${script}`);
  return { ...scripts, how: 'compiled with tsc into a temp dir (as `npm start`)', newDataDir };
}

/** Arguments for `node` to run a script: tsx's loader for TypeScript, and BENCH_NODE_ARGS. */
export const nodeArgs = (script: string, args: string[] = []) => [
  ...NODE_ARGS,
  ...(script.endsWith('.ts') ? ['--import', 'tsx'] : []),
  script,
  ...args,
];

interface ChildSpec {
  name: string;
  script: string;
  args?: string[];
  /** The environment, given the base URL the child will serve at. */
  env: (base: string) => Record<string, string>;
  readyPath: string;
}

export async function startChild(spec: ChildSpec): Promise<{ server: ChildServer; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer({
    name: spec.name,
    args: nodeArgs(spec.script, spec.args),
    cwd: ROOT,
    env: { ...inheritedEnv(), ...spec.env(base), PORT: String(port) },
    readyUrl: `${base}${spec.readyPath}`,
    timeoutMs: 60_000,
  });
  defer(() => server.stop());
  return { server, base };
}

export interface GatehouseChild {
  server: ChildServer;
  base: string;
  /** Resident memory as soon as the server answers, before any setup or load. */
  rssStartMb: number;
  /** POSTs JSON to the admin API under /api/v1/tenants/demo and parses the reply. */
  demoApi<T>(path: string, body: unknown): Promise<T>;
  /** Any admin API call (path from /api/v1) with the admin token: the status and the parsed reply. */
  // biome-ignore lint/suspicious/noExplicitAny: admin API replies are read freely
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/**
 * Gatehouse as `npm start` runs it, on a fresh SQLite data dir, listening on loopback only,
 * with a random admin client secret, holding an admin API token for tenant `demo`.
 */
export async function startGatehouse(
  scripts: Scripts,
  extraEnv: Record<string, string> = {},
): Promise<GatehouseChild> {
  const adminSecret = randomBytes(24).toString('base64url');
  const { server, base } = await startChild({
    name: 'Gatehouse',
    script: scripts.gatehouse,
    args: ['start'],
    env: (base) => ({
      GATEHOUSE_HOST: '127.0.0.1',
      GATEHOUSE_BASE_URL: base,
      GATEHOUSE_DATA_DIR: scripts.newDataDir(),
      GATEHOUSE_ADMIN_CLIENT_SECRET: adminSecret,
      GATEHOUSE_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
      GATEHOUSE_KEY_ACTIVATION_DELAY: '0',
      GATEHOUSE_LOG_LEVEL: 'warn',
      ...extraEnv,
    }),
    readyPath: '/healthz',
  });
  const rssStartMb = server.rssMb();
  const { access_token: adminToken } = await call<{ access_token: string }>(`${base}/t/admin/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: basic('gatehouse-admin-cli', adminSecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${base}/api/.default` }).toString(),
  });
  const demoApi = <T>(path: string, body: unknown) =>
    call<T>(`${base}/api/v1/tenants/demo${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return { server, base, rssStartMb, demoApi, api };
}

/** Registers an app (web redirect URI or none) with one secret, as an operator would. */
export async function registerApp(
  gatehouse: GatehouseChild,
  displayName: string,
  redirectUri?: string,
): Promise<{ appId: string; secret: string }> {
  const app = await gatehouse.demoApi<{ id: string; appId: string }>('/applications', {
    displayName,
    ...(redirectUri && { web: { redirectUris: [redirectUri] } }),
  });
  const { secretText } = await gatehouse.demoApi<{ secretText: string }>(
    `/applications/${app.id}/addPassword`,
    {},
  );
  return { appId: app.appId, secret: secretText };
}

/** The password every benchmark user gets: strong enough for Gatehouse's policy. */
export const BENCH_PASSWORD = 'Correct-Horse-Battery-Staple-42';

/** Creates `count` users in tenant demo, bench-user-{i}@example.com, all with BENCH_PASSWORD. */
export async function createUsers(gatehouse: GatehouseChild, count: number): Promise<string[]> {
  const logins: string[] = [];
  for (let i = 0; i < count; i++) {
    const mail = `bench-user-${i}@example.com`;
    await gatehouse.demoApi('/users', {
      displayName: `Bench User ${i}`,
      mail,
      passwordProfile: { password: BENCH_PASSWORD },
    });
    logins.push(mail);
  }
  return logins;
}

/** The libuv pool that hashes passwords and signs tokens in every child: its size, for the report. */
export const poolThreads = () => {
  const size = process.env.UV_THREADPOOL_SIZE;
  return size ? `${size} (UV_THREADPOOL_SIZE)` : '4 (the default; UV_THREADPOOL_SIZE unset)';
};

/** Right-aligned table rows, the first column left-aligned. */
export function row(cells: Array<string | number>, first = 20): void {
  console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(first) : String(c).padStart(11))).join(''));
}

export const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
