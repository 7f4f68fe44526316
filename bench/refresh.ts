/**
 * The refresh-token grant: Gatehouse against a bare oidc-provider with the same settings
 * (rotation on, RS256 ID tokens, opaque access tokens, client_secret_basic), in the same run.
 * Every virtual user signs in once with `offline_access`, then keeps refreshing its own chain:
 * each response's refresh token replaces the one it used. See docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { compare, type LoadFigures, virtualUsers } from './load.js';
import {
  BENCH_PASSWORD,
  createUsers,
  registerApp,
  row,
  type Scripts,
  startChild,
  startGatehouse,
} from './servers.js';
import { CALLBACK } from './sign-in.js';
import { type RelyingParty, signIn, tokenRequest } from './user-agent.js';

const USERS = Number(process.env.BENCH_REFRESH_USERS ?? 8);
const PLAN = {
  warmupSeconds: Number(process.env.BENCH_REFRESH_WARMUP ?? 2),
  seconds: Number(process.env.BENCH_REFRESH_SECONDS ?? 8),
  rounds: Number(process.env.BENCH_REFRESH_ROUNDS ?? 4),
};
const SCOPE = 'openid profile email offline_access';

interface Side {
  name: string;
  rp: RelyingParty;
  /** One refresh-token chain per virtual user. */
  chains: string[];
  cpuSeconds: () => number;
  rssMb: () => number;
  stop: () => Promise<void>;
}

/** One refresh: a 200 with an access token, an ID token and a new refresh token, which replaces the old. */
async function refresh(side: Side, user: number): Promise<void> {
  const used = side.chains[user] as string;
  const tokens = await tokenRequest(side.rp, { grant_type: 'refresh_token', refresh_token: used });
  if (!tokens.refresh_token || tokens.refresh_token === used || !tokens.id_token)
    throw new Error(`${side.name}: refresh without rotation or ID token: ${JSON.stringify(tokens)}`);
  side.chains[user] = tokens.refresh_token;
}

async function chainsFor(rp: RelyingParty, sign: (user: number) => Promise<string | undefined>) {
  const chains: string[] = [];
  for (let user = 0; user < USERS; user++) {
    const token = await sign(user);
    if (!token) throw new Error(`${rp.issuer}: no refresh token for scope '${rp.scope}'`);
    chains.push(token);
  }
  return chains;
}

async function gatehouseSide(scripts: Scripts): Promise<Side> {
  const gatehouse = await startGatehouse(scripts, { GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '10000000' });
  const app = await registerApp(gatehouse, 'Bench web app', CALLBACK);
  const logins = await createUsers(gatehouse, USERS);
  const rp: RelyingParty = {
    issuer: `${gatehouse.base}/t/demo`,
    authorizationEndpoint: `${gatehouse.base}/t/demo/oauth2/authorize`,
    tokenEndpoint: `${gatehouse.base}/t/demo/oauth2/token`,
    clientId: app.appId,
    clientSecret: app.secret,
    redirectUri: CALLBACK,
    // Gatehouse adds prompt=consent itself for offline_access and grants it without asking.
    scope: SCOPE,
  };
  const chains = await chainsFor(rp, async (user) => {
    const tokens = await signIn(rp, { login: logins[user] as string, password: BENCH_PASSWORD });
    return tokens.refresh_token;
  });
  return {
    name: 'Gatehouse',
    rp,
    chains,
    cpuSeconds: gatehouse.server.cpuSeconds,
    rssMb: gatehouse.server.rssMb,
    stop: gatehouse.server.stop,
  };
}

async function bareSide(scripts: Scripts): Promise<Side> {
  const clientId = 'bench-daemon';
  const secret = randomBytes(30).toString('base64url');
  const { server, base } = await startChild({
    name: 'bare oidc-provider',
    script: scripts.bare,
    env: () => ({ BENCH_CLIENT_ID: clientId, BENCH_CLIENT_SECRET: secret, BENCH_REDIRECT_URI: CALLBACK }),
    readyPath: '/.well-known/openid-configuration',
  });
  const rp: RelyingParty = {
    issuer: base,
    authorizationEndpoint: `${base}/oauth2/authorize`,
    tokenEndpoint: `${base}/oauth2/token`,
    clientId: `${clientId}-web`,
    clientSecret: secret,
    redirectUri: CALLBACK,
    scope: SCOPE,
    // oidc-provider honours offline_access only with prompt=consent, which Gatehouse adds itself.
    extraParams: { prompt: 'consent' },
  };
  const chains = await chainsFor(rp, async () => (await signIn(rp)).refresh_token);
  return {
    name: 'bare oidc-provider',
    rp,
    chains,
    cpuSeconds: server.cpuSeconds,
    rssMb: server.rssMb,
    stop: server.stop,
  };
}

/** One refresh each before the load, checked: the ID token names the user and the app. */
async function check(side: Side): Promise<void> {
  const used = side.chains[0] as string;
  const tokens = await tokenRequest(side.rp, { grant_type: 'refresh_token', refresh_token: used });
  const claims = decodeJwt(tokens.id_token ?? '');
  if (claims.iss !== side.rp.issuer || claims.aud !== side.rp.clientId || !claims.sub || !claims.email)
    throw new Error(`${side.name}: unexpected ID token after a refresh: ${JSON.stringify(claims)}`);
  if (!tokens.refresh_token || tokens.refresh_token === used)
    throw new Error(`${side.name}: the refresh token was not rotated`);
  side.chains[0] = tokens.refresh_token;
}

export async function refreshBenchmark(scripts: Scripts, clientCredentialsRps?: number): Promise<void> {
  console.log('== Refresh-token grant (rotation on): Gatehouse vs bare oidc-provider');
  console.log(
    `load: ${USERS} virtual users, each refreshing its own chain back to back; ${PLAN.warmupSeconds} s warm-up, ` +
      `then ${PLAN.seconds} s measured in ${PLAN.rounds} alternating slices, per target`,
  );
  const gatehouse = await gatehouseSide(scripts);
  const bare = await bareSide(scripts);
  await Promise.all([check(gatehouse), check(bare)]);
  const target = (side: Side) =>
    virtualUsers(side.name, USERS, (user) => refresh(side, user), side.cpuSeconds);
  const [bareFigures, gatehouseFigures] = (await compare([target(bare), target(gatehouse)], PLAN)) as [
    LoadFigures,
    LoadFigures,
  ];

  console.log('');
  row(['target', 'grants/s', 'p50 ms', 'p99 ms', 'grants', 'CPU ms/op', 'RSS after']);
  for (const [side, o] of [
    [bare, bareFigures],
    [gatehouse, gatehouseFigures],
  ] as const) {
    row([
      side.name,
      o.rps.toFixed(0),
      o.p50Ms.toFixed(1),
      o.p99Ms.toFixed(1),
      o.count,
      o.cpuMsPerOp.toFixed(2),
      side.rssMb().toFixed(1),
    ]);
  }
  console.log('');
  console.log(
    `ratio Gatehouse / bare: ${(gatehouseFigures.rps / bareFigures.rps).toFixed(2)}   (no target set)`,
  );
  console.log(
    `server CPU per grant Gatehouse / bare: ${(gatehouseFigures.cpuMsPerOp / bareFigures.cpuMsPerOp).toFixed(2)}`,
  );
  if (clientCredentialsRps !== undefined)
    console.log(
      `for reference, Gatehouse's client credentials rate in this run: ${clientCredentialsRps.toFixed(0)}/s ` +
        `(refresh / client credentials: ${(gatehouseFigures.rps / clientCredentialsRps).toFixed(2)})`,
    );
  await Promise.all([gatehouse.stop(), bare.stop()]);
}
