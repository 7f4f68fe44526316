import { AppError, type OutboundFetch, type RateLimiter } from '../platform/index.js';
import type { SocialEndpoints } from './endpoints.js';
import { APPLE_TYPE, type IdentityProvider, OIDC_TYPE, SAML_TYPE, SOCIAL_TYPE } from './model.js';
import { parseSamlIdpMetadata } from './saml-connector.js';

/**
 * What testing a provider found: its OpenID discovery document (issuer, endpoints, signing keys)
 * or SAML metadata (entity id, single sign-on URL, signing certificates), or why it could not
 * be had, in words. Not a Graph resource (Graph has no such action).
 */
export interface IdentityProviderTestResult {
  succeeded: boolean;
  /** What was read: an OpenID discovery document, SAML metadata, or nothing (Facebook publishes none). */
  documentType: 'openIdConfiguration' | 'samlMetadata' | 'none';
  /** Where it was read from; null for SAML metadata stored as XML, and for Facebook. */
  documentUrl: string | null;
  issuer: string | null;
  authorizationEndpoint: string | null;
  tokenEndpoint: string | null;
  userInfoEndpoint: string | null;
  jwksUri: string | null;
  /** SAML: the identity provider's entity id and where AuthnRequests go (HTTP-Redirect). */
  entityId: string | null;
  singleSignOnServiceUrl: string | null;
  /** Signing keys in the JWKS (keys not marked for encryption), or SAML signing certificates. */
  signingKeyCount: number | null;
  /** Findings that do not stop sign-ins but deserve a look (an issuer other than the configured one). */
  warnings: string[];
  error: { code: string; message: string } | null;
  testedDateTime: string;
}

export interface IdentityProviderProbeOptions {
  /** Every request goes through the outbound policy. */
  fetch: OutboundFetch;
  /** Tests per tenant in a window: each makes Gatehouse call out, so a tenant's admins cannot fire them without end. */
  limiter: RateLimiter;
  endpoints: SocialEndpoints;
  /** http on this machine (a local test provider), as the connectors allow. */
  allowInsecureLocalhost?: boolean;
  timeoutMs?: number;
  now?: () => Date;
}

/** The largest discovery document, JWKS or SAML metadata read. */
const MAX_DOCUMENT_BYTES = 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

class ProbeFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function causeChain(error: unknown): { codes: string[]; messages: string[]; refusal?: string } {
  const codes: string[] = [];
  const messages: string[] = [];
  let refusal: string | undefined;
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const name = (e as { name?: unknown }).name;
    if (name === 'OutboundRefusedError' || name === 'TimeoutError') codes.push(String(name));
    const reason = (e as { reason?: unknown }).reason;
    if (name === 'OutboundRefusedError' && typeof reason === 'string') refusal ??= reason;
    if (e instanceof Error) messages.push(e.message);
  }
  return { codes, messages, refusal };
}

/** Why a request to `url` failed, in words an administrator can act on. */
function fetchFailure(url: URL, error: unknown): ProbeFailure {
  const { codes, messages, refusal } = causeChain(error);
  const host = url.host;
  if (codes.includes('ERR_OUTBOUND_REFUSED') || codes.includes('OutboundRefusedError')) {
    // The kind of address only, never the address a name resolved to: the server's resolver
    // (split-horizon DNS, hosts files) is no map of the internal network for a tenant's admin.
    return new ProbeFailure(
      'outbound_refused',
      `Gatehouse's outbound policy does not allow ${host}${refusal ? `: it leads to ${refusal}` : ''}.`,
    );
  }
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN'))
    return new ProbeFailure('host_not_found', `The host name ${url.hostname} cannot be resolved.`);
  if (codes.includes('ECONNREFUSED'))
    return new ProbeFailure('connection_refused', `${host} refused the connection.`);
  if (codes.includes('EHOSTUNREACH') || codes.includes('ENETUNREACH'))
    return new ProbeFailure('host_unreachable', `There is no route to ${host}.`);
  if (
    codes.includes('TimeoutError') ||
    codes.includes('UND_ERR_CONNECT_TIMEOUT') ||
    codes.includes('ABORT_ERR')
  )
    return new ProbeFailure('timeout', `${host} did not answer in time.`);
  if (messages.some((m) => /bad port/i.test(m)))
    return new ProbeFailure('blocked_port', `Port ${url.port} is one browsers and Gatehouse never call.`);
  if (messages.some((m) => /redirect/i.test(m)))
    return new ProbeFailure(
      'redirected',
      `${url.href} answered with a redirect; give the address it is served at.`,
    );
  return new ProbeFailure('unreachable', `${url.href} cannot be reached.`);
}

export function createIdentityProviderProbe(options: IdentityProviderProbeOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());

  function checkedUrl(value: string, what: string): URL {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ProbeFailure('invalid_url', `The ${what} is not a URL.`);
    }
    if (url.protocol === 'https:') return url;
    if (url.protocol === 'http:' && options.allowInsecureLocalhost && LOOPBACK_HOSTS.has(url.hostname))
      return url;
    throw new ProbeFailure('insecure_url', `The ${what} must use https.`);
  }

  async function read(url: URL, accept: string): Promise<string> {
    let response: Response;
    try {
      response = await options.fetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
        headers: { accept },
      });
    } catch (error) {
      throw fetchFailure(url, error);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new ProbeFailure('http_error', `${url.href} answered HTTP ${response.status}.`);
    }
    if (!response.body) return '';
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > MAX_DOCUMENT_BYTES) {
          throw new ProbeFailure('too_large', `${url.href} answered more than 1 MB.`);
        }
        chunks.push(Buffer.from(chunk));
      }
    } catch (error) {
      if (error instanceof ProbeFailure) throw error;
      throw fetchFailure(url, error);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function readJson(url: URL, what: string): Promise<Record<string, unknown>> {
    const text = await read(url, 'application/json');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ProbeFailure('not_json', `The ${what} at ${url.href} is not JSON.`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new ProbeFailure('not_json', `The ${what} at ${url.href} is not a JSON object.`);
    return value as Record<string, unknown>;
  }

  const blank = (): IdentityProviderTestResult => ({
    succeeded: false,
    documentType: 'none',
    documentUrl: null,
    issuer: null,
    authorizationEndpoint: null,
    tokenEndpoint: null,
    userInfoEndpoint: null,
    jwksUri: null,
    entityId: null,
    singleSignOnServiceUrl: null,
    signingKeyCount: null,
    warnings: [],
    error: null,
    testedDateTime: now().toISOString(),
  });

  const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

  async function discovery(
    result: IdentityProviderTestResult,
    metadataUrl: string,
    expectedIssuer: string | null,
  ) {
    result.documentType = 'openIdConfiguration';
    result.documentUrl = metadataUrl;
    const url = checkedUrl(metadataUrl, 'metadata URL');
    const doc = await readJson(url, 'discovery document');
    result.issuer = str(doc.issuer);
    result.authorizationEndpoint = str(doc.authorization_endpoint);
    result.tokenEndpoint = str(doc.token_endpoint);
    result.userInfoEndpoint = str(doc.userinfo_endpoint);
    result.jwksUri = str(doc.jwks_uri);
    const missing = [
      ['issuer', result.issuer],
      ['authorization_endpoint', result.authorizationEndpoint],
      ['token_endpoint', result.tokenEndpoint],
      ['jwks_uri', result.jwksUri],
    ]
      .filter(([, value]) => value === null)
      .map(([name]) => name);
    if (missing.length > 0)
      throw new ProbeFailure(
        'incomplete_discovery',
        `The discovery document lacks ${missing.join(', ')}: it is not an OpenID Connect provider's.`,
      );
    if (expectedIssuer && result.issuer !== expectedIssuer)
      result.warnings.push(
        `The discovery document names the issuer ${result.issuer}, not the configured ${expectedIssuer}.`,
      );
    const jwks = await readJson(checkedUrl(result.jwksUri as string, 'jwks_uri'), 'key set (jwks_uri)');
    const keys = Array.isArray(jwks.keys) ? jwks.keys : null;
    if (!keys) throw new ProbeFailure('invalid_jwks', `The key set at ${result.jwksUri} has no keys array.`);
    result.signingKeyCount = keys.filter(
      (key) => typeof key === 'object' && key !== null && (key as { use?: unknown }).use !== 'enc',
    ).length;
    if (result.signingKeyCount === 0)
      throw new ProbeFailure('no_signing_keys', `The key set at ${result.jwksUri} has no signing key.`);
  }

  async function samlMetadata(
    result: IdentityProviderTestResult,
    metadataXml: string | null,
    metadataUrl: string | null,
  ) {
    result.documentType = 'samlMetadata';
    result.documentUrl = metadataXml ? null : metadataUrl;
    let xml = metadataXml;
    if (!xml) {
      if (!metadataUrl)
        throw new ProbeFailure('no_metadata', 'The provider has neither metadataXml nor metadataUrl.');
      xml = await read(
        checkedUrl(metadataUrl, 'metadata URL'),
        'application/samlmetadata+xml, application/xml, text/xml',
      );
    }
    let parsed: Awaited<ReturnType<typeof parseSamlIdpMetadata>>;
    try {
      parsed = await parseSamlIdpMetadata(xml);
    } catch (error) {
      throw new ProbeFailure('invalid_metadata', error instanceof Error ? error.message : String(error));
    }
    result.entityId = parsed.entityId;
    result.singleSignOnServiceUrl = parsed.ssoUrl;
    result.signingKeyCount = parsed.certificates.length;
  }

  return {
    /**
     * Reads what the provider publishes, afresh (never the connectors' cache), through the
     * outbound policy, and says what it found. Never throws: a failure is the result's `error`.
     */
    async test(tenantId: string, provider: IdentityProvider): Promise<IdentityProviderTestResult> {
      const verdict = await options.limiter.consume(tenantId);
      if (!verdict.allowed)
        throw new AppError(
          'too_many_tests',
          'tooMany',
          `At most ${options.limiter.limit} identity provider tests of a tenant can run in ${options.limiter.windowMs / 1000} seconds; try again in ${Math.ceil(verdict.retryAfterMs / 1000)} seconds.`,
        );
      const result = blank();
      try {
        switch (provider['@odata.type']) {
          case OIDC_TYPE:
            await discovery(result, provider.metadataUrl, provider.issuer);
            break;
          case APPLE_TYPE:
            await discovery(result, options.endpoints.apple.metadataUrl, null);
            break;
          case SOCIAL_TYPE:
            if (provider.identityProviderType === 'Google') {
              await discovery(result, options.endpoints.google.metadataUrl, null);
            } else {
              // Facebook signs in with OAuth 2.0 and its Graph API: there is no document to read.
              result.authorizationEndpoint = options.endpoints.facebook.authorizationUrl;
              result.tokenEndpoint = options.endpoints.facebook.tokenUrl;
              result.userInfoEndpoint = options.endpoints.facebook.meUrl;
            }
            break;
          case SAML_TYPE:
            await samlMetadata(result, provider.metadataXml, provider.metadataUrl);
            break;
        }
        result.succeeded = true;
      } catch (error) {
        result.error =
          error instanceof ProbeFailure
            ? { code: error.code, message: error.message }
            : { code: 'unexpected', message: 'The provider could not be tested.' };
      }
      return result;
    },
  };
}

export type IdentityProviderProbe = ReturnType<typeof createIdentityProviderProbe>;
