/**
 * `npm run bench [-- NAME…]`: each benchmark runs a Gatehouse path and its baseline in the
 * same run, on the same machine, and prints both and their ratio. With no names, all of them,
 * in this order, except the long ones (`soak`), which run only when named. Servers run as
 * compiled JS in child processes. See docs/benchmarks.md.
 */
import { constants, cpus, loadavg } from 'node:os';
import { clientCredentials } from './client-credentials.js';
import { conditionalAccessBenchmark } from './conditional-access.js';
import { extensionsBenchmark } from './extensions.js';
import { identityProtectionBenchmark } from './identity-protection.js';
import { insightsBenchmark } from './insights.js';
import { refreshBenchmark } from './refresh.js';
import { cleanUp, prepare, type Scripts } from './servers.js';
import { signInBenchmark } from './sign-in.js';
import { soakBenchmark } from './soak.js';

const BENCHMARKS = [
  'client-credentials',
  'signin',
  'refresh',
  'conditional-access',
  'identity-protection',
  'insights',
  'extensions',
  'soak',
] as const;
type Name = (typeof BENCHMARKS)[number];
const ALIASES: Record<string, Name> = {
  cc: 'client-credentials',
  'sign-in': 'signin',
  ca: 'conditional-access',
  ip: 'identity-protection',
  extension: 'extensions',
};
/** In process: no servers to compile and start. */
const IN_PROCESS: readonly Name[] = ['conditional-access', 'identity-protection', 'insights'];
/** Minutes long: only when named. */
const ON_REQUEST: readonly Name[] = ['insights', 'soak'];

function selected(args: string[]): Name[] {
  if (args.length === 0) return BENCHMARKS.filter((name) => !ON_REQUEST.includes(name));
  const names = args.map((arg) => ALIASES[arg] ?? arg);
  const unknown = names.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
  return BENCHMARKS.filter((name) => names.includes(name));
}

async function main(): Promise<void> {
  const names = selected(process.argv.slice(2));
  console.log(`Gatehouse benchmarks: ${names.join(', ')}`);
  console.log(
    `${new Date().toISOString()}  Node ${process.version}  ${cpus().length} cores (${cpus()[0]?.model})`,
  );
  // The ratios only mean something on an otherwise idle machine (checked before our own compile).
  const [load = 0] = loadavg();
  if (load > 0.5) console.warn(`warning: load average ${load.toFixed(2)}: other work will skew the figures`);
  let scripts: Scripts | undefined;
  if (names.some((name) => !IN_PROCESS.includes(name))) {
    scripts = await prepare();
    console.log(`servers: ${scripts.how}`);
  }

  let clientCredentialsRps: number | undefined;
  for (const name of names) {
    console.log('');
    if (name === 'conditional-access') conditionalAccessBenchmark();
    if (name === 'identity-protection') identityProtectionBenchmark();
    if (name === 'insights') await insightsBenchmark();
    if (!scripts) continue;
    if (name === 'client-credentials') clientCredentialsRps = (await clientCredentials(scripts)).gatehouseRps;
    if (name === 'signin') await signInBenchmark(scripts);
    if (name === 'refresh') await refreshBenchmark(scripts, clientCredentialsRps);
    if (name === 'extensions') await extensionsBenchmark(scripts);
    if (name === 'soak') await soakBenchmark(scripts);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(128 + constants.signals[signal])));
}

const started = performance.now();
try {
  await main();
  console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  console.error(`\nbenchmark failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
