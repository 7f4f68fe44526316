import { createHash, randomBytes, timingSafeEqual, X509Certificate } from 'node:crypto';
import { generateServiceProviderMetadata, type Profile, SAML, SamlStatusError } from '@node-saml/node-saml';
// node-saml's own hardened XML helpers (xmldom with errors as failures, DOM-node type guards):
// the same parser it checks signatures with, so metadata and responses are read alike.
import { parseDomFromString, xpath } from '@node-saml/node-saml/lib/xml.js';
import { AppError } from '../platform/errors.js';
import { FAILURE_MEMORY_MS, type OutboundFetch } from '../platform/index.js';
import type { SharedState } from '../platform/shared-state.js';
import type { FederationConnector, UpstreamResponse, UpstreamTransaction } from './connector.js';
import { type ResolvedIdentityProvider, SAML_TYPE } from './model.js';
import { UpstreamError, type UpstreamIdentity } from './oidc-connector.js';
import { MAX_METADATA_XML_BYTES } from './schemas.js';

/** xmldom's nodes (this project compiles without the DOM library). */
type XmlDocument = Awaited<ReturnType<typeof parseDomFromString>>;
type XmlElement = ReturnType<typeof xpath.selectElements>[number];

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export const NAMEID_PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
export const NAMEID_TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
export const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const NAMEID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/** Clocks of an IdP and ours may differ this much. */
const CLOCK_SKEW_MS = 2 * 60_000;
const METADATA_TTL_MS = 3600_000;
/** A SAMLResponse is a few KB; a generous bound keeps a hostile post from costing much to parse. */
const MAX_RESPONSE_CHARS = 512 * 1024;
/**
 * Assertion ids are remembered until the assertion expires, at most this long: past it the
 * assertion is also bound to a sign-in (InResponseTo) that the callback has already used up.
 */
const MAX_REPLAY_WINDOW_MS = 24 * 3600_000;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What Gatehouse needs from an identity provider's SAML metadata. */
export interface SamlIdpConfig {
  entityId: string;
  /** The SingleSignOnService location for the HTTP-Redirect binding. */
  ssoUrl: string;
  /** The signing certificates (PEM); more than one while the IdP rolls its key over. */
  certificates: string[];
}

const invalidMetadata = (reason: string) =>
  new AppError(
    'invalid_identity_provider',
    'invalid',
    `The SAML metadata of the identity provider is not usable: ${reason}.`,
    'metadataXml',
  );

/**
 * Reads an IdP's SAML 2.0 metadata: its entity id, where to send an AuthnRequest (HTTP-Redirect)
 * and the certificates its assertions are signed with. A document with a DTD is refused outright
 * (no entity expansion of any kind). Throws an `invalid_identity_provider` AppError saying why.
 */
export async function parseSamlIdpMetadata(xml: string): Promise<SamlIdpConfig> {
  if (Buffer.byteLength(xml, 'utf8') > MAX_METADATA_XML_BYTES)
    throw invalidMetadata('it is larger than 1 MB');
  if (/<!DOCTYPE/i.test(xml)) throw invalidMetadata('it has a document type declaration');
  let doc: XmlDocument;
  try {
    doc = await parseDomFromString(xml);
  } catch {
    throw invalidMetadata('it is not well-formed XML');
  }
  const md = (name: string) => `*[local-name()='${name}' and namespace-uri()='${METADATA_NS}']`;
  // An EntityDescriptor on its own, or inside an EntitiesDescriptor (a federation's aggregate).
  const entities = xpath.selectElements(doc, `//${md('EntityDescriptor')}[${md('IDPSSODescriptor')}]`);
  if (entities.length === 0) throw invalidMetadata('it describes no identity provider (IDPSSODescriptor)');
  if (entities.length > 1) throw invalidMetadata('it describes several identity providers; give one');
  const entity = entities[0] as XmlElement;
  const entityId = entity.getAttribute('entityID')?.trim();
  if (!entityId) throw invalidMetadata('the EntityDescriptor has no entityID');
  const descriptor = xpath
    .selectElements(entity, `./${md('IDPSSODescriptor')}`)
    .find((d) => (d.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(PROTOCOL_NS));
  if (!descriptor) throw invalidMetadata('the identity provider does not support SAML 2.0');
  const ssoUrl = xpath
    .selectElements(descriptor, `./${md('SingleSignOnService')}`)
    .find((s) => s.getAttribute('Binding') === REDIRECT_BINDING)
    ?.getAttribute('Location')
    ?.trim();
  if (!ssoUrl) throw invalidMetadata('it has no SingleSignOnService for the HTTP-Redirect binding');
  try {
    new URL(ssoUrl);
  } catch {
    throw invalidMetadata('the SingleSignOnService location is not a URL');
  }
  const certificates = new Set<string>();
  const keys = xpath.selectElements(
    descriptor,
    `./${md('KeyDescriptor')}[not(@use) or @use='signing']//*[local-name()='X509Certificate' and namespace-uri()='${DSIG_NS}']`,
  );
  for (const node of keys) {
    try {
      const der = Buffer.from((node.textContent ?? '').replace(/\s+/g, ''), 'base64');
      certificates.add(new X509Certificate(der).toString());
    } catch {
      // An unreadable certificate signs nothing; the others may still do.
    }
  }
  if (certificates.size === 0) throw invalidMetadata('it has no signing certificate');
  return { entityId, ssoUrl, certificates: [...certificates] };
}

// ---------------------------------------------------------------------------------------------
// The SP side

export interface SamlServiceProviderMetadataOptions {
  entityId: string;
  /** The assertion consumer service: the tenant's federation callback, for HTTP-POST. */
  acsUrl: string;
  /** The NameID formats we take, preferred first. */
  nameIdFormats?: string[];
}

/**
 * Our SP metadata for an IdP administrator to import: we do not sign AuthnRequests, we want
 * signed assertions, and responses come by HTTP-POST to the tenant's callback.
 */
export function samlServiceProviderMetadata(options: SamlServiceProviderMetadataOptions): string {
  const formats = options.nameIdFormats ?? [NAMEID_PERSISTENT, NAMEID_EMAIL, NAMEID_UNSPECIFIED];
  return generateServiceProviderMetadata({
    issuer: options.entityId,
    callbackUrl: options.acsUrl,
    // node-saml types one format; xmlbuilder writes an array as one element per format.
    identifierFormat: formats as unknown as string,
    wantAssertionsSigned: true,
  });
}

// ---------------------------------------------------------------------------------------------
// The connector

export interface SamlConnectorOptions {
  /** Where assertion ids are remembered (replay), across every node. */
  state: SharedState;
  /** Metadata is fetched through it: the outbound policy. */
  fetch: OutboundFetch;
  /** Epoch ms; the assertion's time window is judged by it. */
  now?: () => number;
  /** http metadata URLs and SSO URLs on this machine (a local test IdP). */
  allowInsecureLocalhost?: boolean;
  /** How long fetching metadata may take. Default 10 s. */
  timeoutMs?: number;
}

/**
 * A tenant's SP entity id, from its federation callback (the ACS): the URL its SP metadata is
 * served at, `…/u/federation/saml/metadata` beside `…/u/federation/callback`.
 */
export function samlEntityIdOf(callbackUrl: string): string {
  return callbackUrl.replace(/\/callback$/, '/saml/metadata');
}

interface SamlTransaction extends UpstreamTransaction {
  /** The AuthnRequest's ID: the response's InResponseTo. */
  requestId: string;
}

type XmlJs = { $?: Record<string, string>; _?: string; [child: string]: unknown };

const children = (node: XmlJs | undefined, name: string): XmlJs[] => {
  const value = node?.[name];
  return Array.isArray(value) ? (value as XmlJs[]) : [];
};
const textOf = (node: XmlJs | undefined): string | undefined =>
  typeof node === 'string' ? node : typeof node?._ === 'string' ? node._ : undefined;

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const invalidToken = (message: string, cause?: unknown) =>
  new UpstreamError('invalidToken', message, undefined, undefined, cause ? { cause } : undefined);
const invalidState = (message: string) => new UpstreamError('invalidState', message);

/** The last segment of a SAML URN: `AuthnFailed` of `urn:…:status:AuthnFailed`. */
const statusName = (urn: string | null | undefined) => (urn ?? '').split(':').pop() || undefined;

// Attribute names of the common IdPs: LDAP/eduPerson names and OIDs, and the claim URIs of
// AD FS and Microsoft Entra ID.
const EMAIL_ATTRIBUTES = [
  'email',
  'mail',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  'urn:oid:0.9.2342.19200300.100.1.3',
];
const DISPLAY_NAME_ATTRIBUTES = [
  'displayName',
  'http://schemas.microsoft.com/identity/claims/displayname',
  'urn:oid:2.16.840.1.113730.3.1.241',
  'name',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
];
const GIVEN_NAME_ATTRIBUTES = [
  'givenName',
  'given_name',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
  'urn:oid:2.5.4.42',
];
const SURNAME_ATTRIBUTES = [
  'sn',
  'surname',
  'family_name',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
  'urn:oid:2.5.4.4',
];
/** Stable ids an IdP may send beside a transient NameID. */
const SUBJECT_ATTRIBUTES = [
  'urn:oasis:names:tc:SAML:attribute:subject-id',
  'urn:oasis:names:tc:SAML:attribute:pairwise-id',
  'http://schemas.microsoft.com/identity/claims/objectidentifier',
];

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * SAML 2.0 web browser SSO as a service provider: an AuthnRequest by HTTP-Redirect, the
 * response by HTTP-POST to the tenant's callback. node-saml checks the XML signatures (signed
 * assertions required, against the certificates in the IdP's metadata) and the audience; the
 * rest of what binds a response to this sign-in — RelayState, InResponseTo, recipient,
 * destination, issuer, times by our clock, one use per assertion — is checked here.
 */
export function createSamlConnector(options: SamlConnectorOptions): FederationConnector {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetched = new Map<string, { until: number; config: Promise<SamlIdpConfig> }>();

  const loopbackAllowed = (url: URL) =>
    url.protocol === 'http:' && !!options.allowInsecureLocalhost && LOOPBACK_HOSTS.has(url.hostname);

  async function download(url: URL): Promise<string> {
    const response = await options.fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      // A redirect could leave https; metadata URLs are given as they are served.
      redirect: 'error',
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
    if (!response.ok || !response.body) throw new Error(`the metadata URL answered ${response.status}`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > MAX_METADATA_XML_BYTES) throw new Error('the metadata is larger than 1 MB');
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * Metadata by URL, kept an hour; a failure (unreachable, refused, or no usable metadata) is
   * kept a minute, so that sign-ins meanwhile fail at once rather than asking the IdP again.
   */
  function fetchedConfig(url: URL): Promise<SamlIdpConfig> {
    const cached = fetched.get(url.href);
    if (cached && now() < cached.until) return cached.config;
    const config = download(url).then(parseSamlIdpMetadata);
    fetched.set(url.href, { until: now() + METADATA_TTL_MS, config });
    config.catch(() => {
      const entry = fetched.get(url.href);
      if (entry?.config === config) entry.until = now() + FAILURE_MEMORY_MS;
    });
    return config;
  }

  async function idpOf(provider: ResolvedIdentityProvider): Promise<SamlIdpConfig> {
    if (provider['@odata.type'] !== SAML_TYPE)
      throw new UpstreamError('unavailable', 'The identity provider is not a SAML identity provider.');
    let config: SamlIdpConfig;
    try {
      if (provider.metadataXml) config = await parseSamlIdpMetadata(provider.metadataXml);
      else if (provider.metadataUrl) {
        const url = new URL(provider.metadataUrl);
        if (url.protocol !== 'https:' && !loopbackAllowed(url))
          throw invalidMetadata('the metadata URL must use https');
        config = await fetchedConfig(url);
      } else throw invalidMetadata('the provider has neither metadataXml nor metadataUrl');
    } catch (error) {
      const reason = error instanceof AppError ? error.message : 'The SAML metadata cannot be fetched.';
      throw new UpstreamError('unavailable', reason, undefined, undefined, { cause: error });
    }
    const sso = new URL(config.ssoUrl);
    if (sso.protocol !== 'https:' && !loopbackAllowed(sso))
      throw new UpstreamError(
        'unavailable',
        'The single sign-on URL of the identity provider must use https.',
      );
    return config;
  }

  /** node-saml, set for one IdP and one tenant. Its own clock checks are off: ours use `now`. */
  const samlFor = (idp: SamlIdpConfig, callbackUrl: string, requestId?: string) => {
    const spEntityId = samlEntityIdOf(callbackUrl);
    return new SAML({
      entryPoint: idp.ssoUrl,
      issuer: spEntityId,
      audience: spEntityId,
      callbackUrl,
      idpCert: idp.certificates,
      idpIssuer: idp.entityId,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      acceptedClockSkewMs: -1,
      // No NameIDPolicy format and no RequestedAuthnContext: the IdP decides both, as most
      // enterprise IdPs refuse a request for a format or method they are not set up for.
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      ...(requestId && { generateUniqueId: () => requestId }),
    });
  };

  /** The response's own status, before anything else: an IdP's refusal is not a forgery. */
  function checkEnvelope(doc: XmlDocument, transaction: SamlTransaction, callbackUrl: string): void {
    const root = doc.documentElement;
    if (root?.localName !== 'Response' || root.namespaceURI !== PROTOCOL_NS)
      throw invalidToken('The SAML message is not a Response.');
    const inResponseTo = root.getAttribute('InResponseTo');
    if (inResponseTo && inResponseTo !== transaction.requestId)
      throw invalidState('The SAML response answers another sign-in (InResponseTo).');
    const destination = root.getAttribute('Destination');
    if (destination && destination !== callbackUrl)
      throw invalidToken('The SAML response was sent to another destination.');
    const sp = (name: string) => `*[local-name()='${name}' and namespace-uri()='${PROTOCOL_NS}']`;
    const [code] = xpath.selectElements(root, `./${sp('Status')}/${sp('StatusCode')}`);
    if (!code) throw invalidToken('The SAML response has no status.');
    const value = code.getAttribute('Value');
    if (value === STATUS_SUCCESS) return;
    const [detail] = xpath.selectElements(code, `./${sp('StatusCode')}`);
    const [message] = xpath.selectElements(root, `./${sp('Status')}/${sp('StatusMessage')}`);
    throw new UpstreamError(
      'idpError',
      'The identity provider refused the sign-in.',
      statusName(detail?.getAttribute('Value')) ?? statusName(value),
      message?.textContent?.trim().slice(0, 512) || undefined,
    );
  }

  const time = (value: string | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    const at = Date.parse(value);
    if (Number.isNaN(at)) throw invalidToken(`The SAML assertion has an invalid ${name}.`);
    return at;
  };

  /**
   * What node-saml leaves to us on the signed assertion: its issuer, the bearer confirmation
   * (addressed to our ACS, answering this request, still valid) and the conditions' window.
   * Answers the assertion's id and when it stops being valid.
   */
  function checkAssertion(
    assertion: XmlJs,
    idp: SamlIdpConfig,
    transaction: SamlTransaction,
    callbackUrl: string,
  ): { id: string; expiresAt: number } {
    const at = now();
    const id = assertion.$?.ID;
    if (!id) throw invalidToken('The SAML assertion has no ID.');
    if (textOf(children(assertion, 'Issuer')[0])?.trim() !== idp.entityId)
      throw invalidToken('The SAML assertion was issued by another identity provider.');

    const bearers = children(children(assertion, 'Subject')[0], 'SubjectConfirmation')
      .filter((c) => c.$?.Method === BEARER)
      .map((c) => children(c, 'SubjectConfirmationData')[0]?.$ ?? {});
    const addressed = bearers.filter((data) => data.Recipient === callbackUrl);
    if (addressed.length === 0) throw invalidToken('The SAML assertion is not addressed to this service.');
    const confirmation = addressed.find((data) => data.InResponseTo === transaction.requestId);
    if (!confirmation) throw invalidState('The SAML assertion answers another sign-in (InResponseTo).');
    const confirmedUntil = time(confirmation.NotOnOrAfter, 'NotOnOrAfter');
    if (confirmedUntil === undefined) throw invalidToken('The SAML assertion has no NotOnOrAfter.');
    const confirmedFrom = time(confirmation.NotBefore, 'NotBefore');

    const conditions = children(assertion, 'Conditions');
    if (conditions.length !== 1) throw invalidToken('The SAML assertion must have one Conditions.');
    const notBefore = time(conditions[0]?.$?.NotBefore, 'NotBefore');
    const notOnOrAfter = time(conditions[0]?.$?.NotOnOrAfter, 'NotOnOrAfter');

    for (const from of [notBefore, confirmedFrom])
      if (from !== undefined && at + CLOCK_SKEW_MS < from)
        throw invalidToken('The SAML assertion is not valid yet.');
    const expiresAt = Math.min(confirmedUntil, notOnOrAfter ?? Number.POSITIVE_INFINITY);
    if (at - CLOCK_SKEW_MS >= expiresAt) throw invalidToken('The SAML assertion has expired.');
    return { id, expiresAt };
  }

  /** Remembers the assertion id until it expires: the first use counts, any other is a replay. */
  async function useOnce(idp: SamlIdpConfig, id: string, expiresAt: number): Promise<void> {
    const key = `saml:assertion:${createHash('sha256').update(`${idp.entityId}\n${id}`).digest('base64url')}`;
    const ttl = Math.min(Math.max(1, Math.ceil(expiresAt + CLOCK_SKEW_MS - now())), MAX_REPLAY_WINDOW_MS);
    let count: number;
    try {
      ({ count } = await options.state.increment(key, ttl));
    } catch (error) {
      throw new UpstreamError('unavailable', 'Used assertions cannot be recorded.', undefined, undefined, {
        cause: error,
      });
    }
    if (count > 1) throw invalidToken('The SAML assertion was replayed: it has been used already.');
  }

  return {
    async issuer(provider) {
      return (await idpOf(provider).catch(() => undefined))?.entityId;
    },
    async start(provider, { callbackUrl }) {
      const idp = await idpOf(provider);
      // RelayState: at most 80 bytes (SAML bindings 3.4.3); 43 here.
      const state = randomBytes(32).toString('base64url');
      const requestId = `_${randomBytes(20).toString('hex')}`;
      const url = await samlFor(idp, callbackUrl, requestId).getAuthorizeUrlAsync(state, undefined, {});
      const transaction: SamlTransaction = { state, requestId };
      return { url, transaction };
    },

    async finish(provider, transaction, response: UpstreamResponse, { callbackUrl }) {
      const requestId = transaction.requestId;
      if (typeof requestId !== 'string' || !requestId || typeof transaction.state !== 'string')
        throw invalidState('The sign-in has no SAML request.');
      const pending: SamlTransaction = { state: transaction.state, requestId };
      const relayState = response.RelayState;
      if (typeof relayState !== 'string' || !sameText(relayState, pending.state))
        throw invalidState('The RelayState of the SAML response does not match the sign-in.');
      const encoded = response.SAMLResponse;
      if (typeof encoded !== 'string' || !encoded || encoded.length > MAX_RESPONSE_CHARS)
        throw invalidToken('The identity provider sent no SAML response.');
      const xml = Buffer.from(encoded, 'base64').toString('utf8');
      if (/<!DOCTYPE/i.test(xml)) throw invalidToken('The SAML response has a document type declaration.');
      let doc: XmlDocument;
      try {
        doc = await parseDomFromString(xml);
      } catch (error) {
        throw invalidToken('The SAML response is not well-formed XML.', error);
      }

      const idp = await idpOf(provider);
      checkEnvelope(doc, pending, callbackUrl);

      let profile: Profile | null;
      try {
        ({ profile } = await samlFor(idp, callbackUrl).validatePostResponseAsync({ SAMLResponse: encoded }));
      } catch (error) {
        if (error instanceof SamlStatusError)
          throw new UpstreamError(
            'idpError',
            'The identity provider refused the sign-in.',
            undefined,
            undefined,
            {
              cause: error,
            },
          );
        throw invalidToken(`The SAML response is not valid: ${(error as Error).message}`, error);
      }
      // A passive request's "no session" answer; we never send passive requests.
      if (!profile) throw new UpstreamError('idpError', 'The identity provider signed no one in.');

      const assertion = (profile.getAssertion?.() as { Assertion?: XmlJs } | undefined)?.Assertion;
      if (!assertion) throw invalidToken('The SAML response has no assertion.');
      const { id, expiresAt } = checkAssertion(assertion, idp, pending, callbackUrl);
      const identity = identityOf(idp, profile);
      await useOnce(idp, id, expiresAt);
      return identity;
    },
  };
}

/** An attribute's first value, as text. */
function attributeText(attributes: Record<string, unknown>, names: string[]): string | null {
  for (const name of names) {
    const raw = attributes[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

/** Attributes as JSON claims: text values only (complex XML values are left out). */
function claimsOf(attributes: Record<string, unknown>): Record<string, string | string[]> {
  const claims: Record<string, string | string[]> = {};
  for (const [name, raw] of Object.entries(attributes)) {
    if (typeof raw === 'string') claims[name] = raw;
    else if (Array.isArray(raw)) {
      const values = raw.filter((v): v is string => typeof v === 'string');
      if (values.length) claims[name] = values;
    }
  }
  return claims;
}

function identityOf(idp: SamlIdpConfig, profile: Profile): UpstreamIdentity {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const nameId = typeof profile.nameID === 'string' ? profile.nameID.trim() : '';
  const format = typeof profile.nameIDFormat === 'string' ? profile.nameIDFormat : NAMEID_UNSPECIFIED;
  // A transient NameID changes at every sign-in: it cannot name a lasting account, so a stable
  // id attribute must stand in for it.
  const subject =
    format === NAMEID_TRANSIENT ? attributeText(attributes, SUBJECT_ATTRIBUTES) : nameId || null;
  if (!subject)
    throw invalidToken(
      format === NAMEID_TRANSIENT
        ? 'The SAML assertion has only a transient NameID; the identity provider must send a persistent one.'
        : 'The SAML assertion names no user.',
    );
  if (subject.length > 1024) throw invalidToken('The SAML NameID is too long.');

  const fromNameId = format === NAMEID_EMAIL ? nameId : null;
  const email = [fromNameId, attributeText(attributes, EMAIL_ATTRIBUTES)].find(
    (value): value is string => !!value && value.length <= 254 && EMAIL.test(value),
  );
  const givenName = attributeText(attributes, GIVEN_NAME_ATTRIBUTES);
  const surname = attributeText(attributes, SURNAME_ATTRIBUTES);
  const displayName =
    attributeText(attributes, DISPLAY_NAME_ATTRIBUTES) ??
    ([givenName, surname].filter(Boolean).join(' ') || null);
  return {
    issuer: idp.entityId,
    subject,
    email: email ?? null,
    // Enterprise IdPs assert an address, never that it was verified (SAML has no such claim).
    // Kept false, so an existing local account with this address is linked only after its owner
    // proves it (signs in to it), never on the IdP's word alone.
    emailVerified: false,
    displayName,
    givenName,
    surname,
    claims: {
      nameID: nameId,
      nameIDFormat: format,
      ...(typeof profile.sessionIndex === 'string' && { sessionIndex: profile.sessionIndex }),
      ...claimsOf(attributes),
    },
  };
}
