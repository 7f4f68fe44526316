/**
 * Client credentials token issuance: Gatehouse against a bare oidc-provider configured the
 * same way, in the same run, on loopback. Each server runs in its own child process; the load
 * generator (autocannon) runs in the parent. See docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { grantAppRole } from '../test/support/load.js';
import type { ChildServer } from './child.js';
import { autocannonTarget, compare, type HttpTarget, type LoadFigures } from './load.js';
import { call, registerApp, row, type Scripts, startChild, startGatehouse, verdict } from './servers.js';
import { basic } from './user-agent.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PLAN = {
  warmupSeconds: Number(process.env.BENCH_WARMUP ?? 3),
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
};
const RESOURCE = 'api://bench';
const TOKEN_BODY = `grant_type=client_credentials&resource=${encodeURIComponent(RESOURCE)}&scope=read`;
const TARGET_RATIO = 0.8;
const TARGET_RSS_MB = 150;

export interface ClientCredentialsResult {
  gatehouseRps: number;
  bareRps: number;
}

interface Outcome extends LoadFigures {
  rssStartMb: number;
  rssAfterMb: number;
}

const tokenTarget = (
  name: string,
  server: ChildServer,
  url: string,
  clientId: string,
  secret: string,
): HttpTarget => ({
  name,
  url,
  cpuSeconds: server.cpuSeconds,
  headers: { authorization: basic(clientId, secret), 'content-type': 'application/x-www-form-urlencoded' },
  body: TOKEN_BODY,
});

/** One request before the load: a 200 with an RS256 JWT for the bench resource, or stop. */
async function checkToken(target: HttpTarget): Promise<void> {
  const { access_token: token } = await call<{ access_token: string }>(target.url, {
    method: 'POST',
    headers: target.headers,
    body: target.body,
  });
  const { alg } = decodeProtectedHeader(token);
  // The bare provider names the permission in `scope`; Gatehouse, as Entra, in `roles`.
  const { aud, scope, roles } = decodeJwt(token);
  const permission = Array.isArray(roles) ? roles.join(' ') : scope;
  if (alg !== 'RS256' || aud !== RESOURCE || permission !== 'read') {
    throw new Error(
      `${target.url}: unexpected token (alg ${alg}, aud ${String(aud)}, permission ${String(permission)})`,
    );
  }
}

interface Started {
  server: ChildServer;
  target: HttpTarget;
  rssStartMb: number;
}

/** Gatehouse with an API (`api://bench`, app role `read` granted to the daemon) and a daemon app with a secret, set up through the admin API. */
async function gatehouseTarget(scripts: Scripts): Promise<Started> {
  const gatehouse = await startGatehouse(scripts);
  const api = await gatehouse.demoApi<{ appId: string; appRoles: { id: string }[] }>('/applications', {
    displayName: 'Bench API',
    identifierUris: [RESOURCE],
    // `read` is an application permission here: the daemon's token carries it in `roles`.
    appRoles: [
      {
        value: 'read',
        displayName: 'Read',
        description: 'App-only read',
        allowedMemberTypes: ['Application'],
      },
    ],
  });
  const daemon = await registerApp(gatehouse, 'Bench daemon');
  await grantAppRole(gatehouse.api, 'demo', daemon.appId, api.appId, api.appRoles[0]?.id ?? '');
  const target = tokenTarget(
    'Gatehouse',
    gatehouse.server,
    `${gatehouse.base}/t/demo/oauth2/token`,
    daemon.appId,
    daemon.secret,
  );
  await checkToken(target);
  return { server: gatehouse.server, target, rssStartMb: gatehouse.rssStartMb };
}

async function bareTarget(scripts: Scripts): Promise<Started> {
  const clientId = 'bench-daemon';
  const secret = randomBytes(30).toString('base64url');
  const { server, base } = await startChild({
    name: 'bare oidc-provider',
    script: scripts.bare,
    env: () => ({ BENCH_CLIENT_ID: clientId, BENCH_CLIENT_SECRET: secret }),
    readyPath: '/.well-known/openid-configuration',
  });
  const rssStartMb = server.rssMb();
  const target = tokenTarget('bare oidc-provider', server, `${base}/oauth2/token`, clientId, secret);
  await checkToken(target);
  return { server, target, rssStartMb };
}

function report(gatehouse: Outcome, bare: Outcome): void {
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
      o.cpuMsPerOp.toFixed(2),
      mb(o.rssStartMb),
      mb(o.rssAfterMb),
    ]);
  }
  const ratio = gatehouse.rps / bare.rps;
  console.log('');
  console.log(
    `ratio Gatehouse / bare: ${ratio.toFixed(2)}   (target >= ${TARGET_RATIO}: ${verdict(ratio >= TARGET_RATIO)})`,
  );
  const cpu = gatehouse.cpuMsPerOp / bare.cpuMsPerOp;
  console.log(
    `server CPU per token Gatehouse / bare: ${cpu.toFixed(2)}   (less sensitive to other load on the machine)`,
  );
  console.log(
    `Gatehouse RSS: ${mb(gatehouse.rssStartMb)} MiB after start (target < ${TARGET_RSS_MB}: ` +
      `${verdict(gatehouse.rssStartMb < TARGET_RSS_MB)}), ${mb(gatehouse.rssAfterMb)} MiB after load`,
  );
}

export async function clientCredentials(scripts: Scripts): Promise<ClientCredentialsResult> {
  console.log('== Client credentials token issuance: Gatehouse vs bare oidc-provider');
  console.log(
    `load: autocannon, ${CONNECTIONS} connections, pipelining 1; ${PLAN.warmupSeconds} s warm-up, then ` +
      `${PLAN.seconds} s measured in ${PLAN.rounds} alternating slices, per target`,
  );
  // Both stay up; the one not under load is idle.
  const gatehouse = await gatehouseTarget(scripts);
  const bare = await bareTarget(scripts);
  const [bareFigures, gatehouseFigures] = (await compare(
    [autocannonTarget(bare.target, CONNECTIONS), autocannonTarget(gatehouse.target, CONNECTIONS)],
    PLAN,
  )) as [LoadFigures, LoadFigures];
  report(
    { ...gatehouseFigures, rssStartMb: gatehouse.rssStartMb, rssAfterMb: gatehouse.server.rssMb() },
    { ...bareFigures, rssStartMb: bare.rssStartMb, rssAfterMb: bare.server.rssMb() },
  );
  // The next benchmark gets the machine to itself.
  await Promise.all([gatehouse.server.stop(), bare.server.stop()]);
  return { gatehouseRps: gatehouseFigures.rps, bareRps: bareFigures.rps };
}
