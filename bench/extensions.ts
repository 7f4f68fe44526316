/**
 * Password sign-in with a token issuance extension (the business's API answering in 5 ms)
 * against the same sign-in without one, in the same run: what the callout adds to a sign-in's
 * p50 and p99 (a signed callout token, the HTTP round trip, the answer's checks, the call's
 * record and the mapped claims). See docs/benchmarks.md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { compare, type LoadFigures, virtualUsers } from './load.js';
import {
  BENCH_PASSWORD,
  createUsers,
  defer,
  type GatehouseChild,
  registerApp,
  row,
  type Scripts,
  startGatehouse,
} from './servers.js';
import { type RelyingParty, signIn } from './user-agent.js';

const USERS = Number(process.env.BENCH_EXTENSIONS_USERS ?? 4);
const ACCOUNTS = Number(process.env.BENCH_EXTENSIONS_ACCOUNTS ?? 8);
const ANSWER_MS = 5;
const PLAN = {
  warmupSeconds: Number(process.env.BENCH_EXTENSIONS_WARMUP ?? 2),
  seconds: Number(process.env.BENCH_EXTENSIONS_SECONDS ?? 8),
  rounds: Number(process.env.BENCH_EXTENSIONS_ROUNDS ?? 4),
};
const CALLBACK = 'https://app.bench.example/callback';

/** The business's API: answers every callout with two claims after ANSWER_MS. */
async function startClaimsApi(): Promise<{ url: string; calls: () => number }> {
  let calls = 0;
  const body = JSON.stringify({
    data: {
      '@odata.type': 'microsoft.graph.onTokenIssuanceStartResponseData',
      actions: [
        {
          '@odata.type': 'microsoft.graph.tokenIssuanceStart.provideClaimsForToken',
          claims: { LoyaltyTier: 'gold', CustomRoles: ['Writer', 'Editor'] },
        },
      ],
    },
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls++;
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), ANSWER_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/claims`, calls: () => calls };
}

/** An extension bound to `appId` whose claims reach its ID token (listener + claims mapping). */
async function bindExtension(gatehouse: GatehouseChild, appId: string, targetUrl: string): Promise<void> {
  const api = await gatehouse.demoApi<{ appId: string }>('/applications', {
    displayName: 'Bench claims API',
  });
  const extension = await gatehouse.demoApi<{ id: string }>('/identity/customAuthenticationExtensions', {
    '@odata.type': '#microsoft.graph.onTokenIssuanceStartCustomExtension',
    displayName: 'Bench claims',
    endpointConfiguration: { targetUrl },
    authenticationConfiguration: { resourceId: api.appId },
    clientConfiguration: { timeoutInMilliseconds: 2000, maximumRetries: 0 },
  });
  await gatehouse.demoApi('/identity/authenticationEventListeners', {
    '@odata.type': '#microsoft.graph.onTokenIssuanceStartListener',
    conditions: { applications: { includeApplications: [{ appId }] } },
    handler: {
      '@odata.type': '#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler',
      customExtension: { id: extension.id },
    },
  });
  const policy = await gatehouse.demoApi<{ id: string }>('/policies/claimsMappingPolicies', {
    displayName: 'Bench claims',
    definition: [
      JSON.stringify({
        ClaimsMappingPolicy: {
          Version: 1,
          ClaimsSchema: [
            { Source: 'CustomClaimsProvider', ID: 'LoyaltyTier', JwtClaimType: 'tier' },
            { Source: 'CustomClaimsProvider', ID: 'CustomRoles', JwtClaimType: 'my_roles' },
          ],
        },
      }),
    ],
  });
  const sps = await gatehouse.api(
    'GET',
    `/api/v1/tenants/demo/servicePrincipals?$filter=appId eq '${appId}'`,
  );
  const spId = sps.body.value[0].id as string;
  const assigned = await gatehouse.api(
    'POST',
    `/api/v1/tenants/demo/servicePrincipals/${spId}/claimsMappingPolicies/$ref`,
    {
      '@odata.id': policy.id,
    },
  );
  if (assigned.status !== 204)
    throw new Error(`claims mapping not assigned: ${JSON.stringify(assigned.body)}`);
}

const relyingParty = (base: string, app: { appId: string; secret: string }): RelyingParty => ({
  issuer: `${base}/t/demo`,
  authorizationEndpoint: `${base}/t/demo/oauth2/authorize`,
  tokenEndpoint: `${base}/t/demo/oauth2/token`,
  clientId: app.appId,
  clientSecret: app.secret,
  redirectUri: CALLBACK,
  scope: 'openid profile email',
});

export async function extensionsBenchmark(scripts: Scripts): Promise<void> {
  console.log(
    `== Password sign-in with a token issuance extension (answering in ${ANSWER_MS} ms) vs without`,
  );
  console.log(
    `load: ${USERS} virtual users back to back (${ACCOUNTS} accounts); ${PLAN.warmupSeconds} s warm-up, ` +
      `then ${PLAN.seconds} s measured in ${PLAN.rounds} alternating slices, per target`,
  );
  const gatehouse = await startGatehouse(scripts, {
    GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '10000000',
    GATEHOUSE_LOCKOUT_THRESHOLD: '1000',
    GATEHOUSE_OUTBOUND_ALLOW: 'loopback',
  });
  const claimsApi = await startClaimsApi();
  const plain = await registerApp(gatehouse, 'Bench plain app', CALLBACK);
  const extended = await registerApp(gatehouse, 'Bench extended app', CALLBACK);
  await bindExtension(gatehouse, extended.appId, claimsApi.url);
  const logins = await createUsers(gatehouse, ACCOUNTS);

  // One sign-in each before the load: the extended app's ID token carries the mapped claims.
  const check = await signIn(relyingParty(gatehouse.base, extended), {
    login: logins[0] as string,
    password: BENCH_PASSWORD,
  });
  const claims = decodeJwt(check.id_token ?? '');
  if (claims.tier !== 'gold')
    throw new Error(`the extension's claims are missing: ${JSON.stringify(claims)}`);

  let next = 0;
  const target = (name: string, app: { appId: string; secret: string }) => {
    const rp = relyingParty(gatehouse.base, app);
    return virtualUsers(
      name,
      USERS,
      async () => {
        await signIn(rp, { login: logins[next++ % logins.length] as string, password: BENCH_PASSWORD });
      },
      gatehouse.server.cpuSeconds,
    );
  };
  const before = claimsApi.calls();
  const [without, withExtension] = (await compare(
    [target('sign-in, no extension', plain), target('sign-in + extension', extended)],
    PLAN,
  )) as [LoadFigures, LoadFigures];

  console.log('');
  row(['target', 'per s', 'p50 ms', 'p99 ms', 'count', 'CPU ms/op']);
  for (const [name, f] of [
    ['no extension', without],
    ['with extension', withExtension],
  ] as const)
    row([name, f.rps.toFixed(1), f.p50Ms.toFixed(0), f.p99Ms.toFixed(0), f.count, f.cpuMsPerOp.toFixed(1)]);
  console.log('');
  console.log(
    `added by the extension: p50 +${(withExtension.p50Ms - without.p50Ms).toFixed(1)} ms, ` +
      `p99 +${(withExtension.p99Ms - without.p99Ms).toFixed(1)} ms ` +
      `(the API itself waits ${ANSWER_MS} ms); server CPU per sign-in +${(withExtension.cpuMsPerOp - without.cpuMsPerOp).toFixed(1)} ms; ` +
      `ratio of rates ${(withExtension.rps / without.rps).toFixed(2)}`,
  );
  console.log(`callouts made during the run: ${claimsApi.calls() - before}`);
  await gatehouse.server.stop();
}
