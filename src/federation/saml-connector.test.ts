import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, viaGlobalFetch } from '../../test/support/connector-tests.js';
import {
  createSamlIdp,
  parseAuthnRequest,
  type RunningSamlIdp,
  type SamlFault,
  type SamlIdp,
  type SamlTestUser,
  startSamlIdp,
} from '../../test/support/saml-idp.js';
import {
  createMemorySharedState,
  createOutbound,
  createRedisSharedState,
  ManualClock,
  NO_OUTBOUND_ALLOWANCE,
  type SharedState,
} from '../platform/index.js';
import type { FederationConnector } from './connector.js';
import { type ResolvedIdentityProvider, SAML_TYPE } from './model.js';
import type { UpstreamError } from './oidc-connector.js';
import {
  createSamlConnector,
  NAMEID_EMAIL,
  NAMEID_TRANSIENT,
  parseSamlIdpMetadata,
  samlServiceProviderMetadata,
} from './saml-connector.js';

const CALLBACK = 'https://gatehouse.example/t/contoso/u/federation/callback';
const SP_ENTITY_ID = 'https://gatehouse.example/t/contoso/u/federation/saml/metadata';
const ALICE: SamlTestUser = {
  nameId: 'a1b2c3-persistent',
  attributes: {
    email: 'alice@contoso.example',
    givenName: 'Alice',
    sn: 'Example',
    displayName: 'Alice Example',
  },
};

const providerOf = (
  source: { metadataXml: string } | { metadataUrl: string },
  id = 'saml-contoso',
): ResolvedIdentityProvider => ({
  '@odata.type': SAML_TYPE,
  id,
  displayName: 'Contoso AD FS',
  metadataXml: 'metadataXml' in source ? source.metadataXml : null,
  metadataUrl: 'metadataUrl' in source ? source.metadataUrl : null,
  preferredAuthenticationProtocol: 'saml',
  secrets: {},
});

describe('SAML connector', () => {
  const clock = new ManualClock();
  const now = () => clock.now().getTime();
  const state = createMemorySharedState(clock);
  let idp: SamlIdp;
  let provider: ResolvedIdentityProvider;
  let connector: FederationConnector;

  beforeAll(() => {
    idp = createSamlIdp({ now });
    provider = providerOf({ metadataXml: idp.metadataXml() });
    connector = createSamlConnector({ fetch: viaGlobalFetch, state, now });
  });
  afterAll(() => state.close());

  /** A sign-in up to the IdP's answer: the transaction kept, and the form posted back. */
  async function atIdp(user: SamlTestUser = ALICE, fault: SamlFault = {}, via = connector) {
    const started = await via.start(provider, { callbackUrl: CALLBACK });
    const { form } = await idp.respond(started.url, user, fault);
    return { transaction: started.transaction, form };
  }

  async function signIn(user: SamlTestUser = ALICE, fault: SamlFault = {}) {
    const { transaction, form } = await atIdp(user, fault);
    return connector.finish(provider, transaction, form, { callbackUrl: CALLBACK });
  }

  it('sends an AuthnRequest by redirect: our entity id, our ACS, a fresh RelayState', async () => {
    const first = await connector.start(provider, { callbackUrl: CALLBACK });
    const second = await connector.start(provider, { callbackUrl: CALLBACK });
    const url = new URL(first.url);
    expect(`${url.origin}${url.pathname}`).toBe(idp.ssoUrl);
    const request = await parseAuthnRequest(first.url);
    expect(request.issuer).toBe(SP_ENTITY_ID);
    expect(request.acsUrl).toBe(CALLBACK);
    expect(request.relayState).toBe(first.transaction.state);
    expect(request.id).toBe(first.transaction.requestId);
    expect(second.transaction.state).not.toBe(first.transaction.state);
    expect(second.transaction.requestId).not.toBe(first.transaction.requestId);
    // The IdP chooses how to authenticate: no RequestedAuthnContext that would pin a password.
    expect(request.xml).not.toContain('RequestedAuthnContext');
  });

  it('maps a signed assertion to a new identity: persistent NameID, email and names', async () => {
    const identity = await signIn();
    expect(identity).toMatchObject({
      issuer: idp.entityId,
      subject: 'a1b2c3-persistent',
      email: 'alice@contoso.example',
      emailVerified: false,
      displayName: 'Alice Example',
      givenName: 'Alice',
      surname: 'Example',
    });
    expect(identity.claims).toMatchObject({ nameID: 'a1b2c3-persistent', email: 'alice@contoso.example' });
  });

  it('reads an email NameID and the claim URIs of AD FS and Entra ID', async () => {
    const identity = await signIn({
      nameId: 'bob@fabrikam.example',
      nameIdFormat: NAMEID_EMAIL,
      attributes: {
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'Bob',
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'Builder',
      },
    });
    expect(identity).toMatchObject({
      subject: 'bob@fabrikam.example',
      email: 'bob@fabrikam.example',
      emailVerified: false,
      givenName: 'Bob',
      surname: 'Builder',
      displayName: 'Bob Builder',
    });
  });

  it('accepts a signed response around a signed assertion', async () => {
    const identity = await signIn(ALICE, { signResponse: true });
    expect(identity.subject).toBe(ALICE.nameId);
    // The signed confirmation binds the assertion to the request; the response's own InResponseTo may be absent.
    expect((await signIn(ALICE, { responseInResponseTo: null })).subject).toBe(ALICE.nameId);
  });

  it('refuses an unsigned assertion, even inside a signed response', async () => {
    for (const fault of [{ unsigned: true }, { signResponseOnly: true }]) {
      const error = await rejection(signIn(ALICE, fault));
      expect(error.kind).toBe('invalidToken');
    }
  });

  it('refuses an assertion signed by a key that is not in the metadata, or changed after signing', async () => {
    for (const fault of [{ otherKey: true }, { tamper: true }]) {
      const error = await rejection(signIn(ALICE, fault));
      expect(error.kind).toBe('invalidToken');
    }
  });

  it('refuses an assertion for another audience', async () => {
    const error = await rejection(signIn(ALICE, { audience: 'https://other-sp.example/metadata' }));
    expect(error.kind).toBe('invalidToken');
    expect(error.message).toMatch(/audience/);
  });

  it('refuses an assertion for another recipient or from another issuer', async () => {
    const other = 'https://gatehouse.example/t/other/u/federation/callback';
    const recipient = await rejection(signIn(ALICE, { recipient: other }));
    expect(recipient.kind).toBe('invalidToken');
    expect(recipient.message).toMatch(/not addressed to this service/);
    const destination = await rejection(signIn(ALICE, { destination: other }));
    expect(destination.kind).toBe('invalidToken');
    expect(destination.message).toMatch(/another destination/);
    // A key the IdP holds does not make it another IdP.
    const issuer = await rejection(signIn(ALICE, { issuer: 'https://impostor.example/saml' }));
    expect(issuer.kind).toBe('invalidToken');
  });

  it('refuses an expired assertion, and one from the future, by the injected clock', async () => {
    const { transaction, form } = await atIdp(ALICE, { validForMs: 60_000 });
    clock.advance(60_000 + 2 * 60_000); // past NotOnOrAfter and the clock skew
    const expired = await rejection(connector.finish(provider, transaction, form, { callbackUrl: CALLBACK }));
    expect(expired.kind).toBe('invalidToken');
    expect(expired.message).toMatch(/expired/);

    // Within the skew it still counts, beyond it does not.
    const skewed = await atIdp(ALICE, { issuedOffsetMs: 3 * 60_000 });
    const early = await rejection(
      connector.finish(provider, skewed.transaction, skewed.form, { callbackUrl: CALLBACK }),
    );
    expect(early.message).toMatch(/not valid yet/);
  });

  it('refuses a replayed assertion: the second use of the same response', async () => {
    const { transaction, form } = await atIdp();
    await connector.finish(provider, transaction, form, { callbackUrl: CALLBACK });
    const replay = await rejection(connector.finish(provider, transaction, form, { callbackUrl: CALLBACK }));
    expect(replay.kind).toBe('invalidToken');
    expect(replay.message).toMatch(/replayed/);
  });

  it('refuses a response whose RelayState is not the sign-in’s', async () => {
    const { transaction, form } = await atIdp();
    for (const relayState of [`${transaction.state}x`, '', undefined]) {
      const response = { ...form, RelayState: relayState as string };
      if (relayState === undefined) delete (response as Partial<typeof response>).RelayState;
      const error = await rejection(
        connector.finish(provider, transaction, response, { callbackUrl: CALLBACK }),
      );
      expect(error.kind).toBe('invalidState');
    }
  });

  it('refuses a response to another AuthnRequest (InResponseTo)', async () => {
    // In the signed confirmation, with or without the response's own InResponseTo; and in the response.
    for (const fault of [
      { inResponseTo: '_someone-elses-request' },
      { inResponseTo: '_someone-elses-request', responseInResponseTo: null },
      { responseInResponseTo: '_someone-elses-request' },
    ]) {
      const error = await rejection(signIn(ALICE, fault));
      expect(error.kind).toBe('invalidState');
      expect(error.message).toMatch(/InResponseTo/);
    }
    // The same signed response, kept for another sign-in of ours.
    const { form } = await atIdp();
    const other = await connector.start(provider, { callbackUrl: CALLBACK });
    const crossed = await rejection(
      connector.finish(
        provider,
        other.transaction,
        { ...form, RelayState: other.transaction.state },
        {
          callbackUrl: CALLBACK,
        },
      ),
    );
    expect(crossed.kind).toBe('invalidState');
  });

  it('reports an IdP that refused the sign-in as an idpError, with its status', async () => {
    const error = await rejection(
      signIn(ALICE, {
        status: {
          code: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
          subCode: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
          message: 'The user is disabled.',
        },
      }),
    );
    expect(error.kind).toBe('idpError');
    expect(error.error).toBe('AuthnFailed');
    expect(error.errorDescription).toBe('The user is disabled.');
    const denied = await rejection(
      signIn(ALICE, { unsigned: true, status: { code: 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied' } }),
    );
    expect(denied.kind).toBe('idpError');
    expect(denied.error).toBe('RequestDenied');
  });

  it('refuses a transient NameID that comes without a lasting id', async () => {
    const error = await rejection(signIn({ nameId: '_transient-123', nameIdFormat: NAMEID_TRANSIENT }));
    expect(error.kind).toBe('invalidToken');
    const withId = await signIn({
      nameId: '_transient-456',
      nameIdFormat: NAMEID_TRANSIENT,
      attributes: { 'http://schemas.microsoft.com/identity/claims/objectidentifier': 'oid-42' },
    });
    expect(withId.subject).toBe('oid-42');
  });

  it('refuses garbage in SAMLResponse', async () => {
    const { transaction } = await atIdp();
    for (const SAMLResponse of ['', 'not base64 xml', Buffer.from('<!DOCTYPE x><x/>').toString('base64')]) {
      const error = await rejection(
        connector.finish(
          provider,
          transaction,
          { SAMLResponse, RelayState: transaction.state },
          {
            callbackUrl: CALLBACK,
          },
        ),
      );
      expect(error.kind).toBe('invalidToken');
    }
  });
});

describe('SAML connector with the IdP metadata at a URL', () => {
  let running: RunningSamlIdp;
  const state = createMemorySharedState(new ManualClock());
  beforeAll(async () => {
    running = await startSamlIdp();
  });
  afterAll(async () => {
    await running.close();
    await state.close();
  });

  it('fetches the metadata once, then signs in with it', async () => {
    const connector = createSamlConnector({
      fetch: viaGlobalFetch,
      state,
      allowInsecureLocalhost: true,
    });
    const provider = providerOf({ metadataUrl: running.metadataUrl });
    const started = await connector.start(provider, { callbackUrl: CALLBACK });
    expect(started.url.startsWith(`${running.ssoUrl}?`)).toBe(true);
    await connector.start(provider, { callbackUrl: CALLBACK });
    expect(running.metadataFetches).toBe(1);
    const { form } = await running.idp.respond(started.url, ALICE);
    const identity = await connector.finish(provider, started.transaction, form, { callbackUrl: CALLBACK });
    expect(identity).toMatchObject({ issuer: running.entityId, subject: ALICE.nameId });
  });

  it('refuses http metadata unless loopback is allowed, and says when the URL is unreachable', async () => {
    const strict = createSamlConnector({ fetch: viaGlobalFetch, state });
    const insecure = await rejection(
      strict.start(providerOf({ metadataUrl: running.metadataUrl }), { callbackUrl: CALLBACK }),
    );
    expect(insecure.kind).toBe('unavailable');
    expect(insecure.message).toMatch(/https/);
    const lenient = createSamlConnector({
      fetch: viaGlobalFetch,
      state,
      allowInsecureLocalhost: true,
      timeoutMs: 2000,
    });
    const gone = await rejection(
      lenient.start(providerOf({ metadataUrl: 'http://127.0.0.1:1/metadata' }), { callbackUrl: CALLBACK }),
    );
    expect(gone.kind).toBe('unavailable');
  });

  it('fetches no metadata from an address the outbound policy does not allow', async () => {
    const outbound = createOutbound({ allow: NO_OUTBOUND_ALLOWANCE });
    try {
      const connector = createSamlConnector({ state, fetch: outbound.fetch, allowInsecureLocalhost: true });
      const before = running.metadataFetches;
      const refused = await rejection(
        connector.start(providerOf({ metadataUrl: running.metadataUrl }), { callbackUrl: CALLBACK }),
      );
      expect(refused.kind).toBe('unavailable');
      expect(running.metadataFetches).toBe(before);
    } finally {
      await outbound.close();
    }
  });

  it('explains unusable metadata', async () => {
    const connector = createSamlConnector({ fetch: viaGlobalFetch, state });
    const cases: [string, RegExp][] = [
      ['<html><body>Sign in</body></html>', /no identity provider/],
      ['<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', /well-formed/],
      [`<!DOCTYPE x [<!ENTITY a "b">]>${running.metadataXml}`, /document type/],
      [
        running.metadataXml.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, ''),
        /signing certificate/,
      ],
    ];
    for (const [metadataXml, reason] of cases) {
      const error = await rejection(connector.start(providerOf({ metadataXml }), { callbackUrl: CALLBACK }));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toMatch(reason);
    }
    await expect(parseSamlIdpMetadata(running.metadataXml)).resolves.toMatchObject({
      entityId: running.entityId,
      ssoUrl: running.ssoUrl,
    });
  });
});

describe('SAML replay across nodes (Redis)', () => {
  const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const PREFIX = `gatehouse-test:${randomUUID()}:`;
  const silent = pino({ level: 'silent' });
  const nodes: SharedState[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('refuses on one node an assertion already used on another', async () => {
    nodes.push(
      await createRedisSharedState(REDIS_URL, silent, { keyPrefix: PREFIX }),
      await createRedisSharedState(REDIS_URL, silent, { keyPrefix: PREFIX }),
    );
    const idp = createSamlIdp();
    const provider = providerOf({ metadataXml: idp.metadataXml() });
    const [a, b] = nodes.map((node) => createSamlConnector({ fetch: viaGlobalFetch, state: node }));
    const started = await (a as FederationConnector).start(provider, { callbackUrl: CALLBACK });
    const { form } = await idp.respond(started.url, ALICE);
    const both = await Promise.allSettled(
      [a, b].map((node) =>
        (node as FederationConnector).finish(provider, started.transaction, form, { callbackUrl: CALLBACK }),
      ),
    );
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as UpstreamError).message).toMatch(/replayed/);
  });
});

describe('SAML service-provider metadata', () => {
  it('describes our SP: entity id, ACS by HTTP-POST, signed assertions wanted, unsigned requests', () => {
    const xml = samlServiceProviderMetadata({ entityId: SP_ENTITY_ID, acsUrl: CALLBACK });
    expect(xml).toContain(`entityID="${SP_ENTITY_ID}"`);
    expect(xml).toMatch(
      /<SPSSODescriptor[^>]*protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/,
    );
    expect(xml).toMatch(/<SPSSODescriptor[^>]*AuthnRequestsSigned="false"/);
    expect(xml).toMatch(/<SPSSODescriptor[^>]*WantAssertionsSigned="true"/);
    expect(xml).toMatch(
      new RegExp(
        `<AssertionConsumerService[^>]*Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"[^>]*Location="${CALLBACK}"`,
      ),
    );
    expect(xml.match(/<NameIDFormat>/g)).toHaveLength(3);
    expect(xml).toContain(
      '<NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</NameIDFormat>',
    );
  });
});
