/**
 * The baseline: oidc-provider alone, configured like a Gatehouse tenant (RS256, JWT access
 * tokens for one resource, client_secret_basic, rotating refresh tokens), with its in-memory
 * adapter and static clients. Run as a child process by the benchmarks.
 *
 * - `BENCH_CLIENT_ID` is a daemon app for the client credentials grant.
 * - With `BENCH_REDIRECT_URI`, `{BENCH_CLIENT_ID}-web` (same secret) is a web app for the code
 *   flow and refresh tokens. Its users sign in without a page: `/interaction/{uid}` logs in
 *   `bench-user` at once and grants what was asked, as Gatehouse does for first-party apps.
 */
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type ClientMetadata, type Configuration } from 'oidc-provider';

const port = Number(process.env.PORT);
const clientId = process.env.BENCH_CLIENT_ID;
const clientSecret = process.env.BENCH_CLIENT_SECRET;
const redirectUri = process.env.BENCH_REDIRECT_URI;
if (!port || !clientId || !clientSecret)
  throw new Error('PORT, BENCH_CLIENT_ID and BENCH_CLIENT_SECRET are required');

const webClient: ClientMetadata[] = redirectUri
  ? [
      {
        client_id: `${clientId}-web`,
        client_secret: clientSecret,
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: [redirectUri],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ]
  : [];

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'bench', alg: 'RS256', use: 'sig' };

const configuration: Configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    ...webClient,
  ],
  jwks: { keys: [jwk as NonNullable<Configuration['jwks']>['keys'][number]] },
  routes: { token: '/oauth2/token', authorization: '/oauth2/authorize' },
  // As Gatehouse: these scopes and claims, a refresh token rotated on every use.
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: {
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    profile: ['name', 'given_name', 'family_name'],
    email: ['email'],
  },
  rotateRefreshToken: true,
  // The scope claims ride in the ID token, as in Gatehouse.
  conformIdTokenClaims: false,
  findAccount: (_ctx, sub) => ({
    accountId: sub,
    claims: () => ({ sub, name: 'Bench User', email: 'bench-user@example.com' }),
  }),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined as never,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'read',
        audience: 'api://bench',
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  // Every lifetime given, as in Gatehouse, so oidc-provider prints no notices.
  ttl: {
    AccessToken: 3600,
    ClientCredentials: 3600,
    IdToken: 3600,
    AuthorizationCode: 60,
    DeviceCode: 600,
    BackchannelAuthenticationRequest: 600,
    PreAuthorizedCode: 600,
    Interaction: 3600,
    Session: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
    RefreshToken: 14 * 24 * 3600,
  },
};

const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
const callback = provider.callback();
const server = createServer((req, res) => {
  if (!req.url?.startsWith('/interaction/')) return callback(req, res);
  void (async () => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(req, res, { login: { accountId: 'bench-user', amr: ['pwd'] } });
      return;
    }
    const grant = new provider.Grant({
      accountId: details.session?.accountId,
      clientId: String(details.params.client_id),
    });
    grant.addOIDCScope(String(details.params.scope));
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
  })().catch((error: Error) => {
    res.statusCode = 500;
    res.end(error.message);
  });
}).listen(port, '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
