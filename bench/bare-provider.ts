/**
 * The baseline: oidc-provider alone, configured like a Gatehouse tenant for the client
 * credentials path (RS256 JWT access tokens for one resource, client_secret_basic), with its
 * in-memory adapter and a static client. Run as a child process by run.ts.
 */
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

const port = Number(process.env.PORT);
const clientId = process.env.BENCH_CLIENT_ID;
const clientSecret = process.env.BENCH_CLIENT_SECRET;
if (!port || !clientId || !clientSecret)
  throw new Error('PORT, BENCH_CLIENT_ID and BENCH_CLIENT_SECRET are required');

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
  ],
  jwks: { keys: [jwk as NonNullable<Configuration['jwks']>['keys'][number]] },
  routes: { token: '/oauth2/token' },
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
const server = createServer(provider.callback()).listen(port, '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
