import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
// node-saml's own signer (xml-crypto underneath): real XML signatures, no extra dependency.
import { parseDomFromString, signXml } from '@node-saml/node-saml/lib/xml.js';

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** An RSA key and a self-signed certificate for it, made by the openssl command. */
export interface SigningKey {
  privateKeyPem: string;
  certificatePem: string;
  /** The certificate's base64 DER, as metadata carries it. */
  certificateBase64: string;
}

export function generateSigningKey(commonName = 'Test SAML IdP'): SigningKey {
  const dir = mkdtempSync(join(tmpdir(), 'saml-idp-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '3650',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const certificatePem = readFileSync(certFile, 'utf8');
    return {
      privateKeyPem: readFileSync(keyFile, 'utf8'),
      certificatePem,
      certificateBase64: new X509Certificate(certificatePem).raw.toString('base64'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Who the IdP signs in. */
export interface SamlTestUser {
  nameId: string;
  nameIdFormat?: string;
  /** Attribute name → value(s). */
  attributes?: Record<string, string | string[]>;
}

/** Ways to make a response wrong, one test each. */
export interface SamlFault {
  /** The assertion's Audience. */
  audience?: string;
  /** The SubjectConfirmationData's Recipient (signed). */
  recipient?: string;
  /** The Response's Destination (unsigned unless the response is signed). */
  destination?: string;
  /** The SubjectConfirmationData's InResponseTo (signed). */
  inResponseTo?: string;
  /** The Response's InResponseTo; `null` leaves it out. */
  responseInResponseTo?: string | null;
  /** The assertion's Issuer (and the response's). */
  issuer?: string;
  /** NotOnOrAfter (conditions and confirmation) this many ms from the IdP's now; default 5 minutes. */
  validForMs?: number;
  /** Issued this many ms away from the IdP's now (negative: in the past). */
  issuedOffsetMs?: number;
  /** No signature anywhere. */
  unsigned?: boolean;
  /** Signed, but by a key that is not in the metadata. */
  otherKey?: boolean;
  /** Also sign the Response around the signed assertion. */
  signResponse?: boolean;
  /** Sign only the Response, leaving the assertion unsigned inside it. */
  signResponseOnly?: boolean;
  /** Change the NameID after signing. */
  tamper?: boolean;
  /** A status that is not Success (then no assertion): top-level code, second-level code, message. */
  status?: { code: string; subCode?: string; message?: string };
}

/** What the IdP read from an AuthnRequest sent by the HTTP-Redirect binding. */
export interface ParsedAuthnRequest {
  id: string;
  issuer: string;
  acsUrl: string;
  relayState: string | undefined;
  xml: string;
}

const escapeXml = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

const instant = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const samlId = () => `_${randomBytes(16).toString('hex')}`;

/** Reads `SAMLRequest` (deflated, base64) and `RelayState` from the redirect URL. */
export async function parseAuthnRequest(redirectUrl: string | URL): Promise<ParsedAuthnRequest> {
  const url = new URL(redirectUrl);
  const encoded = url.searchParams.get('SAMLRequest');
  if (!encoded) throw new Error('no SAMLRequest in the URL');
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const doc = await parseDomFromString(xml);
  const root = doc.documentElement;
  if (root?.localName !== 'AuthnRequest') throw new Error('not an AuthnRequest');
  const issuer = root.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0];
  return {
    id: root.getAttribute('ID') ?? '',
    issuer: issuer?.textContent ?? '',
    acsUrl: root.getAttribute('AssertionConsumerServiceURL') ?? '',
    relayState: url.searchParams.get('RelayState') ?? undefined,
    xml,
  };
}

export interface SamlIdpOptions {
  entityId?: string;
  ssoUrl?: string;
  /** The IdP's clock (epoch ms); the real one by default. */
  now?: () => number;
}

/**
 * A SAML 2.0 identity provider for tests: its metadata, and signed responses to AuthnRequests
 * (real RSA-SHA256 XML signatures), with faults to order.
 */
export function createSamlIdp(options: SamlIdpOptions = {}) {
  const key = generateSigningKey();
  let otherKey: SigningKey | undefined;
  const now = options.now ?? Date.now;
  const idp = {
    entityId: options.entityId ?? 'https://idp.example.test/saml',
    ssoUrl: options.ssoUrl ?? 'https://idp.example.test/saml/sso',
    key,
  };

  const metadataXml = () => `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escapeXml(idp.entityId)}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${key.certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>${PERSISTENT}</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(idp.ssoUrl)}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(idp.ssoUrl)}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

  function responseXml(request: ParsedAuthnRequest, user: SamlTestUser, fault: SamlFault): string {
    const at = now() + (fault.issuedOffsetMs ?? 0);
    const until = instant(at + (fault.validForMs ?? 5 * 60_000));
    const issuer = escapeXml(fault.issuer ?? idp.entityId);
    const recipient = escapeXml(fault.recipient ?? request.acsUrl);
    const inResponseTo = escapeXml(fault.inResponseTo ?? request.id);
    const destination = escapeXml(fault.destination ?? request.acsUrl);
    const responseInResponseTo =
      fault.responseInResponseTo === null
        ? ''
        : ` InResponseTo="${escapeXml(fault.responseInResponseTo ?? request.id)}"`;
    const audience = escapeXml(fault.audience ?? request.issuer);
    const status = fault.status
      ? `<samlp:Status><samlp:StatusCode Value="${escapeXml(fault.status.code)}">${
          fault.status.subCode ? `<samlp:StatusCode Value="${escapeXml(fault.status.subCode)}"/>` : ''
        }</samlp:StatusCode>${
          fault.status.message
            ? `<samlp:StatusMessage>${escapeXml(fault.status.message)}</samlp:StatusMessage>`
            : ''
        }</samlp:Status>`
      : `<samlp:Status><samlp:StatusCode Value="${SUCCESS}"/></samlp:Status>`;
    const attributes = Object.entries(user.attributes ?? {})
      .map(
        ([name, value]) =>
          `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${(Array.isArray(
            value,
          )
            ? value
            : [value]
          )
            .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
            .join('')}</saml:Attribute>`,
      )
      .join('');
    const assertion = fault.status
      ? ''
      : `<saml:Assertion ID="${samlId()}" Version="2.0" IssueInstant="${instant(at)}">` +
        `<saml:Issuer>${issuer}</saml:Issuer>` +
        '<saml:Subject>' +
        `<saml:NameID Format="${escapeXml(user.nameIdFormat ?? PERSISTENT)}">${escapeXml(user.nameId)}</saml:NameID>` +
        '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
        `<saml:SubjectConfirmationData InResponseTo="${inResponseTo}" NotOnOrAfter="${until}" Recipient="${recipient}"/>` +
        '</saml:SubjectConfirmation></saml:Subject>' +
        `<saml:Conditions NotBefore="${instant(at - 30_000)}" NotOnOrAfter="${until}">` +
        `<saml:AudienceRestriction><saml:Audience>${audience}</saml:Audience></saml:AudienceRestriction>` +
        '</saml:Conditions>' +
        `<saml:AuthnStatement AuthnInstant="${instant(at)}" SessionIndex="${samlId()}">` +
        '<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>' +
        '</saml:AuthnStatement>' +
        (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
        '</saml:Assertion>';
    return (
      '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ' +
      'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      `ID="${samlId()}" Version="2.0" IssueInstant="${instant(at)}" Destination="${destination}"${responseInResponseTo}>` +
      `<saml:Issuer>${issuer}</saml:Issuer>${status}${assertion}</samlp:Response>`
    );
  }

  function sign(xml: string, fault: SamlFault): string {
    if (fault.unsigned) return xml;
    if (fault.otherKey) otherKey ??= generateSigningKey('Another IdP');
    const signer = fault.otherKey ? (otherKey as SigningKey) : key;
    const options = {
      privateKey: signer.privateKeyPem,
      publicCert: signer.certificatePem,
      signatureAlgorithm: 'sha256' as const,
      digestAlgorithm: 'sha256',
    };
    let signed = xml;
    if (!fault.status && !fault.signResponseOnly)
      signed = signXml(
        signed,
        "//*[local-name(.)='Assertion']",
        { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
        options,
      );
    if (fault.signResponse || fault.signResponseOnly || fault.status)
      signed = signXml(
        signed,
        "/*[local-name(.)='Response']",
        { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' },
        options,
      );
    return signed;
  }

  return {
    ...idp,
    metadataXml,
    /** The form an IdP posts to the ACS for this AuthnRequest: `SAMLResponse` and `RelayState`. */
    async respond(
      redirectUrl: string | URL,
      user: SamlTestUser,
      fault: SamlFault = {},
    ): Promise<{ acsUrl: string; form: { SAMLResponse: string; RelayState: string } }> {
      const request = await parseAuthnRequest(redirectUrl);
      let xml = sign(responseXml(request, user, fault), fault);
      if (fault.tamper) xml = xml.replace(escapeXml(user.nameId), escapeXml(`${user.nameId}-tampered`));
      return {
        acsUrl: request.acsUrl,
        form: {
          SAMLResponse: Buffer.from(xml, 'utf8').toString('base64'),
          RelayState: request.relayState ?? '',
        },
      };
    },
  };
}

export type SamlIdp = ReturnType<typeof createSamlIdp>;

export interface RunningSamlIdp {
  idp: SamlIdp;
  entityId: string;
  metadataXml: string;
  /** http://127.0.0.1:port/metadata */
  metadataUrl: string;
  ssoUrl: string;
  /** How many times the metadata was fetched. */
  readonly metadataFetches: number;
  /** Who the next sign-in at the SSO endpoint is (default: a persistent id with an email). */
  nextUser(user: SamlTestUser): void;
  /** What the next response gets wrong (once). */
  fault(fault: SamlFault): void;
  close(): Promise<void>;
}

const escapeHtml = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * The test IdP over HTTP on 127.0.0.1: GET /metadata, and GET /sso (HTTP-Redirect binding)
 * answering the HTML form an IdP auto-posts to the ACS (SAMLResponse, RelayState), which a
 * test's browser submits (readForm). Signs in `nextUser` at once: no login page.
 */
export async function startSamlIdp(options: { now?: () => number } = {}): Promise<RunningSamlIdp> {
  let user: SamlTestUser = {
    nameId: 'saml-user-1',
    attributes: { email: 'saml.user@example.com', givenName: 'Sam', sn: 'Lowe', displayName: 'Sam Lowe' },
  };
  let nextFault: SamlFault = {};
  let metadataFetches = 0;
  let idp: SamlIdp | undefined;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://idp');
    if (!idp) return response.writeHead(503).end();
    if (request.method === 'GET' && url.pathname === '/metadata') {
      metadataFetches++;
      response.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(idp.metadataXml());
      return;
    }
    if (request.method === 'GET' && url.pathname === '/sso') {
      const fault = nextFault;
      nextFault = {};
      idp
        .respond(new URL(request.url ?? '/', idp.ssoUrl), user, fault)
        .then(({ acsUrl, form }) => {
          const inputs = Object.entries(form)
            .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
            .join('');
          response
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(
              `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(acsUrl)}">${inputs}<button>Continue</button></form></body></html>`,
            );
        })
        .catch((error: Error) =>
          response.writeHead(400, { 'content-type': 'text/plain' }).end(error.message),
        );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  idp = createSamlIdp({ entityId: `${base}/metadata`, ssoUrl: `${base}/sso`, now: options.now });
  const running = idp;
  return {
    idp: running,
    entityId: running.entityId,
    metadataXml: running.metadataXml(),
    metadataUrl: `${base}/metadata`,
    ssoUrl: running.ssoUrl,
    get metadataFetches() {
      return metadataFetches;
    },
    nextUser(next) {
      user = next;
    },
    fault(fault) {
      nextFault = fault;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
