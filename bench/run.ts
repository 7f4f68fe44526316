/**
 * Client credentials token issuance: Gatehouse against a bare oidc-provider configured the
 * same way, in the same run, on loopback. Each server runs in its own child process; the load
 * generator (autocannon) runs here. See docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { compile } from './build.js';
import { type ChildServer, freePort, startServer } from './child.js';
import { compare, type LoadFigures, type LoadTarget } from './load.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLAN = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  warmupSeconds: Number(process.env.BENCH_WARMUP ?? 3),
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
};
// `BENCH_FROM=tsx` runs the TypeScript sources through tsx instead of compiling them first.
const VIA_TSX = process.env.BENCH_FROM === 'tsx';
// Extra node flags for both servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the time goes.
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const RESOURCE = 'api://bench';
const TOKEN_BODY = `grant_type=client_credentials&resource=${encodeURIComponent(RESOURCE)}&scope=read`;
const TARGET_RATIO = 0.8;
const TARGET_RSS_MB = 150;

interface Outcome extends LoadFigures {
  rssStartMb: number;
  rssAfterMb: number;
}

const cleanups: Array<() => unknown> = [];
const defer = (cleanup: () => unknown) => cleanups.push(cleanup);

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('cleanup:', (error as Error).message);
    }
  }
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

const tokenTarget = (server: ChildServer, url: string, clientId: string, secret: string): LoadTarget => ({
  url,
  cpuSeconds: server.cpuSeconds,
  headers: { authorization: basic(clientId, secret), 'content-type': 'application/x-www-form-urlencoded' },
  body: TOKEN_BODY,
});

async function call<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** One request before the load: a 200 with an RS256 JWT for the bench resource, or stop. */
async function checkToken(target: LoadTarget): Promise<void> {
  const { access_token: token } = await call<{ access_token: string }>(target.url, {
    method: 'POST',
    headers: target.headers,
    body: target.body,
  });
  const { alg } = decodeProtectedHeader(token);
  const { aud, scope } = decodeJwt(token);
  if (alg !== 'RS256' || aud !== RESOURCE || scope !== 'read') {
    throw new Error(
      `${target.url}: unexpected token (alg ${alg}, aud ${String(aud)}, scope ${String(scope)})`,
    );
  }
}

/** This process's environment minus Gatehouse settings: the bench's server must not reach a real database. */
const inheritedEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GATEHOUSE_')));

interface ChildSpec {
  name: string;
  script: string;
  args?: string[];
  /** The environment, given the base URL the child will serve at. */
  env: (base: string) => Record<string, string>;
  readyPath: string;
}

async function startChild(spec: ChildSpec): Promise<{ server: ChildServer; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const loader = spec.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const server = await startServer({
    name: spec.name,
    args: [...NODE_ARGS, ...loader, spec.script, ...(spec.args ?? [])],
    cwd: ROOT,
    env: { ...inheritedEnv(), ...spec.env(base), PORT: String(port) },
    readyUrl: `${base}${spec.readyPath}`,
    timeoutMs: 60_000,
  });
  defer(() => server.stop());
  return { server, base };
}

/** Registers an API and a daemon app with a secret through the admin API, as an operator would. */
async function registerDaemon(base: string, adminSecret: string): Promise<{ appId: string; secret: string }> {
  const { access_token: adminToken } = await call<{ access_token: string }>(`${base}/t/admin/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: basic('gatehouse-admin-cli', adminSecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${base}/api/.default` }).toString(),
  });
  const api = <T>(path: string, body: unknown) =>
    call<T>(`${base}/api/v1/tenants/demo${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await api('/applications', {
    displayName: 'Bench API',
    identifierUris: [RESOURCE],
    api: { oauth2PermissionScopes: [{ value: 'read', adminConsentDisplayName: 'Read' }] },
  });
  const daemon = await api<{ id: string; appId: string }>('/applications', { displayName: 'Bench daemon' });
  const { secretText } = await api<{ secretText: string }>(`/applications/${daemon.id}/addPassword`, {});
  return { appId: daemon.appId, secret: secretText };
}

interface Started {
  server: ChildServer;
  target: LoadTarget;
  /** Resident memory as soon as the server answers, before any setup or load. */
  rssStartMb: number;
}

async function startGatehouse(script: string, dataDir: string): Promise<Started> {
  const adminSecret = randomBytes(24).toString('base64url');
  const { server, base } = await startChild({
    name: 'Gatehouse',
    script,
    args: ['start'],
    env: (base) => ({
      GATEHOUSE_HOST: '127.0.0.1',
      GATEHOUSE_BASE_URL: base,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_ADMIN_CLIENT_SECRET: adminSecret,
      GATEHOUSE_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
      GATEHOUSE_KEY_ACTIVATION_DELAY: '0',
      GATEHOUSE_LOG_LEVEL: 'warn',
    }),
    readyPath: '/healthz',
  });
  const rssStartMb = server.rssMb();
  const daemon = await registerDaemon(base, adminSecret);
  const target = tokenTarget(server, `${base}/t/demo/oauth2/token`, daemon.appId, daemon.secret);
  await checkToken(target);
  return { server, target, rssStartMb };
}

async function startBare(script: string): Promise<Started> {
  const clientId = 'bench-daemon';
  const secret = randomBytes(30).toString('base64url');
  const { server, base } = await startChild({
    name: 'bare oidc-provider',
    script,
    env: () => ({ BENCH_CLIENT_ID: clientId, BENCH_CLIENT_SECRET: secret }),
    readyPath: '/.well-known/openid-configuration',
  });
  const rssStartMb = server.rssMb();
  const target = tokenTarget(server, `${base}/oauth2/token`, clientId, secret);
  await checkToken(target);
  return { server, target, rssStartMb };
}

function report(gatehouse: Outcome, bare: Outcome): void {
  const row = (cells: Array<string | number>) =>
    console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(20) : String(c).padStart(11))).join(''));
  const mb = (n: number) => n.toFixed(1);
  console.log('');
  row(['target', 'req/s', 'p50 ms', 'p99 ms', 'tokens', 'CPU ms/tok', 'RSS start', 'RSS after']);
  for (const [name, o] of [
    ['bare oidc-provider', bare],
    ['Gatehouse', gatehouse],
  ] as const) {
    row([
      name,
      o.rps.toFixed(0),
      o.p50Ms.toFixed(1),
      o.p99Ms.toFixed(1),
      o.count,
      o.cpuMsPerToken.toFixed(2),
      mb(o.rssStartMb),
      mb(o.rssAfterMb),
    ]);
  }
  const ratio = gatehouse.rps / bare.rps;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log('');
  console.log(
    `ratio Gatehouse / bare: ${ratio.toFixed(2)}   (target >= ${TARGET_RATIO}: ${verdict(ratio >= TARGET_RATIO)})`,
  );
  const cpu = gatehouse.cpuMsPerToken / bare.cpuMsPerToken;
  console.log(
    `server CPU per token Gatehouse / bare: ${cpu.toFixed(2)}   (less sensitive to other load on the machine)`,
  );
  console.log(
    `Gatehouse RSS: ${mb(gatehouse.rssStartMb)} MiB after start (target < ${TARGET_RSS_MB}: ` +
      `${verdict(gatehouse.rssStartMb < TARGET_RSS_MB)}), ${mb(gatehouse.rssAfterMb)} MiB after load`,
  );
}

/** Both servers as plain JS compiled into a temp dir (or via tsx), with a fresh data dir. */
async function prepare(): Promise<{ gatehouse: string; bare: string; dataDir: string; how: string }> {
  const tmp = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  defer(() => rmSync(tmp, { recursive: true, force: true }));
  const dataDir = join(tmp, 'data');
  mkdirSync(dataDir);
  if (VIA_TSX) {
    const how = 'TypeScript sources via tsx';
    return { gatehouse: join(ROOT, 'src/main.ts'), bare: join(ROOT, 'bench/bare-provider.ts'), dataDir, how };
  }
  const build = join(tmp, 'build');
  mkdirSync(build);
  const complaints = await compile(ROOT, build);
  if (complaints) console.warn(`tsc reported errors (compiled anyway):\n${complaints}`);
  const gatehouse = join(build, 'src/main.js');
  const bare = join(build, 'bench/bare-provider.js');
  if (!existsSync(gatehouse) || !existsSync(bare)) throw new Error('compilation produced no server');
  return { gatehouse, bare, dataDir, how: 'compiled with tsc into a temp dir (as `npm start`)' };
}

async function main(): Promise<void> {
  console.log('Client credentials token issuance: Gatehouse vs bare oidc-provider');
  console.log(
    `${new Date().toISOString()}  Node ${process.version}  ${cpus().length} cores (${cpus()[0]?.model})`,
  );
  // The ratio only means something on an otherwise idle machine (checked before our own compile).
  const [load = 0] = loadavg();
  if (load > 0.5) console.warn(`warning: load average ${load.toFixed(2)}: other work will skew the figures`);
  const servers = await prepare();
  console.log(`servers: ${servers.how}`);
  console.log(
    `load: autocannon, ${PLAN.connections} connections, pipelining 1; ${PLAN.warmupSeconds} s warm-up, then ` +
      `${PLAN.seconds} s measured in ${PLAN.rounds} alternating slices, per target`,
  );
  // Both stay up; the one not under load is idle.
  const gatehouse = await startGatehouse(servers.gatehouse, servers.dataDir);
  const bare = await startBare(servers.bare);
  const [bareFigures, gatehouseFigures] = (await compare([bare.target, gatehouse.target], PLAN)) as [
    LoadFigures,
    LoadFigures,
  ];
  report(
    { ...gatehouseFigures, rssStartMb: gatehouse.rssStartMb, rssAfterMb: gatehouse.server.rssMb() },
    { ...bareFigures, rssStartMb: bare.rssStartMb, rssAfterMb: bare.server.rssMb() },
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(128 + constants.signals[signal])));
}

try {
  await main();
} catch (error) {
  console.error(`\nbenchmark failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
