/**
 * Full password sign-in through the hosted page, against raw argon2id verification in the
 * same run: the password hash is by design the most expensive step of a sign-in, so the
 * question is how much the rest of the flow (pages, redirects, sessions, codes, tokens)
 * costs on top. See docs/benchmarks.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { decodeJwt } from 'jose';
import { cpuSecondsOf } from './child.js';
import { compare, type LoadFigures, type Target, virtualUsers } from './load.js';
import {
  BENCH_PASSWORD,
  createUsers,
  defer,
  inheritedEnv,
  nodeArgs,
  poolThreads,
  ROOT,
  registerApp,
  row,
  type Scripts,
  startGatehouse,
  verdict,
} from './servers.js';
import { type RelyingParty, signIn } from './user-agent.js';

const USERS = Number(process.env.BENCH_SIGNIN_USERS ?? 4);
const ACCOUNTS = Number(process.env.BENCH_SIGNIN_ACCOUNTS ?? 8);
const PLAN = {
  warmupSeconds: Number(process.env.BENCH_SIGNIN_WARMUP ?? 2),
  seconds: Number(process.env.BENCH_SIGNIN_SECONDS ?? 8),
  rounds: Number(process.env.BENCH_SIGNIN_ROUNDS ?? 4),
};
const TARGET_RATIO = 0.6;
/** Never fetched: the user agent stops at the redirect to it. */
export const CALLBACK = 'https://app.bench.example/callback';

/** The argon2 child: one verification loop per request over IPC, reporting its own count and time. */
async function argon2Baseline(
  script: string,
  concurrency: number,
): Promise<{ target: Target; stop: () => void }> {
  const child: ChildProcess = spawn(process.execPath, nodeArgs(script), {
    cwd: ROOT,
    env: inheritedEnv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  defer(stop);
  const reply = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`argon2 baseline exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as Record<string, unknown>);
      });
    });
  await reply(); // ready: it has hashed the password once
  const target: Target = {
    name: 'argon2id verify',
    cpuSeconds: () => cpuSecondsOf(child.pid ?? -1),
    async run(seconds, latencies) {
      const answer = reply();
      child.send({ seconds, concurrency });
      const result = (await answer) as {
        count: number;
        seconds: number;
        latencies: number[];
        error?: string;
      };
      if (result.error) throw new Error(`argon2 baseline: ${result.error}`);
      if (latencies) for (const ms of result.latencies) latencies.push(ms);
      return { count: result.count, seconds: result.seconds };
    },
  };
  return { target, stop };
}

/** One sign-in before the load: an ID token for the right user, with `amr: ["pwd"]`, or stop. */
async function checkSignIn(rp: RelyingParty, login: string): Promise<void> {
  const tokens = await signIn(rp, { login, password: BENCH_PASSWORD });
  const claims = decodeJwt(tokens.id_token ?? '');
  const amr = JSON.stringify(claims.amr);
  if (claims.email !== login || claims.iss !== rp.issuer || claims.aud !== rp.clientId || amr !== '["pwd"]')
    throw new Error(`unexpected ID token: ${JSON.stringify(claims)}`);
}

function report(verifyFigures: LoadFigures, signInFigures: LoadFigures, clientCpuMs: number): void {
  console.log('');
  row(['target', 'per s', 'p50 ms', 'p99 ms', 'count', 'CPU ms/op']);
  row([
    'argon2id verify',
    verifyFigures.rps.toFixed(1),
    verifyFigures.p50Ms.toFixed(0),
    verifyFigures.p99Ms.toFixed(0),
    verifyFigures.count,
    verifyFigures.cpuMsPerOp.toFixed(1),
  ]);
  row([
    'Gatehouse sign-in',
    signInFigures.rps.toFixed(1),
    signInFigures.p50Ms.toFixed(0),
    signInFigures.p99Ms.toFixed(0),
    signInFigures.count,
    signInFigures.cpuMsPerOp.toFixed(1),
  ]);
  const ratio = signInFigures.rps / verifyFigures.rps;
  console.log('');
  console.log(
    `ratio sign-ins / raw verifications: ${ratio.toFixed(2)}   (target >= ${TARGET_RATIO}: ${verdict(ratio >= TARGET_RATIO)})`,
  );
  console.log(
    `server CPU per sign-in, less one verification: ${(signInFigures.cpuMsPerOp - verifyFigures.cpuMsPerOp).toFixed(1)} ms; ` +
      `the load generator's own CPU per sign-in: ${clientCpuMs.toFixed(1)} ms (same cores)`,
  );
  // When both runs keep the cores busy, the ratio cannot exceed this, however the work is scheduled.
  const ceiling = verifyFigures.cpuMsPerOp / (signInFigures.cpuMsPerOp + clientCpuMs);
  console.log(
    `CPU-bound ceiling of the ratio: verification CPU / (server + client CPU per sign-in) = ${ceiling.toFixed(2)}`,
  );
}

export async function signInBenchmark(scripts: Scripts): Promise<void> {
  console.log('== Password sign-in through the hosted page vs raw argon2id verification');
  console.log(
    `load: ${USERS} virtual users back to back (${ACCOUNTS} accounts), and ${USERS} verifications in flight; ` +
      `${PLAN.warmupSeconds} s warm-up, then ${PLAN.seconds} s measured in ${PLAN.rounds} alternating slices, per target`,
  );
  console.log(`libuv pool threads in each child: ${poolThreads()}`);
  const gatehouse = await startGatehouse(scripts, {
    // One IP signs in thousands of times: the per-IP limit would stop the benchmark.
    GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '10000000',
    GATEHOUSE_LOCKOUT_THRESHOLD: '1000',
  });
  const app = await registerApp(gatehouse, 'Bench web app', CALLBACK);
  const logins = await createUsers(gatehouse, ACCOUNTS);
  const rp: RelyingParty = {
    issuer: `${gatehouse.base}/t/demo`,
    authorizationEndpoint: `${gatehouse.base}/t/demo/oauth2/authorize`,
    tokenEndpoint: `${gatehouse.base}/t/demo/oauth2/token`,
    clientId: app.appId,
    clientSecret: app.secret,
    redirectUri: CALLBACK,
    scope: 'openid profile email',
  };
  await checkSignIn(rp, logins[0] as string);

  const baseline = await argon2Baseline(scripts.argon2, USERS);
  // Every sign-in starts from a fresh cookie jar (no SSO session) and takes the next account.
  let clientCpu = 0;
  let next = 0;
  const users = virtualUsers(
    'Gatehouse sign-in',
    USERS,
    async () => {
      await signIn(rp, { login: logins[next++ % logins.length] as string, password: BENCH_PASSWORD });
    },
    gatehouse.server.cpuSeconds,
  );
  const signIns: Target = {
    ...users,
    async run(seconds, latencies) {
      const before = process.cpuUsage();
      const result = await users.run(seconds, latencies);
      const used = process.cpuUsage(before);
      // Measured slices only: the warm-up is the one run without a latency list.
      if (latencies) clientCpu += (used.user + used.system) / 1e6;
      return result;
    },
  };
  const [verifyFigures, signInFigures] = (await compare([baseline.target, signIns], PLAN)) as [
    LoadFigures,
    LoadFigures,
  ];
  report(verifyFigures, signInFigures, (1000 * clientCpu) / signInFigures.count);
  baseline.stop();
  await gatehouse.server.stop();
}
